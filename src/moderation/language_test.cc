#include "moderation/language.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "moderation/models.h"

namespace herald::moderation {
namespace {

class LanguageTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string path = FindModel("lid.176.ftz", "");
    if (path.empty()) return;
    auto loaded = LoadLanguageIdentifier(path);
    if (loaded) identifier_ = new std::shared_ptr<const LanguageIdentifier>(*loaded);
  }
  static void TearDownTestSuite() {
    delete identifier_;
    identifier_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(identifier_, nullptr)
        << "lid.176.ftz not found or not loadable; run scripts/fetch-models.sh models";
    phase_ = MakeLanguagePhase(*identifier_);
  }

  // Runs the phase on `text` as the edition with `languages` would.
  Screening Screen(const std::string& text, std::vector<std::string> languages = {"en"}) {
    policy_.languages = std::move(languages);
    Screening s;
    s.submission = &submission_;
    s.context = &context_;
    s.policy = &policy_;
    s.text = text;
    phase_->Run(s);
    return s;
  }

  static bool Held(const Screening& s) { return HasReason(s.findings, Reason::kLanguage); }

  static std::shared_ptr<const LanguageIdentifier>* identifier_;
  std::unique_ptr<Phase> phase_;
  Policy policy_;
  Submission submission_;
  Context context_;
};

std::shared_ptr<const LanguageIdentifier>* LanguageTest::identifier_ = nullptr;

TEST_F(LanguageTest, NameIsLanguage) { EXPECT_EQ(phase_->Name(), "language"); }

TEST_F(LanguageTest, EnglishAccepted) {
  for (const char* text : {
           "The government announced on Tuesday that it would raise the minimum wage.",
           "Great article, thanks for explaining it so clearly.",
           "this is an absolute disgrace and everyone involved should resign",
           "THE COUNCIL HAS WASTED OUR MONEY YET AGAIN",
           "Teh goverment should of done somthing about this years ago.",
           "The bill was £1,250 for two nights, which is outrageous.",
           "Kindly do the needful and update the article with the correct figures.",
           "The senator should come back to his constituency and see the suffering of the people.",
       }) {
    Screening s = Screen(text);
    EXPECT_FALSE(Held(s)) << text << " -> " << (s.findings.empty() ? "" : s.findings[0].detail);
    EXPECT_EQ(s.language, "en") << text;
    EXPECT_GE(s.language_confidence, 0.5f) << text;
  }
}

TEST_F(LanguageTest, ForeignHeldNeverRejected) {
  for (const char* text : {
           "Le gouvernement n'écoute absolument pas ce que disent les citoyens.",
           "Die Regierung hört überhaupt nicht auf das, was die Bürger sagen.",
           "Gavman i no save harim tok bilong ol pipol long ples.",         // Tok Pisin
           "Mi no glad nating long wanem we ol i mekem long kaonsel.",      // Bislama
           "Dis government no dey hear wetin di people dey talk at all.",   // Nigerian Pidgin
           "Ua faʻamaonia e le malo le tupe mo le auala fou i Apia.",       // Samoan
           "Uhulumeni akalaleli lokho okushiwo ngabantu bonke namhlanje.",  // Zulu
           "Gwamnati ba ta sauraron abin da talakawa suke fada ba.",        // Hausa
           "Serikali haisikilizi kile ambacho wananchi wanasema.",          // Swahili
           "Правительство совершенно не слушает, что говорят граждане.",
       }) {
    Screening s = Screen(text);
    ASSERT_TRUE(Held(s)) << text;
    EXPECT_EQ(StrictestOutcome(s.findings), CommentStatus::kPending) << text;
    EXPECT_FALSE(s.findings[0].detail.empty()) << text;
  }
}

TEST_F(LanguageTest, DetailNamesLanguageAndConfidence) {
  Screening s = Screen("Le gouvernement n'écoute absolument pas ce que disent les citoyens.");
  ASSERT_TRUE(Held(s));
  EXPECT_EQ(s.findings[0].detail.substr(0, 3), "fr ");
  EXPECT_EQ(s.language, "fr");
  EXPECT_GT(s.language_confidence, 0.8f);
}

TEST_F(LanguageTest, ShortTextHeldNotRejected) {
  for (const char* text : {"ok thanks", "Bravo!", "lol", ""}) {
    Screening s = Screen(text);
    ASSERT_TRUE(Held(s)) << text;
    EXPECT_EQ(StrictestOutcome(s.findings), CommentStatus::kPending) << text;
    EXPECT_NE(s.findings[0].detail.find("too short"), std::string::npos) << text;
  }
}

TEST_F(LanguageTest, LinksAndMentionsAreNotWords) {
  Screening s = Screen("@someone http://example.com/a/b #tag &#128514;");
  EXPECT_TRUE(Held(s));
  EXPECT_FALSE(Held(Screen("@someone I completely agree with you about the new bridge")));
}

TEST_F(LanguageTest, MixedCommentsWithForeignNamesPass) {
  for (const char* text : {
           "The minister said \"Inshallah\" and left",
           "I loved the documentary about Hồ Chí Minh City",
           "My grandmother always said \"c'est la vie\" whenever something went wrong.",
           "The new restaurant serves amazing pho and bánh mì at reasonable prices.",
           "President Emmanuel Macron met Chancellor Olaf Scholz in Berlin on Friday.",
           "Tourists flocked to Hạ Long Bay despite the warnings about bad weather.",
           "Our guide in Reykjavík taught us how to pronounce Eyjafjallajökull.",
       }) {
    Screening s = Screen(text);
    EXPECT_FALSE(Held(s)) << text << " -> " << (s.findings.empty() ? "" : s.findings[0].detail);
  }
}

