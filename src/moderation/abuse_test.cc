#include "moderation/abuse.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "moderation/models.h"

namespace herald::moderation {
namespace {

TEST(AbuseModelTextTest, FoldsCaseAndDropsMentionsUrlsAndRetweets) {
  EXPECT_EQ(AbuseModelText("RT @someone: You are an IDIOT http://x.co/a URL"), "you are an idiot");
  EXPECT_EQ(AbuseModelText("idiot!!! &amp; moron&#128514;"), "idiot moron");
}

TEST(AbuseModelTextTest, UndoesLeetSpacingAndRepeats) {
  EXPECT_EQ(AbuseModelText("I h8 them"), "i hate them");
  EXPECT_EQ(AbuseModelText("st00pid"), "stoopid");
  EXPECT_EQ(AbuseModelText("you are a b!tch"), "you are a bitch");
  EXPECT_EQ(AbuseModelText("k i l l them"), "kill them");
  EXPECT_EQ(AbuseModelText("sooooo baaaad"), "soo baad");
  EXPECT_EQ(AbuseModelText("f*ck"), "fck");
  // Numbers stay numbers.
  EXPECT_EQ(AbuseModelText("In 2016 we paid $5"), "in 2016 we paid 5");
}

TEST(AbuseModelTextTest, SharesTokensForGroupsSlursNegationAndQuotes) {
  EXPECT_EQ(AbuseModelText("I don't hate Muslims"), "i xxnot hate xxgroup");
  EXPECT_EQ(AbuseModelText("m0slems and j3ws"), "xxgroup and xxgroup");
  EXPECT_EQ(AbuseModelText("Black people like black coffee"), "xxgroup like black coffee");
  EXPECT_EQ(AbuseModelText("ihatemuslims"), "i hate xxgroup");
  EXPECT_EQ(AbuseModelText("jewelry"), "jewelry");
  EXPECT_EQ(AbuseModelText("he said \"faggot\""), "he said xxquote xxslur xxquote");
  EXPECT_EQ(AbuseModelText("\xE2\x80\x9Cquoted\xE2\x80\x9D won\xE2\x80\x99t"),
            "xxquote quoted xxquote xxnot");
}

TEST(AbuseModelTextTest, EmptyAndSymbolsOnly) {
  EXPECT_EQ(AbuseModelText(""), "");
  EXPECT_EQ(AbuseModelText("  !!! ... "), "");
}

TEST(AbuseLexiconTest, MatchesWholeWordsAndEndings) {
  EXPECT_TRUE(HasThreatWord("i will kill you"));
  EXPECT_TRUE(HasThreatWord("they should be hanged"));
  EXPECT_FALSE(HasThreatWord("a diet of skills"));
  EXPECT_TRUE(HasObsceneWord("what an asshole"));
  EXPECT_TRUE(HasObsceneWord("fucking hell"));
  EXPECT_FALSE(HasObsceneWord("i assume the shoes are classy"));
}

TEST(AbuseLoadModelTest, MissingFileIsNotFound) {
  auto m = LoadAbuseModel("/nonexistent/abuse.ftz");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(LoadAbuseModel(""));
}

TEST(AbuseLoadModelTest, CorruptFileIsAnErrorNotACrash) {
  std::filesystem::path p = std::filesystem::temp_directory_path() / "herald-abuse-corrupt.ftz";
  {
    std::ofstream f(p, std::ios::binary);
    f << "this is not a fastText model";
  }
  auto m = LoadAbuseModel(p.string());
  std::filesystem::remove(p);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code, ErrorCode::kInvalidArgument);
}

class AbuseShippedModelTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto m = LoadAbuseModel(FindModel("abuse.ftz", ""));
    ASSERT_TRUE(m) << m.error().message;
    model_ = new std::shared_ptr<const AbuseModel>(*m);
  }
  static void TearDownTestSuite() {
    delete model_;
    model_ = nullptr;
  }
  static const AbuseModel& Model() { return **model_; }
  static std::shared_ptr<const AbuseModel>* model_;
};

std::shared_ptr<const AbuseModel>* AbuseShippedModelTest::model_ = nullptr;

TEST_F(AbuseShippedModelTest, AbusiveScoresAboveCivil) {
  const char* abusive[] = {"You are a pathetic idiot and everyone hates you",
                           "Muslims are vermin and should be wiped out", "shut up you stupid b!tch",
                           "I will find you and kill you"};
  const char* civil[] = {"Thanks for the clear reporting on the council budget",
                         "I don't agree with the mayor, but the new park looks lovely",
                         "My neighbours are Muslims and they are wonderful people",
                         "The match was postponed because of the rain"};
  for (const char* a : abusive) {
    for (const char* c : civil) {
      EXPECT_GT(Model().Score(a).abuse, Model().Score(c).abuse) << a << " vs " << c;
    }
  }
}

TEST_F(AbuseShippedModelTest, ScoresAreProbabilities) {
  AbuseScores s = Model().Score("go to hell you fucking moron");
  for (float v : {s.abuse, s.insult, s.identity_attack, s.threat, s.obscenity}) {
    EXPECT_GE(v, 0.0f);
    EXPECT_LE(v, 1.0f);
  }
  EXPECT_GE(s.abuse, s.identity_attack);
  EXPECT_GT(s.obscenity, Model().Score("a lovely afternoon").obscenity);
  AbuseScores empty = Model().Score("");
  EXPECT_EQ(empty.abuse, 0.0f);
}

TEST_F(AbuseShippedModelTest, PhaseMapsScoreToVerdict) {
  std::shared_ptr<const AbuseModel> model = *model_;
  std::unique_ptr<Phase> phase = MakeAbusePhase(model);
  EXPECT_EQ(phase->Name(), "abuse");
  const std::string text = "you are a worthless idiot";
  float score = model->Score(text).abuse;
  ASSERT_GT(score, 0.05f);

  auto run = [&](float nudge, float hold, float reject) {
    Policy policy;
    policy.abuse_nudge = nudge;
    policy.abuse_hold = hold;
    policy.abuse_reject = reject;
    Screening s;
    s.policy = &policy;
    s.text = text;
    phase->Run(s);
    EXPECT_EQ(s.scores.abuse, score);
    return s;
  };
  Screening rejected = run(0, 0, score - 0.01f);
  ASSERT_EQ(rejected.findings.size(), 1u);
  EXPECT_EQ(rejected.findings[0].reason, Reason::kAbuse);
  EXPECT_EQ(rejected.findings[0].outcome, CommentStatus::kRejected);
  EXPECT_TRUE(rejected.findings[0].detail.starts_with("abuse ")) << rejected.findings[0].detail;

  Screening held = run(0, score - 0.01f, 1.1f);
  ASSERT_EQ(held.findings.size(), 1u);
  EXPECT_EQ(held.findings[0].outcome, CommentStatus::kPending);

  Screening nudged = run(score - 0.01f, 1.1f, 1.1f);
  EXPECT_TRUE(nudged.findings.empty());
  EXPECT_TRUE(nudged.nudge);

  Screening clean = run(1.1f, 1.1f, 1.1f);
  EXPECT_TRUE(clean.findings.empty());
  EXPECT_FALSE(clean.nudge);
}

}  // namespace
}  // namespace herald::moderation
