// What machines read in the pages' heads, end to end: schema.org JSON-LD
// (parsed as JSON), OpenGraph and Twitter card tags, canonical and hreflang
// links across editions, feed autodiscovery and the publisher logo, from the
// real herald binary serving the demo site.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "support/herald_process.h"
#include "support/http_client.h"

namespace herald::testing {
namespace {

using nlohmann::json;
using NewsId = int64_t;

constexpr const char* kBase = "http://localhost:8080";  // The default site.base_url.
constexpr const char* kReferencePath =
    "/en/news/425881/irans-security-chief-calls-for-guarantees-that-the-aleppo-truce-will-hold";
// ISO 8601 with an explicit offset, as the Tehran editions print it.
const std::regex kTehranTime(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[34]:30)");

std::string Head(const std::string& html) { return html.substr(0, html.find("</head>")); }

std::string HtmlUnescape(std::string s) {
  static const std::pair<const char*, const char*> kEntities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&#39;", "'"}};
  for (const auto& [entity, text] : kEntities) {
    for (size_t at = s.find(entity); at != std::string::npos; at = s.find(entity, at + 1)) {
      s.replace(at, std::string(entity).size(), text);
    }
  }
  for (size_t at = s.find("&amp;"); at != std::string::npos; at = s.find("&amp;", at + 1)) {
    s.replace(at, 5, "&");
  }
  return s;
}

// The content of every <meta {attr}="{name}" content="..."> in the head, in order.
std::vector<std::string> Metas(const std::string& html, const std::string& attr,
                               const std::string& name) {
  std::vector<std::string> out;
  std::string head = Head(html);
  std::string open = "<meta " + attr + "=\"" + name + "\" content=\"";
  for (size_t at = head.find(open); at != std::string::npos; at = head.find(open, at + 1)) {
    size_t start = at + open.size();
    out.push_back(HtmlUnescape(head.substr(start, head.find('"', start) - start)));
  }
  return out;
}

// The one <meta property=...> (OpenGraph) or name=... (Twitter) value; "" if absent.
std::string Og(const std::string& html, const std::string& property) {
  auto all = Metas(html, "property", property);
  EXPECT_LE(all.size(), 1u) << property;
  return all.empty() ? "" : all.front();
}
std::string Twitter(const std::string& html, const std::string& name) {
  auto all = Metas(html, "name", name);
  EXPECT_LE(all.size(), 1u) << name;
  return all.empty() ? "" : all.front();
}

// hreflang -> href of every <link rel="alternate" hreflang=...> in the head.
std::vector<std::pair<std::string, std::string>> Alternates(const std::string& html) {
  std::vector<std::pair<std::string, std::string>> out;
  std::string head = Head(html);
  static const std::regex kLink(R"re(<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">)re");
  for (std::sregex_iterator it(head.begin(), head.end(), kLink), end; it != end; ++it) {
    out.emplace_back((*it)[1], HtmlUnescape((*it)[2]));
  }
  return out;
}

// type -> href of every feed autodiscovery link in the head.
std::vector<std::pair<std::string, std::string>> FeedLinks(const std::string& html) {
  std::vector<std::pair<std::string, std::string>> out;
  std::string head = Head(html);
  static const std::regex kLink(
      R"re(<link rel="alternate" type="([^"]+)" title="[^"]+" href="([^"]+)">)re");
  for (std::sregex_iterator it(head.begin(), head.end(), kLink), end; it != end; ++it) {
    out.emplace_back((*it)[1], (*it)[2]);
  }
  return out;
}

// The JSON-LD block of the page, as its raw text.
std::string JsonLdText(const std::string& html) {
  const std::string open = "<script type=\"application/ld+json\">";
  size_t at = html.find(open);
  if (at == std::string::npos) return "";
  at += open.size();
  return html.substr(at, html.find("</script>", at) - at);
}

json JsonLd(const std::string& html) {
  EXPECT_EQ(Head(html).find("<script type=\"application/ld+json\">"),
            html.find("<script type=\"application/ld+json\">"))
      << "JSON-LD belongs in the head";
  json j = json::parse(JsonLdText(html), nullptr, false);
  EXPECT_TRUE(j.is_object()) << JsonLdText(html);
  return j;
}

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

// The path of the first link to an article of `edition` on `html`.
std::string FirstArticleLink(const std::string& html, const std::string& edition) {
  size_t at = html.find("href=\"/" + edition + "/news/");
  if (at == std::string::npos) return "";
  at += 6;
  return html.substr(at, html.find('"', at) - at);
}

class StructuredDataTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new HeraldServer();
    token_ = new std::string(server_->CreateToken());
  }
  static void TearDownTestSuite() {
    delete server_;
    delete token_;
  }
  static int port() { return server_->port(); }

  static HttpResponse Call(const std::string& method, const std::string& target,
                           const std::string& body = "") {
    return FetchApi(port(), method, target, *token_, body);
  }
  // Creates and publishes an article; returns its id and canonical path.
  static std::pair<NewsId, std::string> Publish(const json& fields) {
    HttpResponse created = Call("POST", "/api/v1/articles", fields.dump());
    EXPECT_EQ(created.status, 201) << created.body;
    json j = json::parse(created.body, nullptr, false);
    NewsId id = j.value("id", NewsId{0});
    HttpResponse published = Call("POST", "/api/v1/articles/" + std::to_string(id) + "/publish");
    EXPECT_EQ(published.status, 200) << published.body;
    HttpResponse redirect = Get(port(), "/news/" + std::to_string(id));
    EXPECT_EQ(redirect.status, 301);
    return {id, redirect.Header("location")};
  }

  static HeraldServer* server_;
  static std::string* token_;
};
HeraldServer* StructuredDataTest::server_ = nullptr;
std::string* StructuredDataTest::token_ = nullptr;

TEST_F(StructuredDataTest, ReferenceArticleCarriesTheNewsArticleJsonLd) {
  HttpResponse r = Get(port(), kReferencePath);
  ASSERT_EQ(r.status, 200);
  json ld = JsonLd(r.body);
  const std::string url = std::string(kBase) + kReferencePath;
  EXPECT_EQ(ld["@context"], "https://schema.org");
  EXPECT_EQ(ld["@type"], "NewsArticle");
  EXPECT_TRUE(ld["headline"].get<std::string>().starts_with("Iran’s security chief calls for"))
      << ld["headline"];
  EXPECT_TRUE(ld["description"].get<std::string>().starts_with("Rasa - A top Iranian official"))
      << ld["description"];
  EXPECT_EQ(ld["datePublished"], "2016-12-18T17:34:00+03:30");  // The dateline, with its zone.
  std::string modified = ld["dateModified"];
  EXPECT_TRUE(std::regex_match(modified, kTehranTime)) << modified;
  EXPECT_GE(modified, ld["datePublished"].get<std::string>());
  // No byline on the wire page: the agency is the author.
  EXPECT_EQ(ld["author"]["@type"], "Organization");
  EXPECT_EQ(ld["author"]["name"], "Herald News Agency");
  EXPECT_EQ(ld["publisher"]["@type"], "Organization");
  EXPECT_EQ(ld["publisher"]["name"], "Herald News Agency");
  EXPECT_EQ(ld["publisher"]["logo"]["@type"], "ImageObject");
  EXPECT_EQ(ld["publisher"]["logo"]["width"], 512);
  EXPECT_EQ(ld["publisher"]["logo"]["height"], 512);
  EXPECT_EQ(ld["inLanguage"], "en");
  EXPECT_EQ(ld["identifier"]["@type"], "PropertyValue");
  EXPECT_EQ(ld["identifier"]["propertyID"], "News ID");
  EXPECT_EQ(ld["identifier"]["value"], "425881");
  EXPECT_EQ(ld["url"], url);
  EXPECT_EQ(ld["mainEntityOfPage"]["@id"], url);
  EXPECT_EQ(ld["articleSection"], "Politics");
  EXPECT_EQ(ld["keywords"], json({"Syria", "Aleppo", "Iran"}));
  EXPECT_FALSE(ld.contains("correction"));
  EXPECT_FALSE(ld.contains("image"));
  EXPECT_NE(r.body.find("<link rel=\"canonical\" href=\"" + url + "\">"), std::string::npos);
}

TEST_F(StructuredDataTest, ThePublisherLogoIsARasterServedForever) {
  json ld = JsonLd(Get(port(), kReferencePath).body);
  std::string logo = ld["publisher"]["logo"]["url"];
  ASSERT_TRUE(logo.starts_with(std::string(kBase) + "/static/logo.") && logo.ends_with(".png"))
      << logo;
  HttpResponse r = Get(port(), logo.substr(std::string(kBase).size()));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-type"), "image/png");
  EXPECT_EQ(r.Header("cache-control"), "public, max-age=31536000, immutable");
  ASSERT_GT(r.body.size(), 24u);
  EXPECT_EQ(r.body.substr(0, 8), "\x89PNG\r\n\x1a\n");
  // IHDR: width and height, big-endian, as the JSON-LD says.
  auto be32 = [&](size_t at) {
    return (static_cast<unsigned char>(r.body[at]) << 24) |
           (static_cast<unsigned char>(r.body[at + 1]) << 16) |
           (static_cast<unsigned char>(r.body[at + 2]) << 8) |
           static_cast<unsigned char>(r.body[at + 3]);
  };
  EXPECT_EQ(be32(16), 512);
  EXPECT_EQ(be32(20), 512);
}

TEST_F(StructuredDataTest, ReferenceArticleCarriesOpenGraphAndTwitterTags) {
  const std::string& html = Get(port(), kReferencePath).body;
  const std::string url = std::string(kBase) + kReferencePath;
  json ld = JsonLd(html);
  EXPECT_EQ(Og(html, "og:type"), "article");
  EXPECT_EQ(Og(html, "og:title"), ld["headline"]);
  EXPECT_TRUE(Og(html, "og:description").starts_with("Rasa - A top Iranian official"));
  EXPECT_EQ(Og(html, "og:url"), url);
  EXPECT_EQ(Og(html, "og:site_name"), "Herald News Agency");
  EXPECT_EQ(Og(html, "og:locale"), "en_US");
  EXPECT_EQ(Og(html, "article:published_time"), "2016-12-18T17:34:00+03:30");
  EXPECT_EQ(Og(html, "article:modified_time"), ld["dateModified"]);
  EXPECT_EQ(Og(html, "article:section"), "Politics");
  EXPECT_EQ(Metas(html, "property", "article:tag"),
            (std::vector<std::string>{"Syria", "Aleppo", "Iran"}));
  // No photo: shared with the publisher's logo, as a small card.
  EXPECT_EQ(Og(html, "og:image"), ld["publisher"]["logo"]["url"]);
  EXPECT_EQ(Twitter(html, "twitter:card"), "summary");
  EXPECT_EQ(Twitter(html, "twitter:title"), ld["headline"]);
  EXPECT_EQ(Twitter(html, "twitter:description"), Og(html, "og:description"));
  EXPECT_EQ(Twitter(html, "twitter:image"), Og(html, "og:image"));
}

TEST_F(StructuredDataTest, TranslatedStoriesLinkEveryVersionReciprocally) {
  HttpResponse front = Get(port(), "/fa/");
  std::string fa_path = FirstArticleLink(front.body, "fa");
  ASSERT_FALSE(fa_path.empty());
  HttpResponse fa = Get(port(), fa_path);
  ASSERT_EQ(fa.status, 200) << fa_path;
  auto alternates = Alternates(fa.body);
  ASSERT_EQ(alternates.size(), 3u) << Head(fa.body);
  EXPECT_EQ(alternates[0].first, "en");
  EXPECT_EQ(alternates[1], std::make_pair(std::string("fa"), kBase + fa_path));
  // x-default is the version in the default edition (English).
  EXPECT_EQ(alternates[2], std::make_pair(std::string("x-default"), alternates[0].second));
  std::string en_url = alternates[0].second;
  ASSERT_TRUE(en_url.starts_with(std::string(kBase) + "/en/news/")) << en_url;

  HttpResponse en = Get(port(), en_url.substr(std::string(kBase).size()));
  ASSERT_EQ(en.status, 200) << en_url;
  EXPECT_EQ(Alternates(en.body), alternates) << "both versions list the same set";
  // The visible "also in" links agree.
  EXPECT_NE(en.body.find("href=\"" + fa_path + "\" lang=\"fa\" hreflang=\"fa\""),
            std::string::npos);

  EXPECT_EQ(Og(fa.body, "og:locale"), "fa_IR");
  EXPECT_EQ(Metas(fa.body, "property", "og:locale:alternate"), std::vector<std::string>{"en_US"});
  EXPECT_EQ(Og(en.body, "og:locale"), "en_US");
  EXPECT_EQ(Metas(en.body, "property", "og:locale:alternate"), std::vector<std::string>{"fa_IR"});

  // The Persian version's own structured data: its language, dates with
  // Tehran's offset, its byline and its (site-relative) illustration made
  // absolute.
  json ld = JsonLd(fa.body);
  EXPECT_EQ(ld["inLanguage"], "fa");
  EXPECT_EQ(ld["url"], kBase + fa_path);
  EXPECT_TRUE(std::regex_match(ld["datePublished"].get<std::string>(), kTehranTime))
      << ld["datePublished"];
  EXPECT_EQ(ld["author"]["@type"], "Person");
  EXPECT_FALSE(ld["author"]["name"].get<std::string>().empty());
  ASSERT_EQ(ld["image"].size(), 1u);
  std::string image = ld["image"][0];
  EXPECT_TRUE(image.starts_with(std::string(kBase) + "/static/demo/")) << image;
  EXPECT_EQ(Get(port(), image.substr(std::string(kBase).size())).status, 200) << image;
  EXPECT_EQ(Og(fa.body, "og:image"), image);
  EXPECT_FALSE(Og(fa.body, "og:image:alt").empty()) << "the caption";
  EXPECT_EQ(Twitter(fa.body, "twitter:card"), "summary_large_image");
  EXPECT_EQ(Twitter(fa.body, "twitter:image"), image);
}

TEST_F(StructuredDataTest, OnlyPublishedVersionsAreAlternates) {
  auto [en_id, en_path] = Publish({{"edition", "en"},
                                   {"section", "economy"},
                                   {"headline", "Selen ferry fares fall for the winter"},
                                   {"lead", "Herald Test - Fares fall."}});
  auto [fa_id, fa_path] = Publish({{"edition", "fa"},
                                   {"section", "economy"},
                                   {"headline", "کاهش کرایه کشتی سلن در زمستان"},
                                   {"translation_of", en_id}});
  auto expected = std::vector<std::pair<std::string, std::string>>{
      {"en", kBase + en_path}, {"fa", kBase + fa_path}, {"x-default", kBase + en_path}};
  EXPECT_EQ(Alternates(Get(port(), en_path).body), expected);
  EXPECT_EQ(Alternates(Get(port(), fa_path).body), expected);

  ASSERT_EQ(Call("POST", "/api/v1/articles/" + std::to_string(fa_id) + "/unpublish").status, 200);
  HttpResponse alone = Get(port(), en_path);
  EXPECT_TRUE(Alternates(alone.body).empty()) << Head(alone.body);
  EXPECT_TRUE(Metas(alone.body, "property", "og:locale:alternate").empty());
  EXPECT_EQ(alone.body.find(fa_path), std::string::npos);
}

TEST_F(StructuredDataTest, EditionFrontsAreEachOthersAlternates) {
  HttpResponse en = Get(port(), "/en/");
  HttpResponse fa = Get(port(), "/fa/");
  ASSERT_EQ(en.status, 200);
  ASSERT_EQ(fa.status, 200);
  auto expected =
      std::vector<std::pair<std::string, std::string>>{{"en", std::string(kBase) + "/en/"},
                                                       {"fa", std::string(kBase) + "/fa/"},
                                                       {"x-default", std::string(kBase) + "/en/"}};
  EXPECT_EQ(Alternates(en.body), expected);
  EXPECT_EQ(Alternates(fa.body), expected);
  EXPECT_EQ(Og(fa.body, "og:type"), "website");
  EXPECT_EQ(Og(fa.body, "og:url"), std::string(kBase) + "/fa/");
  EXPECT_EQ(Og(fa.body, "og:site_name"), "Herald News Agency");
  EXPECT_EQ(Og(fa.body, "og:locale"), "fa_IR");
  json ld = JsonLd(en.body);
  ASSERT_EQ(ld["@graph"].size(), 2u);
  EXPECT_EQ(ld["@graph"][0]["@type"], "WebSite");
  EXPECT_EQ(ld["@graph"][0]["url"], std::string(kBase) + "/en/");
  EXPECT_EQ(ld["@graph"][1]["@type"], "Organization");
  EXPECT_EQ(ld["@graph"][1]["logo"]["url"],
            JsonLd(Get(port(), kReferencePath).body)["publisher"]["logo"]["url"]);
  // A section page is a list, not a translation of anything.
  EXPECT_TRUE(Alternates(Get(port(), "/en/politics/").body).empty());
}

TEST_F(StructuredDataTest, EveryPageOfAnEditionNamesItsFeeds) {
  auto edition_feeds = [](const std::string& ed) {
    return std::vector<std::pair<std::string, std::string>>{
        {"application/rss+xml", "/" + ed + "/rss.xml"},
        {"application/atom+xml", "/" + ed + "/atom.xml"},
        {"application/feed+json", "/" + ed + "/feed.json"}};
  };
  for (const char* path : {"/en/", kReferencePath, "/en/tag/aleppo/", "/en/no-such-page"}) {
    EXPECT_EQ(FeedLinks(Get(port(), path).body), edition_feeds("en")) << path;
  }
  EXPECT_EQ(FeedLinks(Get(port(), "/fa/").body), edition_feeds("fa"));
  auto section = edition_feeds("en");
  section.insert(section.end(), {{"application/rss+xml", "/en/politics/rss.xml"},
                                 {"application/atom+xml", "/en/politics/atom.xml"},
                                 {"application/feed+json", "/en/politics/feed.json"}});
  EXPECT_EQ(FeedLinks(Get(port(), "/en/politics/").body), section);
  // The links lead somewhere.
  for (const auto& [type, href] : section) {
    HttpResponse feed = Get(port(), href);
    EXPECT_EQ(feed.status, 200) << href;
  }
}

TEST_F(StructuredDataTest, AHostileHeadlineCannotBreakOutOfTheJsonLd) {
  const std::string headline = "</script><script>alert(1)</script>";
  const std::string lead = "Lead </SCRIPT><!-- & \xE2\x80\xA8 'q' \"x\"";
  auto [id, path] = Publish({{"edition", "en"},
                             {"section", "politics"},
                             {"headline", headline},
                             {"lead", lead},
                             {"byline", "<b>Eve</b>"},
                             {"tags", {"</script>"}},
                             {"body", "Body."}});
  HttpResponse r = Get(port(), path);
  ASSERT_EQ(r.status, 200) << path;
  const std::string& html = r.body;
  // Nothing but the page's own scripts: every <script has its own </script>,
  // and no bare <script> came from the text.
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_EQ(html.find("alert(1)</script>"), std::string::npos);
  EXPECT_EQ(Count(html, "<script"), Count(html, "</script>"));
  std::string text = JsonLdText(html);
  for (const char* bad : {"<", ">", "&", "\xE2\x80\xA8"}) {
    EXPECT_EQ(text.find(bad), std::string::npos) << bad << " in " << text;
  }
  json ld = JsonLd(html);
  EXPECT_EQ(ld["headline"], headline);
  EXPECT_EQ(ld["description"], lead);
  EXPECT_EQ(ld["author"]["name"], "<b>Eve</b>");
  EXPECT_EQ(ld["keywords"], json({"</script>"}));
  EXPECT_EQ(ld["identifier"]["value"], std::to_string(id));
  // And the same text in the tags is escaped as HTML.
  EXPECT_EQ(Og(html, "og:title"), headline);
  EXPECT_NE(html.find("<meta property=\"og:title\" content=\"&lt;/script&gt;&lt;script&gt;"),
            std::string::npos);
}

TEST_F(StructuredDataTest, ACorrectionIsACorrectionCommentAndMovesDateModified) {
  auto [id, path] = Publish({{"edition", "en"},
                             {"section", "politics"},
                             {"headline", "Council confirms tram depot site"},
                             {"lead", "Herald Test - A lead."},
                             {"byline", "By Sara Ahmadi"}});
  json before = JsonLd(Get(port(), path).body);
  EXPECT_FALSE(before.contains("correction"));
  EXPECT_EQ(before["author"], json({{"@type", "Person"}, {"name", "Sara Ahmadi"}}));
  HttpResponse patched = Call("PATCH", "/api/v1/articles/" + std::to_string(id),
                              R"({"correction":"An earlier version named the wrong street."})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  HttpResponse page = Get(port(), path);
  json ld = JsonLd(page.body);
  ASSERT_TRUE(ld.contains("correction")) << JsonLdText(page.body);
  EXPECT_EQ(ld["correction"]["@type"], "CorrectionComment");
  EXPECT_EQ(ld["correction"]["text"], "An earlier version named the wrong street.");
  std::string corrected = ld["correction"]["datePublished"];
  EXPECT_TRUE(std::regex_match(corrected, kTehranTime)) << corrected;
  EXPECT_EQ(ld["dateModified"], corrected);
  EXPECT_EQ(Og(page.body, "article:modified_time"), corrected);
}

// site.logo_url replaces the built-in logo everywhere it is named.
TEST(StructuredDataConfigTest, AConfiguredLogoIsThePublishersLogo) {
  TempDir dir;
  std::string config = dir.path() + "/herald.toml";
  std::ofstream(config) << "[site]\nbase_url = \"https://news.example\"\n"
                           "logo_url = \"/media/wordmark.png\"\nlogo_width = 600\n"
                           "logo_height = 60\n";
  HeraldServer server({"--config", config});
  HttpResponse article = Get(server.port(), kReferencePath);
  ASSERT_EQ(article.status, 200);
  json ld = JsonLd(article.body);
  EXPECT_EQ(ld["publisher"]["logo"], json({{"@type", "ImageObject"},
                                           {"url", "https://news.example/media/wordmark.png"},
                                           {"width", 600},
                                           {"height", 60}}));
  EXPECT_EQ(ld["url"], std::string("https://news.example") + kReferencePath);
  EXPECT_EQ(Og(article.body, "og:image"), "https://news.example/media/wordmark.png");
  json front = JsonLd(Get(server.port(), "/en/").body);
  EXPECT_EQ(front["@graph"][1]["logo"]["url"], "https://news.example/media/wordmark.png");

  std::ofstream(config) << "[site]\nlogo_url = \"wordmark.png\"\n";
  // Any subcommand reads the config first; this one would finish either way.
  CommandResult bad = RunHerald({"token", "create", "--name", "x", "--role", "admin", "--config",
                                 config, "--data", dir.path()});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("site.logo_url"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace herald::testing
