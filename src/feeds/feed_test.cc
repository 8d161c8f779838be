#include "feeds/feed.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <vector>

#include "core/edition_testing.h"
#include "feeds/feeds_testing.h"

namespace herald::feeds {
namespace {

using nlohmann::json;
using testing::Has;
using testing::IsWellFormedXml;
using testing::Lacks;

constexpr UnixTime kT0 = 1482069840;  // 2016-12-18T14:04:00Z.

class FeedTest : public ::testing::Test {
 protected:
  FeedTest() {
    site_ = SiteFacts{"Herald News", "https://news.example"};
    edition_ = fixtures::EnglishEdition();
    sections_ = {Section{"en", "politics", "Politics", 1}, Section{"en", "world", "World", 2}};

    Article a;
    a.id = 425881;
    a.edition = "en";
    a.section = "politics";
    a.tags = {{"aleppo", "Aleppo"}, {"iran", "Iran"}};
    a.headline = "Truce will hold, says security chief";
    a.slug = "truce-will-hold";
    a.lead = "Rasa - The truce must hold.";
    a.body_html = "<p>RNA - See <a href=\"/en/news/1/x\">this</a>.</p>";
    a.image_url = "/static/demo/politics.svg";
    a.image_caption = "The council chamber";
    a.byline = "Staff reporter";
    a.status = ArticleStatus::kPublished;
    a.created_at = kT0 - 600;
    a.published_at = kT0;
    a.updated_at = kT0 + 60;
    a.correction = "An earlier version misspelt a name.";
    a.corrected_at = kT0 + 120;
    a.revision = 3;
    articles_.push_back(a);

    Article b;
    b.id = 425880;
    b.edition = "en";
    b.section = "world";
    b.headline = "Older story";
    b.slug = "older-story";
    b.lead = "Lead two.";
    b.body_html = "<p>Two.</p>";
    b.status = ArticleStatus::kPublished;
    b.published_at = kT0 - 3600;
    b.updated_at = kT0 - 3600;
    articles_.push_back(b);
  }

  FeedInput Input(const Section* section = nullptr) {
    return FeedInput{&site_, &edition_, section, &sections_, &articles_, full_content_, kT0 + 999};
  }

