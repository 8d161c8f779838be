#include "feeds/sitemap.h"

#include <gtest/gtest.h>

#include <vector>

#include "core/edition_testing.h"
#include "feeds/feeds_testing.h"

namespace herald::feeds {
namespace {

using testing::Has;
using testing::IsWellFormedXml;
using testing::Lacks;

constexpr UnixTime kT0 = 1482069840;  // 2016-12-18T14:04:00Z, 17:34 in Tehran.

const SiteFacts kSite{"Herald News", "https://news.example"};

size_t Count(std::string_view haystack, std::string_view needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string_view::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

Article Story(NewsId id, std::string edition, std::string slug, UnixTime published_at) {
  Article a;
  a.id = id;
  a.edition = std::move(edition);
  a.section = "politics";
  a.headline = "Headline " + std::to_string(id);
  a.slug = std::move(slug);
  a.status = ArticleStatus::kPublished;
  a.published_at = published_at;
  a.updated_at = published_at;
  return a;
}

TEST(SitemapFileTest, PathsAndNamesRoundTrip) {
  EXPECT_EQ(SitemapFilePath({2016, 12, 1}), "/sitemaps/2016-12.xml");
  EXPECT_EQ(SitemapFilePath({2017, 1, 3}), "/sitemaps/2017-01-3.xml");
  for (SitemapFile f : {SitemapFile{2016, 12, 1}, SitemapFile{2017, 1, 3}}) {
    std::string path = SitemapFilePath(f);
    auto parsed = ParseSitemapFileName(path.substr(path.rfind('/') + 1));
    ASSERT_TRUE(parsed.has_value()) << path;
    EXPECT_EQ(parsed->year, f.year);
    EXPECT_EQ(parsed->month, f.month);
    EXPECT_EQ(parsed->part, f.part);
  }
}

TEST(SitemapFileTest, RejectsEveryOtherName) {
  for (std::string_view bad :
       {"2016-12", "2016-12.txt", "2016-13.xml", "2016-00.xml", "16-12.xml", "2016-1.xml",
        "2016-12-1.xml", "2016-12-0.xml", "2016-12-02.xml", "2016-12-.xml", "2016-12-x.xml",
        "2016-12-2-3.xml", "abcd-12.xml", ".xml", "", "2016-12-9999999.xml"}) {
    EXPECT_EQ(ParseSitemapFileName(bad), std::nullopt) << bad;
  }
}

TEST(SitemapFileTest, MonthRangeIsTheUtcCalendarMonth) {
  EXPECT_EQ(MonthRange(2016, 12), (std::pair<UnixTime, UnixTime>{1480550400, 1483228800}));
  EXPECT_EQ(MonthRange(2016, 2).second - MonthRange(2016, 2).first, 29 * 86400);
  EXPECT_EQ(MonthRange(1970, 1).first, 0);
}

TEST(SitemapIndexTest, ListsEveryMonthAndSplitsLargeOnes) {
  std::vector<SitemapMonth> months = {{2016, 11, 3, kT0 - 40 * 86400}, {2016, 12, 5, kT0}};
  std::string xml = RenderSitemapIndex(kSite, months, /*urls_per_file=*/2);
  ASSERT_TRUE(IsWellFormedXml(xml));
  EXPECT_TRUE(Has(xml, "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
  EXPECT_TRUE(Has(xml, "<loc>https://news.example/sitemaps/2016-11.xml</loc>"));
  EXPECT_TRUE(Has(xml, "<loc>https://news.example/sitemaps/2016-11-2.xml</loc>"));
  EXPECT_TRUE(Lacks(xml, "2016-11-3.xml"));
  EXPECT_TRUE(Has(xml, "<loc>https://news.example/sitemaps/2016-12-3.xml</loc>"));
  EXPECT_TRUE(Lacks(xml, "2016-12-4.xml"));
  EXPECT_EQ(Count(xml, "<sitemap>"), 5u);
  EXPECT_EQ(Count(xml, "<lastmod>2016-12-18T14:04:00Z</lastmod>"), 3u);

  EXPECT_TRUE(IsWellFormedXml(RenderSitemapIndex(kSite, {})));
  EXPECT_EQ(Count(RenderSitemapIndex(kSite, {{2016, 12, 10'000, kT0}}), "<sitemap>"), 1u);
  EXPECT_EQ(Count(RenderSitemapIndex(kSite, {{2016, 12, 10'001, kT0}}), "<sitemap>"), 2u);
}

TEST(MonthSitemapTest, ListsEachArticleWithItsLastModification) {
  std::vector<Article> articles = {Story(2, "en", "second", kT0 + 60),
                                   Story(1, "en", "first", kT0)};
  articles[1].corrected_at = kT0 + 500;
  std::string xml = RenderMonthSitemap(kSite, {fixtures::EnglishEdition()}, articles, articles);
  ASSERT_TRUE(IsWellFormedXml(xml));
  EXPECT_TRUE(Has(xml,
                  "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
                  "xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">"));
  EXPECT_TRUE(Has(xml,
                  "<url>\n<loc>https://news.example/en/news/2/second</loc>\n"
                  "<lastmod>2016-12-18T14:05:00Z</lastmod>\n</url>"));
  EXPECT_TRUE(Has(xml,
                  "<loc>https://news.example/en/news/1/first</loc>\n"
                  "<lastmod>2016-12-18T14:12:20Z</lastmod>"));
  // Stories without other versions have no alternates.
  EXPECT_TRUE(Lacks(xml, "xhtml:link"));
}

TEST(MonthSitemapTest, NamesEveryPublishedVersionOfAStoryByLanguage) {
  std::vector<Edition> editions = {fixtures::EnglishEdition(), fixtures::PersianEdition()};
  Article en = Story(10, "en", "truce", kT0);
  Article fa = Story(11, "fa", "atash-bas", kT0 + 5);
  fa.translation_group = 10;
  Article draft = Story(12, "de", "entwurf", kT0);  // An edition no longer configured.
  draft.translation_group = 10;
  Article withdrawn = Story(13, "fa", "old", kT0);
  withdrawn.translation_group = 10;
  withdrawn.status = ArticleStatus::kUnpublished;
  std::string xml = RenderMonthSitemap(kSite, editions, {en, draft}, {en, fa, draft, withdrawn});
  ASSERT_TRUE(IsWellFormedXml(xml));
  EXPECT_TRUE(Has(xml,
                  "<xhtml:link rel=\"alternate\" hreflang=\"en\" "
                  "href=\"https://news.example/en/news/10/truce\"/>"));
  EXPECT_TRUE(Has(xml,
                  "<xhtml:link rel=\"alternate\" hreflang=\"fa\" "
                  "href=\"https://news.example/fa/news/11/atash-bas\"/>"));
  EXPECT_EQ(Count(xml, "<xhtml:link"), 2u);
  EXPECT_TRUE(Lacks(xml, "/news/12/"));
  EXPECT_TRUE(Lacks(xml, "/news/13/"));
}

TEST(NewsSitemapTest, GivesPublicationLanguageLocalDateAndTitle) {
  std::vector<Edition> editions = {fixtures::EnglishEdition(), fixtures::PersianEdition()};
  Article en = Story(1, "en", "truce", kT0);
  en.headline = "Truce & \"hope\"";
  Article fa = Story(2, "fa", "atash-bas", kT0);
  fa.headline = "آتش‌بس";
  std::string xml = RenderNewsSitemap(kSite, editions, {en, fa});
  ASSERT_TRUE(IsWellFormedXml(xml));
  EXPECT_TRUE(Has(xml, "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\""));
  EXPECT_TRUE(Has(xml,
                  "<loc>https://news.example/en/news/1/truce</loc>\n<news:news>\n"
                  "<news:publication>\n<news:name>Herald News</news:name>\n"
                  "<news:language>en</news:language>\n</news:publication>\n"
                  "<news:publication_date>2016-12-18T17:34:00+03:30</news:publication_date>\n"
                  "<news:title>Truce &amp; &quot;hope&quot;</news:title>"));
  EXPECT_TRUE(Has(xml, "<news:language>fa</news:language>"));
  EXPECT_TRUE(Has(xml, "<news:title>آتش‌بس</news:title>"));
}

TEST(NewsSitemapTest, ListsAtMostAThousandUrls) {
  std::vector<Article> many;
  for (int i = 0; i < 1005; ++i) many.push_back(Story(5000 - i, "en", "s", kT0 - i));
  std::string xml = RenderNewsSitemap(kSite, {fixtures::EnglishEdition()}, many);
  EXPECT_TRUE(IsWellFormedXml(xml));
  EXPECT_EQ(Count(xml, "<url>"), static_cast<size_t>(kNewsSitemapMaxUrls));
  EXPECT_TRUE(Has(xml, "/news/5000/s<"));
  EXPECT_TRUE(Lacks(xml, "/news/4000/s<"));
}

TEST(RobotsTest, OpensTheSiteClosesTheApiAndDeskAndNamesBothSitemaps) {
  std::string robots = RenderRobotsTxt(kSite);
  EXPECT_TRUE(Has(robots, "User-agent: *\nAllow: /\nDisallow: /api/\nDisallow: /desk/\n"));
  EXPECT_TRUE(Has(robots, "\nSitemap: https://news.example/sitemap.xml\n"));
  EXPECT_TRUE(Has(robots, "\nSitemap: https://news.example/sitemap-news.xml\n"));
}

TEST(SitemapTest, HostileTextStaysWellFormed) {
  SiteFacts site{testing::kHostile, "https://news.example"};
  Article a = Story(1, "en", "s", kT0);
  a.headline = testing::kHostile;
  Edition e = fixtures::EnglishEdition();
  e.language = testing::kHostile;
  EXPECT_TRUE(IsWellFormedXml(RenderNewsSitemap(site, {e}, {a})));
  Article b = Story(2, "fa", "t", kT0);
  b.translation_group = 1;
  EXPECT_TRUE(
      IsWellFormedXml(RenderMonthSitemap(site, {e, fixtures::PersianEdition()}, {a}, {a, b})));
}

}  // namespace
}  // namespace herald::feeds
