#include "render/structured_data.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

#include "core/edition_testing.h"

namespace herald {
namespace {

using nlohmann::json;

constexpr UnixTime kT0 = 1482069840;  // 2016-12-18T14:04:00Z, 17:34 in Tehran.

Publisher TestPublisher() {
  return Publisher{"Herald News Agency", "https://news.example",
                   "https://news.example/static/logo.0123456789.png", 512, 512};
}

Article MakeArticle() {
  Article a;
  a.id = 425881;
  a.edition = "en";
  a.section = "politics";
  a.headline = "Budget passes";
  a.slug = "budget-passes";
  a.lead = "  Herald - The budget passed.  ";
  a.image_url = "/static/demo/politics.abc.svg";
  a.image_caption = "The chamber";
  a.byline = "By Sara Ahmadi";
  a.status = ArticleStatus::kPublished;
  a.created_at = kT0 - 600;
  a.published_at = kT0;
  a.updated_at = kT0 + 60;
  a.tags = {{"parliament", "Parliament"}, {"budget", "Budget"}};
  return a;
}

json Parse(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << text;
  return j;
}

TEST(AbsoluteUrlTest, JoinsSitePathsAndKeepsHttpUrls) {
  EXPECT_EQ(AbsoluteUrl("https://news.example", "/static/a.png"),
            "https://news.example/static/a.png");
  EXPECT_EQ(AbsoluteUrl("https://news.example", "https://cdn.example/a.jpg"),
            "https://cdn.example/a.jpg");
  EXPECT_EQ(AbsoluteUrl("https://news.example", "http://cdn.example/a.jpg"),
            "http://cdn.example/a.jpg");
  EXPECT_EQ(AbsoluteUrl("https://news.example", ""), "");
  EXPECT_EQ(AbsoluteUrl("https://news.example", "//cdn.example/a.jpg"), "");
  EXPECT_EQ(AbsoluteUrl("https://news.example", "a.jpg"), "");
  EXPECT_EQ(AbsoluteUrl("https://news.example", "javascript:alert(1)"), "");
}

TEST(OpenGraphLocaleTest, IsLanguageAndTerritory) {
  EXPECT_EQ(OpenGraphLocale(fixtures::PersianEdition()), "fa_IR");
  EXPECT_EQ(OpenGraphLocale(fixtures::EnglishEdition()), "en_US");  // Likely territory.
  Edition gb = fixtures::EnglishEdition();
  gb.locale = "en_GB";
  EXPECT_EQ(OpenGraphLocale(gb), "en_GB");
}

TEST(NewsArticleJsonLdTest, CarriesEveryField) {
  Article a = MakeArticle();
  json j = Parse(NewsArticleJsonLd(TestPublisher(), fixtures::EnglishEdition(), a, "Politics"));
  const std::string url = "https://news.example/en/news/425881/budget-passes";
  EXPECT_EQ(j["@context"], "https://schema.org");
  EXPECT_EQ(j["@type"], "NewsArticle");
  EXPECT_EQ(j["headline"], "Budget passes");
  EXPECT_EQ(j["description"], "Herald - The budget passed.");
  EXPECT_EQ(j["image"], json::array({"https://news.example/static/demo/politics.abc.svg"}));
  EXPECT_EQ(j["datePublished"], "2016-12-18T17:34:00+03:30");
  EXPECT_EQ(j["dateModified"], "2016-12-18T17:35:00+03:30");
  EXPECT_EQ(j["author"], json({{"@type", "Person"}, {"name", "Sara Ahmadi"}}));
  EXPECT_EQ(j["publisher"]["@type"], "Organization");
  EXPECT_EQ(j["publisher"]["name"], "Herald News Agency");
  EXPECT_EQ(j["publisher"]["url"], "https://news.example/");
  EXPECT_EQ(j["publisher"]["logo"],
            json({{"@type", "ImageObject"},
                  {"url", "https://news.example/static/logo.0123456789.png"},
                  {"width", 512},
                  {"height", 512}}));
  EXPECT_EQ(j["inLanguage"], "en");
  EXPECT_EQ(j["identifier"],
            json({{"@type", "PropertyValue"}, {"propertyID", "News ID"}, {"value", "425881"}}));
  EXPECT_EQ(j["url"], url);
  EXPECT_EQ(j["mainEntityOfPage"], json({{"@type", "WebPage"}, {"@id", url}}));
  EXPECT_EQ(j["articleSection"], "Politics");
  EXPECT_EQ(j["keywords"], json::array({"Parliament", "Budget"}));
  EXPECT_FALSE(j.contains("correction"));
}

TEST(NewsArticleJsonLdTest, CorrectionIsACorrectionCommentAndMovesDateModified) {
  Article a = MakeArticle();
  a.correction = "An earlier version gave the wrong total.";
  a.corrected_at = kT0 + 3600;
  json j = Parse(NewsArticleJsonLd(TestPublisher(), fixtures::PersianEdition(), a, ""));
  EXPECT_EQ(j["correction"], json({{"@type", "CorrectionComment"},
                                   {"text", "An earlier version gave the wrong total."},
                                   {"datePublished", "2016-12-18T18:34:00+03:30"}}));
  EXPECT_EQ(j["dateModified"], "2016-12-18T18:34:00+03:30");
  EXPECT_EQ(j["inLanguage"], "fa");
  EXPECT_FALSE(j.contains("articleSection"));
}

TEST(NewsArticleJsonLdTest, WithoutBylineImageOrTagsThePublisherIsTheAuthor) {
  Article a = MakeArticle();
  a.byline = "";
  a.image_url = "";
  a.tags.clear();
  Publisher p = TestPublisher();
  p.logo_width = p.logo_height = 0;  // Unknown size: left out.
  json j = Parse(NewsArticleJsonLd(p, fixtures::EnglishEdition(), a, "Politics"));
  EXPECT_EQ(j["author"]["@type"], "Organization");
  EXPECT_EQ(j["author"]["name"], "Herald News Agency");
  EXPECT_FALSE(j.contains("image"));
  EXPECT_FALSE(j.contains("keywords"));
  EXPECT_FALSE(j["publisher"]["logo"].contains("width"));
  EXPECT_FALSE(j["publisher"]["logo"].contains("height"));
}

TEST(NewsArticleJsonLdTest, NoTextCanCloseTheScriptElement) {
  Article a = MakeArticle();
  a.headline = "</script><script>alert(1)</script> <!-- & \xE2\x80\xA8 \xE2\x80\xA9";
  a.lead = "</SCRIPT >";
  a.byline = "<b>Eve</b>";
  a.tags = {{"x", "</script>"}};
  a.correction = "]]> -->";
  std::string text = NewsArticleJsonLd(TestPublisher(), fixtures::EnglishEdition(), a, "<i>");
  for (const char* bad : {"<", ">", "&", "\xE2\x80\xA8", "\xE2\x80\xA9"}) {
    EXPECT_EQ(text.find(bad), std::string::npos) << bad << " in " << text;
  }
  EXPECT_NE(text.find("\\u003c/script\\u003e"), std::string::npos) << text;
  // The escapes are JSON's own: the data reads back unchanged.
  json j = Parse(text);
  EXPECT_EQ(j["headline"], a.headline);
  EXPECT_EQ(j["description"], "</SCRIPT >");
  EXPECT_EQ(j["author"]["name"], "<b>Eve</b>");
  EXPECT_EQ(j["keywords"][0], "</script>");
  EXPECT_EQ(j["correction"]["text"], "]]> -->");
  EXPECT_EQ(j["articleSection"], "<i>");
}

TEST(NewsArticleJsonLdTest, NonAsciiTextStaysReadable) {
  Article a = MakeArticle();
  a.edition = "fa";
  a.headline = "تصویب بودجه";
  std::string text = NewsArticleJsonLd(TestPublisher(), fixtures::PersianEdition(), a, "سیاسی");
  EXPECT_NE(text.find("تصویب بودجه"), std::string::npos);
  EXPECT_EQ(Parse(text)["url"], "https://news.example/fa/news/425881/budget-passes");
}

TEST(WebSiteJsonLdTest, DescribesTheEditionFrontAndItsPublisher) {
  json j = Parse(WebSiteJsonLd(TestPublisher(), fixtures::PersianEdition()));
  EXPECT_EQ(j["@context"], "https://schema.org");
  ASSERT_EQ(j["@graph"].size(), 2u);
  const json& site = j["@graph"][0];
  const json& org = j["@graph"][1];
  EXPECT_EQ(site["@type"], "WebSite");
  EXPECT_EQ(site["url"], "https://news.example/fa/");
  EXPECT_EQ(site["name"], "Herald News Agency");
  EXPECT_EQ(site["inLanguage"], "fa");
  EXPECT_EQ(org["@type"], "Organization");
  EXPECT_EQ(site["publisher"]["@id"], org["@id"]);
  EXPECT_EQ(org["url"], "https://news.example/");
  EXPECT_EQ(org["logo"]["url"], "https://news.example/static/logo.0123456789.png");
}

}  // namespace
}  // namespace herald