  SiteFacts site_;
  Edition edition_;
  std::vector<Section> sections_;
  std::vector<Article> articles_;
  bool full_content_ = true;
};

TEST_F(FeedTest, FileNamesPathsAndContentTypes) {
  EXPECT_EQ(FeedFormatForFileName("rss.xml"), FeedFormat::kRss);
  EXPECT_EQ(FeedFormatForFileName("atom.xml"), FeedFormat::kAtom);
  EXPECT_EQ(FeedFormatForFileName("feed.json"), FeedFormat::kJsonFeed);
  EXPECT_EQ(FeedFormatForFileName("feed.xml"), std::nullopt);
  EXPECT_EQ(FeedPath("en", "", FeedFormat::kRss), "/en/rss.xml");
  EXPECT_EQ(FeedPath("fa", "politics", FeedFormat::kJsonFeed), "/fa/politics/feed.json");
  EXPECT_EQ(FeedContentType(FeedFormat::kRss), "application/rss+xml; charset=utf-8");
  EXPECT_EQ(FeedContentType(FeedFormat::kAtom), "application/atom+xml; charset=utf-8");
  EXPECT_EQ(FeedContentType(FeedFormat::kJsonFeed), "application/feed+json; charset=utf-8");
}

TEST_F(FeedTest, RssNamesEverythingAnItemNeeds) {
  std::string rss = RenderFeed(FeedFormat::kRss, Input());
  ASSERT_TRUE(IsWellFormedXml(rss));
  EXPECT_TRUE(Has(rss, "<rss version=\"2.0\""));
  EXPECT_TRUE(Has(rss, "xmlns:media=\"http://search.yahoo.com/mrss/\""));
  EXPECT_TRUE(Has(rss, "<title>Herald News — English</title>"));
  EXPECT_TRUE(Has(rss, "<link>https://news.example/en/</link>"));
  EXPECT_TRUE(Has(rss, "<language>en</language>"));
  EXPECT_TRUE(Has(rss,
                  "<atom:link href=\"https://news.example/en/rss.xml\" rel=\"self\" "
                  "type=\"application/rss+xml\"/>"));
  // The channel was last built when its newest change happened.
  EXPECT_TRUE(Has(rss, "<lastBuildDate>Sun, 18 Dec 2016 14:06:00 +0000</lastBuildDate>"));
  EXPECT_TRUE(Has(rss, "<link>https://news.example/en/news/425881/truce-will-hold</link>"));
  EXPECT_TRUE(Has(rss, "<guid isPermaLink=\"true\">https://news.example/news/425881</guid>"));
  EXPECT_TRUE(Has(rss, "<pubDate>Sun, 18 Dec 2016 14:04:00 +0000</pubDate>"));
  EXPECT_TRUE(Has(rss, "<atom:updated>2016-12-18T14:06:00Z</atom:updated>"));
  EXPECT_TRUE(Has(rss, "<dc:creator>Staff reporter</dc:creator>"));
  EXPECT_TRUE(
      Has(rss, "<category domain=\"https://news.example/en/politics/\">Politics</category>"));
  EXPECT_TRUE(Has(rss, "<category domain=\"https://news.example/en/tag/\">Aleppo</category>"));
  EXPECT_TRUE(Has(rss, "<category domain=\"https://news.example/en/world/\">World</category>"));
  EXPECT_TRUE(Has(rss, "<description>Rasa - The truce must hold.</description>"));
  // The body as escaped HTML, links made absolute, the correction after it.
  EXPECT_TRUE(Has(rss,
                  "<content:encoded>&lt;p&gt;RNA - See &lt;a "
                  "href=&quot;https://news.example/en/news/1/x&quot;&gt;this&lt;/a&gt;.&lt;/"
                  "p&gt;&lt;p class=&quot;correction&quot;&gt;&lt;em&gt;An earlier version "
                  "misspelt a name.&lt;/em&gt;&lt;/p&gt;</content:encoded>"));
  EXPECT_TRUE(Has(rss,
                  "<media:content url=\"https://news.example/static/demo/politics.svg\" "
                  "medium=\"image\" type=\"image/svg+xml\">"));
  EXPECT_TRUE(Has(rss, "<media:title type=\"plain\">The council chamber</media:title>"));
  // No <enclosure>: RSS requires its length, which is not known.
  EXPECT_TRUE(Lacks(rss, "<enclosure"));
  EXPECT_LT(rss.find("425881"), rss.find("425880")) << "newest first";
}

TEST_F(FeedTest, AtomNamesEverythingAnEntryNeeds) {
  std::string atom = RenderFeed(FeedFormat::kAtom, Input());
  ASSERT_TRUE(IsWellFormedXml(atom));
  EXPECT_TRUE(Has(atom, "<feed xmlns=\"http://www.w3.org/2005/Atom\""));
  EXPECT_TRUE(Has(atom, "xml:lang=\"en\""));
  EXPECT_TRUE(Has(atom, "<id>https://news.example/en/</id>"));
  EXPECT_TRUE(Has(atom, "<updated>2016-12-18T14:06:00Z</updated>"));
  EXPECT_TRUE(Has(atom,
                  "<link rel=\"self\" type=\"application/atom+xml\" "
                  "href=\"https://news.example/en/atom.xml\"/>"));
  EXPECT_TRUE(Has(atom, "<author>\n<name>Herald News</name>\n</author>"));
  EXPECT_TRUE(Has(atom, "<id>https://news.example/news/425881</id>"));
  EXPECT_TRUE(Has(atom,
                  "<link rel=\"alternate\" type=\"text/html\" "
                  "href=\"https://news.example/en/news/425881/truce-will-hold\"/>"));
  EXPECT_TRUE(Has(atom, "<published>2016-12-18T14:04:00Z</published>"));
  EXPECT_TRUE(Has(atom, "<author>\n<name>Staff reporter</name>\n</author>"));
  EXPECT_TRUE(Has(atom,
                  "<category term=\"politics\" label=\"Politics\" "
                  "scheme=\"https://news.example/en/\"/>"));
  EXPECT_TRUE(Has(atom,
                  "<category term=\"iran\" label=\"Iran\" "
                  "scheme=\"https://news.example/en/tag/\"/>"));
  EXPECT_TRUE(Has(atom, "<summary type=\"text\">Rasa - The truce must hold.</summary>"));
  EXPECT_TRUE(Has(atom, "<content type=\"html\">&lt;p&gt;RNA - See"));
  EXPECT_TRUE(Has(atom,
                  "<link rel=\"enclosure\" type=\"image/svg+xml\" "
                  "href=\"https://news.example/static/demo/politics.svg\"/>"));
}

TEST_F(FeedTest, JsonFeedNamesEverythingAnItemNeeds) {
  json feed = json::parse(RenderFeed(FeedFormat::kJsonFeed, Input()));
  EXPECT_EQ(feed["version"], "https://jsonfeed.org/version/1.1");
  EXPECT_EQ(feed["title"], "Herald News — English");
  EXPECT_EQ(feed["home_page_url"], "https://news.example/en/");
  EXPECT_EQ(feed["feed_url"], "https://news.example/en/feed.json");
  EXPECT_EQ(feed["language"], "en");
  EXPECT_EQ(feed["authors"][0]["name"], "Herald News");
  ASSERT_EQ(feed["items"].size(), 2u);
  const json& item = feed["items"][0];
  EXPECT_EQ(item["id"], "https://news.example/news/425881");
  EXPECT_EQ(item["url"], "https://news.example/en/news/425881/truce-will-hold");
  EXPECT_EQ(item["title"], "Truce will hold, says security chief");
  EXPECT_TRUE(Has(item["content_html"].get<std::string>(),
                  "<a href=\"https://news.example/en/news/1/x\">this</a>"));
  EXPECT_FALSE(item.contains("content_text"));
  EXPECT_EQ(item["summary"], "Rasa - The truce must hold.");
  EXPECT_EQ(item["image"], "https://news.example/static/demo/politics.svg");
  EXPECT_EQ(item["date_published"], "2016-12-18T14:04:00Z");
  EXPECT_EQ(item["date_modified"], "2016-12-18T14:06:00Z");
  EXPECT_EQ(item["authors"], json::parse(R"([{"name": "Staff reporter"}])"));
  EXPECT_EQ(item["tags"], json::parse(R"(["Politics", "Aleppo", "Iran"])"));
  EXPECT_EQ(item["language"], "en");
  EXPECT_FALSE(feed["items"][1].contains("authors"));
  EXPECT_FALSE(feed["items"][1].contains("image"));
}

TEST_F(FeedTest, SummaryModeGivesTheLeadInsteadOfTheBody) {
  full_content_ = false;
  std::string rss = RenderFeed(FeedFormat::kRss, Input());
  EXPECT_TRUE(IsWellFormedXml(rss));
  EXPECT_TRUE(Lacks(rss, "content:encoded>"));
  EXPECT_TRUE(Has(rss, "<description>Rasa - The truce must hold.</description>"));
  std::string atom = RenderFeed(FeedFormat::kAtom, Input());
  EXPECT_TRUE(Lacks(atom, "<content"));
  EXPECT_TRUE(Has(atom, "<summary type=\"text\">Rasa"));
  json feed = json::parse(RenderFeed(FeedFormat::kJsonFeed, Input()));
  EXPECT_EQ(feed["items"][0]["content_text"], "Rasa - The truce must hold.");
  EXPECT_FALSE(feed["items"][0].contains("content_html"));
}

TEST_F(FeedTest, SectionFeedsNameTheSectionAndLinkToIt) {
  const Section& politics = sections_[0];
  std::string atom = RenderFeed(FeedFormat::kAtom, Input(&politics));
  EXPECT_TRUE(Has(atom, "<title>Herald News — English — Politics</title>"));
  EXPECT_TRUE(Has(atom, "href=\"https://news.example/en/politics/atom.xml\""));
  EXPECT_TRUE(Has(atom, "<id>https://news.example/en/politics/</id>"));
  std::string rss = RenderFeed(FeedFormat::kRss, Input(&politics));
  EXPECT_TRUE(Has(rss, "<link>https://news.example/en/politics/</link>"));
  json feed = json::parse(RenderFeed(FeedFormat::kJsonFeed, Input(&politics)));
  EXPECT_EQ(feed["feed_url"], "https://news.example/en/politics/feed.json");
}

TEST_F(FeedTest, AnEmptyFeedIsValidAndDatedNow) {
  articles_.clear();
  std::string rss = RenderFeed(FeedFormat::kRss, Input());
  EXPECT_TRUE(IsWellFormedXml(rss));
  EXPECT_TRUE(Lacks(rss, "<item>"));
  std::string atom = RenderFeed(FeedFormat::kAtom, Input());
  EXPECT_TRUE(IsWellFormedXml(atom));
  EXPECT_TRUE(Has(atom, "<updated>2016-12-18T14:20:39Z</updated>"));
  json feed = json::parse(RenderFeed(FeedFormat::kJsonFeed, Input()));
  EXPECT_TRUE(feed["items"].empty());
}

TEST_F(FeedTest, PersianFeedsSayTheirLanguage) {
  edition_ = fixtures::PersianEdition();
  for (Article& a : articles_) a.edition = "fa";
  articles_[0].headline = "آتش‌بس حلب";
  std::string atom = RenderFeed(FeedFormat::kAtom, Input());
  EXPECT_TRUE(IsWellFormedXml(atom));
  EXPECT_TRUE(Has(atom, "xml:lang=\"fa\""));
  EXPECT_TRUE(Has(atom, "<title>آتش‌بس حلب</title>"));
  EXPECT_TRUE(Has(RenderFeed(FeedFormat::kRss, Input()), "<language>fa</language>"));
  EXPECT_EQ(json::parse(RenderFeed(FeedFormat::kJsonFeed, Input()))["language"], "fa");
}

TEST_F(FeedTest, HostileTextStaysWellFormedInEveryFormat) {
  for (Article& a : articles_) {
    a.headline = testing::kHostile;
    a.lead = testing::kHostile;
    a.byline = testing::kHostile;
    a.image_caption = testing::kHostile;
    a.correction = testing::kHostile;
    a.body_html = "<p>" + testing::kHostile + "</p>";
    a.tags = {{"x", testing::kHostile}};
    a.image_url = "/static/a.png?x=\"1\"&y=<2>";
  }
  sections_[0].name = testing::kHostile;
  site_.name = testing::kHostile;
  edition_.name = testing::kHostile;
  for (bool full : {true, false}) {
    full_content_ = full;
    EXPECT_TRUE(IsWellFormedXml(RenderFeed(FeedFormat::kRss, Input(&sections_[0]))));
    EXPECT_TRUE(IsWellFormedXml(RenderFeed(FeedFormat::kAtom, Input(&sections_[0]))));
    json feed = json::parse(RenderFeed(FeedFormat::kJsonFeed, Input()), nullptr, false);
    EXPECT_FALSE(feed.is_discarded());
  }
}

}  // namespace
}  // namespace herald::feeds
