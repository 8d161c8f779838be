#include "common/text.h"

#include <gtest/gtest.h>

namespace herald {
namespace {

TEST(TextTest, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("News ID: 425881"));
  EXPECT_TRUE(IsValidUtf8("کد خبر ۴۲۵۸۸۱ — Syria’s"));
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));      // Overlong '/'.
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));  // Surrogate.
  EXPECT_FALSE(IsValidUtf8("abc\xe2\x80"));   // Truncated.
}

TEST(TextTest, TrimRemovesAsciiSpaceAndNoBreakSpace) {
  EXPECT_EQ(Trim("  a b \t\n"), "a b");
  EXPECT_EQ(Trim("\xC2\xA0RNA -\xC2\xA0"), "RNA -");
  EXPECT_EQ(Trim(""), "");
  EXPECT_EQ(Trim(" \xC2\xA0 "), "");
}

TEST(TextTest, SplitKeepsEmptyPieces) {
  auto parts = Split("/en//news/", '/');
  ASSERT_EQ(parts.size(), 5u);
  EXPECT_EQ(parts[1], "en");
  EXPECT_EQ(parts[2], "");
}

TEST(TextTest, HtmlEscapeCoversTextAndAttributes) {
  EXPECT_EQ(HtmlEscape(R"(<a href="x">Tom & 'Jerry'</a>)"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
}

TEST(TextTest, ParseNonNegativeIsStrict) {
  long long v = 0;
  EXPECT_TRUE(ParseNonNegative("425881", v));
  EXPECT_EQ(v, 425881);
  EXPECT_FALSE(ParseNonNegative("", v));
  EXPECT_FALSE(ParseNonNegative("-1", v));
  EXPECT_FALSE(ParseNonNegative("12a", v));
  EXPECT_FALSE(ParseNonNegative(" 12", v));
  EXPECT_FALSE(ParseNonNegative("9999999999999999999999", v));
}

TEST(TextTest, CountCodePoints) {
  EXPECT_EQ(CountCodePoints("abc"), 3u);
  EXPECT_EQ(CountCodePoints("خبر"), 3u);
}

}  // namespace
}  // namespace herald

namespace herald {
namespace {

TEST(TextTest, PrefixCodePointsNeverSplitsACharacter) {
  EXPECT_EQ(PrefixCodePoints("abc", 2), "ab");
  EXPECT_EQ(PrefixCodePoints("abc", 9), "abc");
  EXPECT_EQ(PrefixCodePoints("خبرها", 3), "خبر");
  EXPECT_EQ(PrefixCodePoints("", 3), "");
}

}  // namespace
}  // namespace herald
