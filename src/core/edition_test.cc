#include "core/edition.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace herald {
namespace {

TEST(EditionCodeTest, AcceptsShortLowercaseCodes) {
  for (const char* code : {"en", "fa", "ar", "zh-hant", "en-gb", "pt2", "abcdefgh"}) {
    auto ok = ValidateEditionCode(code);
    EXPECT_TRUE(ok.has_value()) << code << ": " << ok.error().message;
  }
}

TEST(EditionCodeTest, RejectsWrongLength) {
  for (const char* code : {"", "e", "abcdefghi", "english-edition"}) {
    auto ok = ValidateEditionCode(code);
    ASSERT_FALSE(ok.has_value()) << "accepted '" << code << "'";
    EXPECT_EQ(ok.error().code, ErrorCode::kInvalidArgument);
  }
}

TEST(EditionCodeTest, RejectsCodesNotStartingWithALetter) {
  for (const char* code : {"1en", "-en", "9a"}) {
    EXPECT_FALSE(ValidateEditionCode(code).has_value()) << "accepted '" << code << "'";
  }
}

TEST(EditionCodeTest, RejectsCharactersOutsideTheSlugAlphabet) {
  for (const char* code : {"EN", "En", "en_us", "en us", "en/x", "e.n", "fä", "فا"}) {
    EXPECT_FALSE(ValidateEditionCode(code).has_value()) << "accepted '" << code << "'";
  }
}

TEST(SectionSlugTest, AcceptsOrdinarySlugs) {
  for (const char* slug : {"politics", "world-news", "a", "covid-19", "2024", "newsroom", "tags"}) {
    auto ok = ValidateSectionSlug(slug);
    EXPECT_TRUE(ok.has_value()) << slug << ": " << ok.error().message;
  }
  auto max = ValidateSectionSlug(std::string(64, 'a'));
  EXPECT_TRUE(max.has_value()) << max.error().message;
}

TEST(SectionSlugTest, RejectsEveryReservedPathWord) {
  for (const char* slug :
       {"news", "tag", "page", "search", "comments", "static", "feed", "api", "desk"}) {
    auto ok = ValidateSectionSlug(slug);
    ASSERT_FALSE(ok.has_value()) << "accepted reserved '" << slug << "'";
    EXPECT_EQ(ok.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(ok.error().message.find("reserved"), std::string::npos) << ok.error().message;
  }
}

TEST(SectionSlugTest, RejectsMalformedSlugs) {
  for (const char* slug : {"", "-politics", "politics-", "-", "Politics", "world news",
                           "world_news", "économie", "a/b", "a.b", "سیاست"}) {
    auto ok = ValidateSectionSlug(slug);
    ASSERT_FALSE(ok.has_value()) << "accepted '" << slug << "'";
    EXPECT_EQ(ok.error().code, ErrorCode::kInvalidArgument);
  }
  EXPECT_FALSE(ValidateSectionSlug(std::string(65, 'a')).has_value());
}

TEST(DirectionTest, NamesDirections) {
  EXPECT_STREQ(DirectionName(TextDirection::kLtr), "ltr");
  EXPECT_STREQ(DirectionName(TextDirection::kRtl), "rtl");
}

TEST(FindEditionTest, ReturnsTheEditionWithTheCode) {
  std::vector<Edition> editions(2);
  editions[0].code = "en";
  editions[0].name = "English";
  editions[1].code = "fa";
  editions[1].name = "فارسی";

  const Edition* fa = FindEdition(editions, "fa");
  ASSERT_NE(fa, nullptr);
  EXPECT_EQ(fa, &editions[1]);
  EXPECT_EQ(fa->name, "فارسی");
  const Edition* en = FindEdition(editions, "en");
  ASSERT_NE(en, nullptr);
  EXPECT_EQ(en, &editions[0]);
}

TEST(FindEditionTest, ReturnsNullForUnknownCode) {
  std::vector<Edition> editions(1);
  editions[0].code = "en";
  EXPECT_EQ(FindEdition(editions, "de"), nullptr);
  EXPECT_EQ(FindEdition(editions, "EN"), nullptr);
  EXPECT_EQ(FindEdition(editions, ""), nullptr);
  EXPECT_EQ(FindEdition({}, "en"), nullptr);
}

}  // namespace
}  // namespace herald
