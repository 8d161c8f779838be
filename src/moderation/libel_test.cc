#include "moderation/libel.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "moderation/phase_testing.h"

namespace herald::moderation {
namespace {

class LibelTest : public testing::PhaseTest {
 protected:
  LibelTest() : PhaseTest(&MakeLibelPhase) {}
  void SetUp() override {
    headline_ = "Minister Ali Karimi defends budget as Tehran protests grow";
    lead_ =
        "Finance minister Ali Karimi said on Monday that the Ministry of Finance would cut "
        "subsidies.";
    body_ =
        "Opposition leader Sara Ahmadi called the plan reckless. The Central Bank of Iran "
        "declined to comment. Karimi, 58, has led the ministry since 2021. Protesters gathered "
        "in Azadi Square on Friday.";
    context_.headline = headline_;
    context_.lead = lead_;
    context_.body = body_;
    Build();
  }

  std::string Held(const std::string& text) const { return FirstDetail(text); }

  std::string headline_;
  std::string lead_;
  std::string body_;
};

TEST_F(LibelTest, FindingNamesBothAndHolds) {
  const std::string text = "I think Ali Karimi took bribes.";
  Screening s = Screen(text);
  ASSERT_EQ(s.findings.size(), 1U);
  const Finding& f = s.findings[0];
  EXPECT_EQ(f.reason, Reason::kLibelRisk);
  EXPECT_EQ(f.outcome, CommentStatus::kPending);
  EXPECT_EQ(f.detail, "Ali Karimi: took bribes");
  ASSERT_EQ(f.spans.size(), 2U);
  EXPECT_EQ(text.substr(f.spans[0].begin, f.spans[0].end - f.spans[0].begin), "Ali Karimi");
  EXPECT_EQ(text.substr(f.spans[1].begin, f.spans[1].end - f.spans[1].begin), "took bribes");
  EXPECT_FALSE(s.stop);
}

TEST_F(LibelTest, AccusationsAgainstPeopleAreHeld) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      // Names only the article gives: "Karimi" from "Ali Karimi".
      {"Karimi is a thief.", "Karimi: thief"},
      {"What a crook that Karimi is", "Karimi: crook"},
      {"Everyone knows Ahmadi is corrupt.", "Ahmadi: corrupt"},
      {"Sara Ahmadi is a fraud, plain and simple.", "Sara Ahmadi: fraud"},
      {"The thief Karimi should resign.", "Karimi: thief"},
      {"Ask Minister Karimi about the bribes he took.", "Karimi: bribes"},
      {"I'm sure Karimi stole the money", "Karimi: stole"},
      {"Ahmadi, the racist, spoke again", "Ahmadi: racist"},
      {"Karimi's a LIAR", "Karimi: LIAR"},
      // Names the comment gives.
      {"Mr Smith is a liar", "Smith: liar"},
      {"Mrs. Jones stole from the charity", "Jones: stole"},
      {"John Smith is a crook.", "John Smith: crook"},
      {"President Biden is a war criminal", "Biden: war criminal"},
      {"Dr Mehdi Rahimi is a paedophile", "Mehdi Rahimi: paedophile"},
      {"Honestly, Boris Johnson is a liar and a cheat.", "Boris Johnson: liar"},
      {"J. Smith embezzled the funds", "J. Smith: embezzled"},
      {"Everybody knows that Hoskins is on the take", "Hoskins: on the take"},
      {"the minister Jane Doe lied to parliament", "Jane Doe: lied"},
      {"Prime Minister Rishi Sunak is a traitor", "Rishi Sunak: traitor"},
      {"well, O'Brien is a thug", "O'Brien: thug"},
  };
  for (const auto& [text, detail] : cases) EXPECT_EQ(Held(text), detail) << text;
}

