#include "core/slug.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace herald {
namespace {

// True iff `slug` is non-empty, made only of [a-z0-9-], with no leading,
// trailing or doubled '-'.
bool IsWellFormedSlug(const std::string& slug) {
  if (slug.empty() || slug.front() == '-' || slug.back() == '-') return false;
  char prev = 0;
  for (char c : slug) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
    if (c == '-' && prev == '-') return false;
    prev = c;
  }
  return true;
}

TEST(SlugTest, LowercasesEnglishHeadlineAndJoinsWordsWithDashes) {
  EXPECT_EQ(MakeSlug("Top Official Calls for Truce Guarantees"),
            "top-official-calls-for-truce-guarantees");
  EXPECT_EQ(MakeSlug("G7 Summit Opens in 2024"), "g7-summit-opens-in-2024");
}

TEST(SlugTest, ApostrophesJoinRatherThanSplit) {
  EXPECT_EQ(MakeSlug("Iran's"), "irans");
  EXPECT_EQ(MakeSlug("Iran's envoy meets Russia's minister"), "irans-envoy-meets-russias-minister");
  // The typographic apostrophe (U+2019) used by wire copy behaves the same.
  EXPECT_EQ(MakeSlug("Iran\u2019s envoy"), "irans-envoy");
}

TEST(SlugTest, CollapsesPunctuationRunsIntoOneDash) {
  EXPECT_EQ(MakeSlug("Hello,  --- World!!!"), "hello-world");
  EXPECT_EQ(MakeSlug("...Breaking: \"news\" (update) ..."), "breaking-news-update");
  EXPECT_EQ(MakeSlug("a/b\\c_d.e"), "a-b-c-d-e");
  EXPECT_EQ(MakeSlug("\t  spaced \n out  "), "spaced-out");
}

TEST(SlugTest, PersianHeadlineGivesReadableAsciiSlug) {
  std::string slug = MakeSlug("دیدار مقامات ایران و روسیه در تهران");
  EXPECT_NE(slug, "article");
  EXPECT_TRUE(IsWellFormedSlug(slug)) << slug;
  // Seven words in, several words out: spaces still separate words.
  EXPECT_GE(std::count(slug.begin(), slug.end(), '-'), 3) << slug;
}

TEST(SlugTest, CyrillicAndGreekAreTransliterated) {
  EXPECT_EQ(MakeSlug("Привет мир"), "privet-mir");
  EXPECT_EQ(MakeSlug("Αθήνα 2004"), "athena-2004");
  std::string russian = MakeSlug("Москва и Тегеран подписали соглашение");
  EXPECT_TRUE(IsWellFormedSlug(russian)) << russian;
  EXPECT_EQ(russian.rfind("moskva-", 0), 0u) << russian;
}

TEST(SlugTest, LongHeadlineIsCutAtWordBoundary) {
  std::string headline;
  for (int i = 0; i < 30; ++i) headline += "Word" + std::to_string(i) + " ";
  std::string full;
  for (int i = 0; i < 30; ++i) full += (i ? "-word" : "word") + std::to_string(i);
  ASSERT_GT(full.size(), kMaxSlugLength);

  std::string slug = MakeSlug(headline);
  EXPECT_LE(slug.size(), kMaxSlugLength);
  EXPECT_TRUE(IsWellFormedSlug(slug)) << slug;
  // A prefix of the full slug that ends where a word ends.
  ASSERT_EQ(full.compare(0, slug.size(), slug), 0) << slug;
  EXPECT_EQ(full[slug.size()], '-') << slug;
  // And not cut needlessly short: the next word would not have fitted.
  size_t next_dash = full.find('-', slug.size() + 1);
  EXPECT_GT(next_dash, kMaxSlugLength) << slug;
}

TEST(SlugTest, SlugOfExactlyMaxLengthIsKept) {
  std::string headline(kMaxSlugLength, 'a');
  EXPECT_EQ(MakeSlug(headline), headline);
}

TEST(SlugTest, SingleOverlongWordIsHardCut) {
  std::string slug = MakeSlug(std::string(200, 'x'));
  EXPECT_EQ(slug, std::string(kMaxSlugLength, 'x'));
}

TEST(SlugTest, NothingUsableGivesArticle) {
  EXPECT_EQ(MakeSlug(""), "article");
  EXPECT_EQ(MakeSlug("   "), "article");
  EXPECT_EQ(MakeSlug("!!! ??? ---"), "article");
  EXPECT_EQ(MakeSlug("\U0001F525\U0001F525"), "article");             // Fire emoji.
  EXPECT_EQ(MakeSlug("\U0001F1EE\U0001F1F7 \U0001F600"), "article");  // Flag, smiley.
}

TEST(SlugTest, EmojiAmongWordsIsDropped) {
  EXPECT_EQ(MakeSlug("\U0001F525 Hot take \U0001F525"), "hot-take");
}

}  // namespace
}  // namespace herald