TEST_F(LanguageTest, PersianEditionAcceptsPersianHoldsArabicAndUrdu) {
  for (
      const char* text : {
          "دولت اصلا به حرف مردم گوش نمی‌دهد.",
          "به نظر من رئیس‌جمهور باید حقیقت را به مردم بگوید.",
          "این گزارش درباره Elon Musk خیلی جالب بود.",
          "واقعا این خبر fake است و نباید منتشرش می‌کردید.",
      }) {
    Screening s = Screen(text, {"fa"});
    EXPECT_FALSE(Held(s)) << text << " -> " << (s.findings.empty() ? "" : s.findings[0].detail);
    EXPECT_EQ(s.language, "fa") << text;
  }
  for (const char* text : {
           "الحكومة لا تستمع إطلاقا إلى ما يقوله المواطنون.",  // Arabic
           "اعتقلت الشرطة رجلين في السوق مساء الجمعة.",        // Arabic
           "حکومت عوام کی بات بالکل نہیں سنتی۔",               // Urdu
           "The government announced on Tuesday that it would raise the minimum wage.",
       }) {
    Screening s = Screen(text, {"fa"});
    EXPECT_TRUE(Held(s)) << text;
    EXPECT_EQ(StrictestOutcome(s.findings), CommentStatus::kPending) << text;
  }
}

TEST_F(LanguageTest, SeveralAcceptedLanguages) {
  EXPECT_FALSE(
      Held(Screen("Le gouvernement n'écoute pas ce que disent les citoyens.", {"en", "fr"})));
  EXPECT_FALSE(Held(Screen("The government does not listen to what citizens say.", {"en", "fr"})));
  EXPECT_TRUE(
      Held(Screen("Die Regierung hört nicht auf das, was die Bürger sagen.", {"en", "fr"})));
}

TEST_F(LanguageTest, AcceptingAllNeverHolds) {
  for (const char* text : {"Le gouvernement n'écoute pas ce que disent les citoyens.",
                           "Gavman i no save harim tok bilong ol pipol long ples.", "ok", "",
                           "政府根本不听老百姓在说什么。"}) {
    Screening s = Screen(text, {});
    EXPECT_TRUE(s.findings.empty()) << text;
  }
  EXPECT_EQ(Screen("Le gouvernement n'écoute pas ce que disent les citoyens.", {}).language, "fr");
}

TEST_F(LanguageTest, IdentifyReportsSignals) {
  LanguageGuess g = (*identifier_)->Identify("Правительство совершенно не слушает граждан.");
  EXPECT_EQ(g.language, "ru");
  EXPECT_EQ(g.script, "Cyrl");
  EXPECT_GT(g.script_share, 0.9f);
  EXPECT_EQ(g.words, 5);

  g = (*identifier_)->Identify("The government announced that it would raise the minimum wage.");
  EXPECT_EQ(g.language, "en");
  EXPECT_EQ(g.cld2_language, "en");
  EXPECT_EQ(g.script, "Latn");
  EXPECT_GT(g.english_share, 0.9f);
  EXPECT_EQ(g.diacritic_share, 0.0f);
}

TEST_F(LanguageTest, SafeFromManyThreads) {
  const std::vector<std::string> texts = {
      "The government announced on Tuesday that it would raise the minimum wage.",
      "Le gouvernement n'écoute absolument pas ce que disent les citoyens.",
      "Gavman i no save harim tok bilong ol pipol long ples.",
      "I loved the documentary about Hồ Chí Minh City",
      "ok thanks",
  };
  std::vector<bool> expected;
  expected.reserve(texts.size());
  for (const std::string& t : texts) expected.push_back(Held(Screen(t)));
  policy_.languages = {"en"};
  std::vector<std::thread> threads;
  threads.reserve(4);
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 50; ++round) {
        for (size_t i = 0; i < texts.size(); ++i) {
          Screening s;
          s.submission = &submission_;
          s.context = &context_;
          s.policy = &policy_;
          s.text = texts[i];
          phase_->Run(s);
          if (Held(s) != expected[i]) ++mismatches[t];
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

TEST(LanguageLoadTest, MissingModelIsNotFound) {
  auto loaded = LoadLanguageIdentifier("/nonexistent/dir/lid.176.ftz");
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, ErrorCode::kNotFound);
  EXPECT_NE(loaded.error().message.find("lid.176.ftz"), std::string::npos);

  loaded = LoadLanguageIdentifier("");
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, ErrorCode::kNotFound);
}

TEST(LanguageLoadTest, BadModelIsInvalidArgument) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path();
  const std::filesystem::path garbage = dir / "herald_language_test_garbage.ftz";
  {
    std::ofstream out(garbage, std::ios::binary);
    out << "this is not a fastText model at all, just some text";
  }
  auto loaded = LoadLanguageIdentifier(garbage.string());
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, ErrorCode::kInvalidArgument);

  // The right magic number and version, then nothing: fastText would throw
  // (or worse) part-way through.
  const std::filesystem::path truncated = dir / "herald_language_test_truncated.ftz";
  {
    std::ofstream out(truncated, std::ios::binary);
    const int32_t header[2] = {793712314, 12};
    out.write(reinterpret_cast<const char*>(header), sizeof(header));
  }
  loaded = LoadLanguageIdentifier(truncated.string());
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, ErrorCode::kInvalidArgument);

  std::filesystem::remove(garbage);
  std::filesystem::remove(truncated);
}

}  // namespace
}  // namespace herald::moderation