TEST_F(LibelTest, CriticismOfInstitutionsAndPoliciesPasses) {
  const std::vector<std::string> cases = {
      "The ministry's policy is corrupt and wasteful.",
      "This policy is a fraud on taxpayers.",
      "The government is corrupt.",
      "Parliament is full of crooks.",
      "The EU is corrupt.",
      "I think the NHS is a fraud.",
      "Karimi's policy is a fraud.",
      "Karimi's budget is a fraud on the poor.",
      "Karimi did a good job.",
      "Thieves broke into the Central Bank on Monday.",
      "The corrupt officials in Tehran must go.",
      "Karimi resigned. Criminals run this city.",
      "In March the Iranian regime was called corrupt.",
      "Protesters in Azadi Square called the deal a fraud.",
      "Labour are a bunch of crooks.",
      "Is this policy corrupt? Karimi says no.",
      "Google and Facebook are thieves of our data.",
      "The Tories took bribes from donors.",
      "A liar? No, Karimi was honest.",
      "On Monday the BBC said the deal was fraudulent.",
      "What a fraud.",
      "Thief! Thief!",
      "Criminals should go to jail, says the Ministry of Justice",
      "The Supreme Court called it fraud",
      "I am sick of corrupt politicians",
      "Muslims and Christians alike are tired of corrupt officials",
      "Our Commander in Chief is on the record supporting known pedophiles.",
      "Funny when white racists call Black people racist.",
      "You made a pedophile Speaker of the House!",
      "Rename Fort Bragg after a traitor? Never.",
  };
  for (const std::string& text : cases) EXPECT_EQ(Held(text), "") << text;
}

TEST_F(LibelTest, SentenceInitialWordIsNotANameByItself) {
  context_ = Context{};  // No article.
  EXPECT_EQ(Held("Smith is a liar."), "");
  EXPECT_EQ(Held("Frankly Smith is a liar."), "Smith: liar");
  EXPECT_EQ(Held("John Smith is a liar."), "John Smith: liar");
  EXPECT_EQ(Held("Karimi is a thief."), "");  // Only the article makes this a name.
}

TEST_F(LibelTest, PolicyAddsAccusations) {
  policy_.accusation_words = {"grifter", "sold out*"};
  Build();
  EXPECT_EQ(Held("Karimi is a grifter"), "Karimi: grifter");
  EXPECT_EQ(Held("everyone says Ahmadi sold outright"), "Ahmadi: sold outright");
  EXPECT_EQ(Held("Karimi is a thief"), "Karimi: thief");  // Built-ins stay.
}

TEST_F(LibelTest, BadAccusationIsNamed) {
  policy_.accusation_words = {"grifter", " ?! "};
  auto phase = MakeLibelPhase(policy_);
  ASSERT_FALSE(phase.has_value());
  EXPECT_EQ(phase.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(phase.error().message.find("accusation_words entry \" ?! \""), std::string::npos)
      << phase.error().message;
}

TEST_F(LibelTest, PersianTitlesAndArticleNames) {
  EXPECT_EQ(Held("وزیر کریمی دزد است"), "کریمی: دزد");
  const std::string article = "آقای رحیمی گفت که بودجه کافی است.";
  context_ = Context{};
  context_.body = article;
  EXPECT_EQ(Held("رحیمی دروغگو است"), "رحیمی: دروغگو");
  EXPECT_EQ(Held("سیاست دولت فاسد است"), "");
}

TEST_F(LibelTest, SeveralPairsAreReportedOnce) {
  Screening s = Screen("Karimi is a thief, a liar and a thief. Ahmadi is corrupt.");
  ASSERT_EQ(s.findings.size(), 3U);
  EXPECT_EQ(s.findings[0].detail, "Karimi: thief");
  EXPECT_EQ(s.findings[1].detail, "Karimi: liar");
  EXPECT_EQ(s.findings[2].detail, "Ahmadi: corrupt");
}

TEST_F(LibelTest, OddInputIsSafe) {
  EXPECT_EQ(Held(""), "");
  EXPECT_EQ(Held("\xff\xfe thief"), "");
  EXPECT_EQ(Held(std::string(5000, 'A')), "");
  EXPECT_EQ(Held("...!!!???"), "");
  std::string many;
  for (int i = 0; i < 300; ++i) many += "Smith thief ";
  EXPECT_FALSE(Held(many).empty());
}

TEST_F(LibelTest, FastEnough) {
  const std::string clean =
      "I read the minister's statement twice and I still do not see how the budget adds up: "
      "one in three schools lose funding while the ministry spends millions on consultants. "
      "Karimi should explain this to Parliament before the vote on Friday.";
  const std::string accusing = clean + " Frankly Karimi is a crook.";
  for (const std::string* text : {&clean, &accusing}) {
    const int runs = 1000;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < runs; ++i) {
      ASSERT_EQ(Screen(*text).findings.size(), text == &clean ? 0U : 1U);
    }
    const double us =
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
            .count() /
        runs;
    RecordProperty(text == &clean ? "us_per_clean_comment" : "us_per_accusing_comment",
                   std::to_string(us));
    EXPECT_LT(us, 5000.0);
  }
}

}  // namespace
}  // namespace herald::moderation
