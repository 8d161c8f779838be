#include "core/article.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace herald {
namespace {

const std::string kBadUtf8 = "caf\xC3";  // Truncated two-byte sequence.

std::vector<Edition> TestEditions() {
  Edition en;
  en.code = "en";
  en.language = "en";
  Edition fa;
  fa.code = "fa";
  fa.language = "fa";
  fa.direction = TextDirection::kRtl;
  return {en, fa};
}

Article ValidArticle() {
  Article a;
  a.id = 425881;
  a.edition = "en";
  a.section = "politics";
  a.tags = {Tag{"syria", "Syria"}, Tag{"aleppo", "Aleppo"}};
  a.headline = "Envoys meet in Tehran to discuss a lasting ceasefire";
  a.slug = "envoys-meet-in-tehran-to-discuss-a-lasting-ceasefire";
  a.lead = "Agency - Envoys met on Sunday.";
  a.body = "First paragraph.\n\nSecond paragraph.";
  a.image_url = "https://images.example.org/a.jpg";
  a.image_caption = "The envoys, before the meeting";
  a.byline = "Staff writer";
  a.status = ArticleStatus::kPublished;
  return a;
}

// Expects `a` to fail validation with InvalidArgument and a message
// containing `needle`.
void ExpectInvalid(const Article& a, const std::string& needle) {
  auto ok = ValidateArticle(a, TestEditions());
  ASSERT_FALSE(ok.has_value()) << "accepted an article; expected an error about " << needle;
  EXPECT_EQ(ok.error().code, ErrorCode::kInvalidArgument) << ok.error().message;
  EXPECT_NE(ok.error().message.find(needle), std::string::npos) << ok.error().message;
}

std::string Repeat(const std::string& s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

TEST(ValidateArticleTest, AcceptsValidArticle) {
  auto ok = ValidateArticle(ValidArticle(), TestEditions());
  EXPECT_TRUE(ok.has_value()) << ok.error().message;
}

TEST(ValidateArticleTest, AcceptsPersianArticleAndEachImageUrlForm) {
  Article a = ValidArticle();
  a.edition = "fa";
  a.headline = "دیدار فرستادگان در تهران";
  a.image_url = "";
  auto ok = ValidateArticle(a, TestEditions());
  EXPECT_TRUE(ok.has_value()) << ok.error().message;
  a.image_url = "/media/2016/12/a.jpg";
  ok = ValidateArticle(a, TestEditions());
  EXPECT_TRUE(ok.has_value()) << ok.error().message;
  a.image_url = "http://images.example.org/a.jpg";
  ok = ValidateArticle(a, TestEditions());
  EXPECT_TRUE(ok.has_value()) << ok.error().message;
}

TEST(ValidateArticleTest, RejectsUnknownEdition) {
  Article a = ValidArticle();
  a.edition = "de";
  ExpectInvalid(a, "edition");
  a.edition = "";
  ExpectInvalid(a, "edition");
}

TEST(ValidateArticleTest, RejectsReservedSectionSlug) {
  Article a = ValidArticle();
  a.section = "news";
  ExpectInvalid(a, "section");
}

TEST(ValidateArticleTest, RejectsMalformedSectionSlug) {
  Article a = ValidArticle();
  for (const char* slug : {"", "Politics", "-politics", "world news"}) {
    a.section = slug;
    ExpectInvalid(a, "section");
  }
}

TEST(ValidateArticleTest, RejectsEmptyOrBlankHeadline) {
  Article a = ValidArticle();
  a.headline = "";
  ExpectInvalid(a, "headline");
  a.headline = " \t\xC2\xA0 ";  // Spaces and a no-break space.
  ExpectInvalid(a, "headline");
}

TEST(ValidateArticleTest, HeadlineLimitCountsCodePointsNotBytes) {
  Article a = ValidArticle();
  a.headline = Repeat("خ", kMaxHeadline);  // 300 code points, 600 bytes.
  auto ok = ValidateArticle(a, TestEditions());
  EXPECT_TRUE(ok.has_value()) << ok.error().message;
  a.headline = Repeat("x", kMaxHeadline + 1);
  ExpectInvalid(a, "headline");
  a.headline = Repeat("خ", kMaxHeadline + 1);
  ExpectInvalid(a, "headline");
}

TEST(ValidateArticleTest, RejectsOverlongLeadAndCaption) {
  Article a = ValidArticle();
  a.lead = Repeat("x", kMaxLead + 1);
  ExpectInvalid(a, "lead");
  a = ValidArticle();
  a.image_caption = Repeat("x", kMaxCaption + 1);
  ExpectInvalid(a, "image_caption");
}

// Every text field of an article, by the name its errors use.
struct TextField {
  const char* field;
  std::string Article::*member;
};
constexpr TextField kTextFields[] = {
    {"headline", &Article::headline},
    {"lead", &Article::lead},
    {"body", &Article::body},
    {"image_caption", &Article::image_caption},
    {"image_credit", &Article::image_credit},
    {"byline", &Article::byline},
    {"correction", &Article::correction},
    {"image_url", &Article::image_url},
};

TEST(ValidateArticleTest, RejectsInvalidUtf8InEachTextField) {
  for (const TextField& c : kTextFields) {
    SCOPED_TRACE(c.field);
    Article a = ValidArticle();
    a.*(c.member) = "ok " + kBadUtf8;
    ExpectInvalid(a, c.field);
  }
}

TEST(ValidateArticleTest, RejectsControlCharactersButKeepsLineBreaksAndTabs) {
  for (const TextField& c : kTextFields) {
    SCOPED_TRACE(c.field);
    for (std::string bad :
         {std::string("a\0b", 3), std::string("a\x1b[31mb"), std::string("a\x7f")}) {
      Article a = ValidArticle();
      a.*(c.member) = bad;
      ExpectInvalid(a, c.field);
    }
  }
  Article a = ValidArticle();
  a.body = "First line\r\n\tindented\n";
  a.lead = "Two\nlines";
  EXPECT_TRUE(ValidateArticle(a, TestEditions()).has_value());
}

TEST(ValidateArticleTest, RejectsInvalidUtf8InTagName) {
  Article a = ValidArticle();
  a.tags.push_back(Tag{"cafe", kBadUtf8});
  auto ok = ValidateArticle(a, TestEditions());
  ASSERT_FALSE(ok.has_value()) << "accepted a tag name that is not valid UTF-8";
  EXPECT_EQ(ok.error().code, ErrorCode::kInvalidArgument);
}

TEST(ValidateArticleTest, RejectsUnsafeImageUrls) {
  for (const char* url :
       {"javascript:alert(1)", "JavaScript:alert(1)", "data:image/png;base64,AAAA",
        "//evil.example.org/a.jpg", "ftp://example.org/a.jpg", "images/a.jpg",
        "https://example.org/a b.jpg", "https://example.org/\"onerror=\"x", "/a<script>.jpg"}) {
    SCOPED_TRACE(url);
    Article a = ValidArticle();
    a.image_url = url;
    ExpectInvalid(a, "image_url");
  }
}

TEST(ValidateArticleTest, AllowsUpToMaxTags) {
  Article a = ValidArticle();
  a.tags.clear();
  for (size_t i = 0; i < kMaxTags; ++i) {
    a.tags.push_back(Tag{"t" + std::to_string(i), "T" + std::to_string(i)});
  }
  auto ok = ValidateArticle(a, TestEditions());
  EXPECT_TRUE(ok.has_value()) << ok.error().message;
  a.tags.push_back(Tag{"one-more", "One more"});
  ExpectInvalid(a, "tags");
}

TEST(ValidateArticleTest, BodyOverLimitIsTooLarge) {
  Article a = ValidArticle();
  a.body = std::string(kMaxBodyBytes, 'x');
  auto ok = ValidateArticle(a, TestEditions());
  EXPECT_TRUE(ok.has_value()) << ok.error().message;
  a.body.push_back('x');
  ok = ValidateArticle(a, TestEditions());
  ASSERT_FALSE(ok.has_value());
  EXPECT_EQ(ok.error().code, ErrorCode::kTooLarge);
  EXPECT_NE(ok.error().message.find("body"), std::string::npos) << ok.error().message;
}

TEST(MakeTagsTest, TrimsAndKeepsOrder) {
  auto tags = MakeTags({"  Syria ", "Aleppo", "\xC2\xA0Iran\xC2\xA0"});
  ASSERT_TRUE(tags.has_value()) << tags.error().message;
  ASSERT_EQ(tags->size(), 3u);
  EXPECT_EQ((*tags)[0].name, "Syria");
  EXPECT_EQ((*tags)[0].slug, "syria");
  EXPECT_EQ((*tags)[1].name, "Aleppo");
  EXPECT_EQ((*tags)[1].slug, "aleppo");
  EXPECT_EQ((*tags)[2].name, "Iran");
  EXPECT_EQ((*tags)[2].slug, "iran");
}

TEST(MakeTagsTest, DedupesBySlugKeepingFirstSpelling) {
  auto tags = MakeTags({"Middle East", "middle-east", "MIDDLE EAST", "Russia", "Middle  East!"});
  ASSERT_TRUE(tags.has_value()) << tags.error().message;
  ASSERT_EQ(tags->size(), 2u);
  EXPECT_EQ((*tags)[0].name, "Middle East");
  EXPECT_EQ((*tags)[0].slug, "middle-east");
  EXPECT_EQ((*tags)[1].name, "Russia");
}

TEST(MakeTagsTest, DropsEmptyNames) {
  auto tags = MakeTags({"", "   ", "Syria", "\t"});
  ASSERT_TRUE(tags.has_value()) << tags.error().message;
  ASSERT_EQ(tags->size(), 1u);
  EXPECT_EQ((*tags)[0].name, "Syria");
  auto none = MakeTags({});
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->empty());
}

TEST(MakeTagsTest, TransliteratesNonLatinNames) {
  auto tags = MakeTags({"سوریه"});
  ASSERT_TRUE(tags.has_value()) << tags.error().message;
  ASSERT_EQ(tags->size(), 1u);
  EXPECT_EQ((*tags)[0].name, "سوریه");
  EXPECT_NE((*tags)[0].slug, "");
  EXPECT_NE((*tags)[0].slug, "article");
}

TEST(MakeTagsTest, RejectsInvalidUtf8) {
  auto tags = MakeTags({"Syria", kBadUtf8});
  ASSERT_FALSE(tags.has_value());
  EXPECT_EQ(tags.error().code, ErrorCode::kInvalidArgument);
}

TEST(MakeTagsTest, RejectsTooManyDistinctTags) {
  std::vector<std::string> names;
  for (size_t i = 0; i < kMaxTags; ++i) names.push_back("Tag " + std::to_string(i));
  auto ok = MakeTags(names);
  ASSERT_TRUE(ok.has_value()) << ok.error().message;
  EXPECT_EQ(ok->size(), kMaxTags);
  names.push_back("Tag extra");
  auto too_many = MakeTags(names);
  ASSERT_FALSE(too_many.has_value());
  EXPECT_EQ(too_many.error().code, ErrorCode::kInvalidArgument);
}

TEST(MakeTagsTest, DuplicatesDoNotCountTowardsTheLimit) {
  std::vector<std::string> names;
  for (size_t i = 0; i < kMaxTags; ++i) names.push_back("Tag " + std::to_string(i));
  for (size_t i = 0; i < kMaxTags; ++i) names.push_back("tag-" + std::to_string(i));
  auto tags = MakeTags(names);
  ASSERT_TRUE(tags.has_value()) << tags.error().message;
  EXPECT_EQ(tags->size(), kMaxTags);
}

TEST(StatusTest, NamesRoundTrip) {
  for (ArticleStatus s : {ArticleStatus::kDraft, ArticleStatus::kScheduled,
                          ArticleStatus::kPublished, ArticleStatus::kUnpublished}) {
    auto parsed = ParseStatus(StatusName(s));
    ASSERT_TRUE(parsed.has_value()) << StatusName(s);
    EXPECT_EQ(*parsed, s);
  }
  EXPECT_STREQ(StatusName(ArticleStatus::kDraft), "draft");
  EXPECT_STREQ(StatusName(ArticleStatus::kScheduled), "scheduled");
  EXPECT_STREQ(StatusName(ArticleStatus::kPublished), "published");
  EXPECT_STREQ(StatusName(ArticleStatus::kUnpublished), "unpublished");
}

TEST(StatusTest, ParseRejectsUnknownNames) {
  for (const char* name : {"", "Published", "PUBLISHED", " draft", "draft ", "deleted", "public"}) {
    EXPECT_FALSE(ParseStatus(name).has_value()) << "'" << name << "'";
  }
}

TEST(StatusTest, OnlyPublishedIsPublic) {
  Article a = ValidArticle();
  a.status = ArticleStatus::kPublished;
  EXPECT_TRUE(IsPublic(a));
  for (ArticleStatus s :
       {ArticleStatus::kDraft, ArticleStatus::kScheduled, ArticleStatus::kUnpublished}) {
    a.status = s;
    EXPECT_FALSE(IsPublic(a)) << StatusName(s);
  }
}

TEST(CanonicalPathTest, JoinsEditionIdAndSlug) {
  Article a = ValidArticle();
  EXPECT_EQ(CanonicalPath(a),
            "/en/news/425881/envoys-meet-in-tehran-to-discuss-a-lasting-ceasefire");
  a.edition = "fa";
  a.id = 7;
  a.slug = "dydar";
  EXPECT_EQ(CanonicalPath(a), "/fa/news/7/dydar");
}

TEST(CanonicalPathTest, OmitsEmptySlug) {
  Article a = ValidArticle();
  a.slug = "";
  EXPECT_EQ(CanonicalPath(a), "/en/news/425881");
}

TEST(ChangedAtTest, IsTheLatestOfUpdateCorrectionAndPublication) {
  Article a;
  a.published_at = 1000;
  a.updated_at = 1060;
  EXPECT_EQ(ChangedAt(a), 1060);
  a.corrected_at = 4600;
  EXPECT_EQ(ChangedAt(a), 4600);
  a.updated_at = 400;  // Written before a scheduled publication.
  a.corrected_at = 0;
  EXPECT_EQ(ChangedAt(a), 1000);
}

}  // namespace
}  // namespace herald
