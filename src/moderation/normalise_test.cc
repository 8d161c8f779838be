#include "moderation/normalise.h"

#include <gtest/gtest.h>

namespace herald::moderation {
namespace {

Screening Normalise(const std::string& body, size_t max_length = 5000) {
  Policy policy;
  policy.max_length = max_length;
  Context context;
  Submission sub{"  Ann \n Reader ", "", body, "", -1};
  Screening s;
  s.submission = &sub;
  s.context = &context;
  s.policy = &policy;
  MakeNormalisePhase()->Run(s);
  // The phase copied what it needs; the inputs go out of scope here.
  s.submission = nullptr;
  s.context = nullptr;
  s.policy = nullptr;
  return s;
}

TEST(NormaliseTest, CollapsesSpacesKeepsParagraphsAndTrims) {
  EXPECT_EQ(NormaliseText("  Hello \t  world  \r\n\r\n\r\n\n Next\rline  "),
            "Hello world\n\nNext\nline");
  EXPECT_EQ(NormaliseLine("  Ann \n Reader "), "Ann Reader");
}

TEST(NormaliseTest, RemovesInvisibleCharactersButKeepsPersianJoiners) {
  // Zero-width space, bidi override, soft hyphen and BOM go; ZWNJ stays.
  EXPECT_EQ(NormaliseText("i\xE2\x80\x8B"
                          "d\xE2\x80\xAEi\xC2\xAD"
                          "ot\xEF\xBB\xBF"),
            "idiot");
  EXPECT_EQ(NormaliseText("\xD9\x85\xDB\x8C\xE2\x80\x8C\xD8\xB1\xD9\x88\xD9\x85"),
            "\xD9\x85\xDB\x8C\xE2\x80\x8C\xD8\xB1\xD9\x88\xD9\x85");  // می‌روم
  EXPECT_EQ(NormaliseText("a\x01\x7f"
                          "b"),
            "ab");
}

TEST(NormaliseTest, ComposesToNfcAndFoldsForMatching) {
  EXPECT_EQ(NormaliseText("e\xCC\x81t\xC3\xA9"), "\xC3\xA9t\xC3\xA9");  // é composed.
  EXPECT_EQ(FoldForMatching("\xEF\xBC\xA9\xEF\xBC\xA4\xEF\xBC\xA9\xEF\xBC\xAF\xEF\xBC\xB4"),
            "idiot");  // Fullwidth IDIOT.
  EXPECT_EQ(FoldForMatching("STRASSE Stra\xC3\x9F"
                            "e"),
            "strasse strasse");
}

TEST(NormaliseTest, BodyHashIgnoresSpacingAndPunctuation) {
  EXPECT_EQ(BodyHash(FoldForMatching("Great article!")),
            BodyHash(FoldForMatching("great   article")));
  EXPECT_NE(BodyHash("great article"), BodyHash("great articles"));
  EXPECT_EQ(BodyHash("x").size(), 16U);
}

TEST(NormaliseTest, EmptyAndWhitespaceOnlyAreRefusedAndStop) {
  for (const char* body :
       {"", "   ", "\n\n\t", "\xE2\x80\x8B\xE2\x80\x8B", " \xE2\x80\x8C \xE2\x80\x8D "}) {
    Screening s = Normalise(body);
    ASSERT_EQ(s.findings.size(), 1U) << body;
    EXPECT_EQ(s.findings[0].reason, Reason::kEmpty);
    EXPECT_EQ(s.findings[0].outcome, CommentStatus::kRejected);
    EXPECT_TRUE(s.stop);
  }
}

TEST(NormaliseTest, OverLongIsRefusedCountingCodePoints) {
  std::string persian;
  for (int i = 0; i < 10; ++i) persian += "\xD8\xA8";  // 10 code points, 20 bytes.
  EXPECT_TRUE(Normalise(persian, 10).findings.empty());
  Screening s = Normalise(persian + "\xD8\xA8", 10);
  ASSERT_EQ(s.findings.size(), 1U);
  EXPECT_EQ(s.findings[0].reason, Reason::kTooLong);
  EXPECT_TRUE(s.stop);
  EXPECT_EQ(Normalise("Fine").name, "Ann Reader");
}

}  // namespace
}  // namespace herald::moderation
