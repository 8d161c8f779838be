// Syndication end to end: the real herald with the demo site, its feeds read
// by feedparser (as aggregators read them), its sitemaps by expat and
// xmllint, and the ninjs API paged through as a partner agency would.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "support/herald_process.h"
#include "support/http_client.h"

namespace herald::testing {
namespace {

using nlohmann::json;

constexpr const char* kBase = "https://news.example";
constexpr const char* kReferenceId = "425881";
constexpr const char* kSitemapNs = "{http://www.sitemaps.org/schemas/sitemap/0.9}";
constexpr const char* kNewsNs = "{http://www.google.com/schemas/sitemap-news/0.9}";
constexpr const char* kXhtmlNs = "{http://www.w3.org/1999/xhtml}";

std::string CheckScript() {
  return (std::filesystem::path(__FILE__).parent_path() / "check_feed.py").string();
}

// Runs `command` through the shell; returns its standard output and sets
// `status` to its exit status.
std::string Run(const std::string& command, int& status) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    status = -1;
    return out;
  }
  char buf[65536];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, n);
  int raw = ::pclose(pipe);
  status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return out;
}

// Writes `body` to a file and returns what check_feed.py `mode` made of it.
json Check(const std::string& mode, const std::string& body) {
  TempDir dir;
  std::string file = dir.path() + "/document";
  std::ofstream(file, std::ios::binary) << body;
  int status = 0;
  std::string out =
      Run("/usr/bin/python3 '" + CheckScript() + "' " + mode + " '" + file + "'", status);
  EXPECT_EQ(status, 0) << "check_feed.py failed: " << out;
  json parsed = json::parse(out, nullptr, false);
  EXPECT_FALSE(parsed.is_discarded()) << out;
  return parsed;
}

// Returns true iff xmllint finds `body` well-formed.
bool XmllintAccepts(const std::string& body, std::string& errors) {
  TempDir dir;
  std::string file = dir.path() + "/document.xml";
  std::ofstream(file, std::ios::binary) << body;
  int status = 0;
  errors = Run("xmllint --noout '" + file + "' 2>&1", status);
  return status == 0;
}

// The path of one of the site's absolute URLs.
std::string PathOf(const std::string& url) {
  EXPECT_TRUE(url.starts_with(kBase)) << url;
  return url.substr(std::string(kBase).size());
}

// The children of an element (check_feed.py xml) with this tag.
std::vector<json> Children(const json& e, const std::string& tag) {
  std::vector<json> out;
  for (const json& c : e["children"]) {
    if (c["tag"] == tag) out.push_back(c);
  }
  return out;
}

std::string ChildText(const json& e, const std::string& tag) {
  auto found = Children(e, tag);
  return found.empty() ? std::string() : found.front()["text"].get<std::string>();
}

class FeedsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    config_dir_ = new TempDir();
    std::string config = config_dir_->path() + "/herald.toml";
    std::ofstream(config) << "[site]\nbase_url = \"" << kBase << "\"\n";
    server_ = new HeraldServer({"--config", config});
    started_ = std::chrono::steady_clock::now();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
    delete config_dir_;
    config_dir_ = nullptr;
  }
  static int port() { return server_->port(); }

  // Fetches a feed and returns what feedparser (or the JSON Feed check)
  // understood, failing the test unless it was well-formed.
  static json ParsedFeed(const std::string& path, const std::string& content_type) {
    HttpResponse r = Get(port(), path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.Header("content-type"), content_type) << path;
    EXPECT_NE(r.Header("cache-control").find("max-age=60"), std::string::npos) << path;
    json parsed = Check(path.ends_with(".json") ? "json-feed" : "feed", r.body);
    EXPECT_EQ(parsed["bozo"], 0) << path << ": " << parsed["bozo_exception"] << "\n" << r.body;
    return parsed;
  }

  // Fetches an XML document and returns its parsed tree, checking it with
  // xmllint too.
  static json ParsedXml(const std::string& path) {
    HttpResponse r = Get(port(), path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.Header("content-type"), "application/xml; charset=utf-8") << path;
    std::string errors;
    EXPECT_TRUE(XmllintAccepts(r.body, errors)) << path << ": " << errors;
    json parsed = Check("xml", r.body);
    EXPECT_EQ(parsed["bozo"], 0) << path << ": " << parsed["bozo_exception"];
    return parsed["root"];
  }

  static TempDir* config_dir_;
  static HeraldServer* server_;
  static std::chrono::steady_clock::time_point started_;
};
TempDir* FeedsTest::config_dir_ = nullptr;
HeraldServer* FeedsTest::server_ = nullptr;
std::chrono::steady_clock::time_point FeedsTest::started_;

// Feeds ------------------------------------------------------------------

TEST_F(FeedsTest, EditionFeedsParseCleanlyWithEveryFieldAReaderNeeds) {
  struct Case {
    std::string edition, file, version, type;
  };
  for (const Case& c :
       {Case{"en", "rss.xml", "rss20", "application/rss+xml; charset=utf-8"},
        Case{"en", "atom.xml", "atom10", "application/atom+xml; charset=utf-8"},
        Case{"fa", "rss.xml", "rss20", "application/rss+xml; charset=utf-8"},
        Case{"fa", "atom.xml", "atom10", "application/atom+xml; charset=utf-8"},
        Case{"en", "feed.json", "json11", "application/feed+json; charset=utf-8"},
        Case{"fa", "feed.json", "json11", "application/feed+json; charset=utf-8"}}) {
    const std::string path = "/" + c.edition + "/" + c.file;
    SCOPED_TRACE(path);
    json feed = ParsedFeed(path, c.type);
    EXPECT_EQ(feed["version"], c.version);
    EXPECT_EQ(feed["feed"]["language"], c.edition);
    EXPECT_EQ(feed["feed"]["link"], std::string(kBase) + "/" + c.edition + "/");
    EXPECT_EQ(feed["feed"]["self"], std::string(kBase) + path);
    const json& entries = feed["entries"];
    ASSERT_GT(entries.size(), 10u);
    EXPECT_LE(entries.size(), 50u);
    std::set<std::string> ids;
    int64_t previous = INT64_MAX;
    for (const json& e : entries) {
      std::string id = e["id"];
      EXPECT_TRUE(id.starts_with(std::string(kBase) + "/news/")) << id;
      EXPECT_TRUE(ids.insert(id).second) << "repeated id " << id;
      EXPECT_TRUE(
          e["link"].get<std::string>().starts_with(std::string(kBase) + "/" + c.edition + "/news/"))
          << e["link"];
      EXPECT_FALSE(e["title"].get<std::string>().empty());
      ASSERT_TRUE(e["published"].is_number()) << id;
      ASSERT_TRUE(e["updated"].is_number()) << id;
      EXPECT_GE(e["updated"].get<int64_t>(), e["published"].get<int64_t>()) << id;
      EXPECT_LE(e["published"].get<int64_t>(), previous) << "newest first";
      previous = e["published"].get<int64_t>();
      EXPECT_FALSE(e["tags"].empty()) << id;
      ASSERT_EQ(e["content"].size(), 1u) << id;
      EXPECT_NE(e["content"][0].get<std::string>().find("<p>"), std::string::npos) << id;
    }
    // The first entry's links lead to the article.
    EXPECT_EQ(Get(port(), PathOf(entries[0]["link"])).status, 200);
    HttpResponse permalink = Get(port(), PathOf(entries[0]["id"]));
    EXPECT_EQ(permalink.status, 301);
    EXPECT_EQ(permalink.Header("location"), PathOf(entries[0]["link"]));
  }
}

TEST_F(FeedsTest, TheReferenceArticleIsInTheEnglishFeedsWholeAndTagged) {
  for (const std::string file : {"rss.xml", "atom.xml", "feed.json"}) {
    SCOPED_TRACE(file);
    json feed =
        ParsedFeed("/en/" + file, file == "rss.xml"    ? "application/rss+xml; charset=utf-8"
                                  : file == "atom.xml" ? "application/atom+xml; charset=utf-8"
                                                       : "application/feed+json; charset=utf-8");
    const json* reference = nullptr;
    for (const json& e : feed["entries"]) {
      if (e["id"] == std::string(kBase) + "/news/" + kReferenceId) reference = &e;
    }
    ASSERT_NE(reference, nullptr);
    EXPECT_EQ((*reference)["title"],
              "Iran’s security chief calls for guarantees that the Aleppo truce will hold");
    EXPECT_EQ((*reference)["published"], 1482069840);  // 18 December 2016 - 17:34, Tehran.
    std::set<std::string> tags((*reference)["tags"].begin(), (*reference)["tags"].end());
    EXPECT_TRUE(tags.contains("Politics"));
    EXPECT_TRUE(tags.contains("Syria"));
    std::string content = (*reference)["content"][0];
    EXPECT_NE(content.find("RNA -\xC2\xA0Given the misconduct"), std::string::npos) << content;
  }
}

TEST_F(FeedsTest, DemoImagesAreMediaAndEnclosures) {
  json atom = ParsedFeed("/en/atom.xml", "application/atom+xml; charset=utf-8");
  json rss = ParsedFeed("/en/rss.xml", "application/rss+xml; charset=utf-8");
  int with_images = 0;
  for (size_t i = 0; i < atom["entries"].size(); ++i) {
    const json& media = atom["entries"][i]["media"];
    if (media.empty()) continue;
    ++with_images;
    std::string image = media[0];
    EXPECT_TRUE(image.starts_with(std::string(kBase) + "/static/")) << image;
    EXPECT_EQ(Get(port(), PathOf(image)).status, 200) << image;
    EXPECT_EQ(atom["entries"][i]["enclosures"][0], image);
  }
  EXPECT_GT(with_images, 10);
  EXPECT_FALSE(rss["entries"][0]["media"].empty());
}

TEST_F(FeedsTest, SectionFeedsHoldOnlyTheirSection) {
  json sport = ParsedFeed("/en/sport/atom.xml", "application/atom+xml; charset=utf-8");
  EXPECT_EQ(sport["feed"]["self"], std::string(kBase) + "/en/sport/atom.xml");
  ASSERT_FALSE(sport["entries"].empty());
  for (const json& e : sport["entries"]) {
    std::set<std::string> tags(e["tags"].begin(), e["tags"].end());
    EXPECT_TRUE(tags.contains("Sport")) << e["id"];
  }
  json persian = ParsedFeed("/fa/sport/rss.xml", "application/rss+xml; charset=utf-8");
  ASSERT_FALSE(persian["entries"].empty());
  for (const json& e : persian["entries"]) {
    std::set<std::string> tags(e["tags"].begin(), e["tags"].end());
    EXPECT_TRUE(tags.contains("ورزش")) << e["id"];
  }
  ParsedFeed("/fa/culture/feed.json", "application/feed+json; charset=utf-8");
  EXPECT_EQ(Get(port(), "/en/no-such-section/rss.xml").status, 404);
  EXPECT_EQ(Get(port(), "/xx/rss.xml").status, 404);
}

TEST_F(FeedsTest, FeedsAndSitemapsAnswerOnlyGetAndHead) {
  for (const char* path : {"/en/rss.xml", "/sitemap.xml", "/robots.txt"}) {
    HttpResponse r = Fetch(port(), HttpRequest{"POST", path, {}, ""});
    EXPECT_EQ(r.status, 405) << path;
    EXPECT_EQ(r.Header("allow"), "GET, HEAD") << path;
    EXPECT_EQ(Fetch(port(), HttpRequest{"HEAD", path, {}, ""}).status, 200) << path;
  }
}

TEST(FeedsSummaryTest, ConfigChoosesTheCountAndSummariesInsteadOfBodies) {
  TempDir dir;
  std::string config = dir.path() + "/herald.toml";
  std::ofstream(config) << "[feeds]\nitems = 3\nfull_content = false\n";
  HeraldServer server({"--config", config});
  for (const char* path : {"/en/rss.xml", "/en/atom.xml"}) {
    HttpResponse r = Get(server.port(), path);
    ASSERT_EQ(r.status, 200);
    json feed = Check("feed", r.body);
    EXPECT_EQ(feed["bozo"], 0) << feed["bozo_exception"];
    ASSERT_EQ(feed["entries"].size(), 3u) << path;
    for (const json& e : feed["entries"]) {
      EXPECT_TRUE(e["content"].empty()) << path << ": " << e["content"];
      EXPECT_FALSE(e["summary"].get<std::string>().empty()) << path;
    }
  }
  json jf = Check("json-feed", Get(server.port(), "/en/feed.json").body);
  EXPECT_EQ(jf["bozo"], 0) << jf["bozo_exception"];
  ASSERT_EQ(jf["entries"].size(), 3u);
  EXPECT_EQ(jf["entries"][0]["content"][0], jf["entries"][0]["summary"]);
}

// Sitemaps and robots.txt ------------------------------------------------

TEST_F(FeedsTest, RobotsTxtOpensTheSiteAndNamesBothSitemaps) {
  HttpResponse r = Get(port(), "/robots.txt");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-type"), "text/plain; charset=utf-8");
  for (const std::string& line :
       std::vector<std::string>{"User-agent: *", "Allow: /", "Disallow: /api/", "Disallow: /desk/",
                                std::string("Sitemap: ") + kBase + "/sitemap.xml",
                                std::string("Sitemap: ") + kBase + "/sitemap-news.xml"}) {
    EXPECT_NE(("\n" + r.body).find("\n" + line + "\n"), std::string::npos) << line;
  }
}

TEST_F(FeedsTest, SitemapIndexLeadsToEveryPublishedArticleWithAlternates) {
  json index = ParsedXml("/sitemap.xml");
  ASSERT_EQ(index["tag"], std::string(kSitemapNs) + "sitemapindex");
  std::vector<json> files = Children(index, std::string(kSitemapNs) + "sitemap");
  ASSERT_FALSE(files.empty());
  std::set<std::string> urls;
  int alternates = 0;
  bool reference_seen = false;
  for (const json& file : files) {
    std::string loc = ChildText(file, std::string(kSitemapNs) + "loc");
    EXPECT_FALSE(ChildText(file, std::string(kSitemapNs) + "lastmod").empty()) << loc;
    json month = ParsedXml(PathOf(loc));
    ASSERT_EQ(month["tag"], std::string(kSitemapNs) + "urlset") << loc;
    std::vector<json> entries = Children(month, std::string(kSitemapNs) + "url");
    EXPECT_LE(entries.size(), 50'000u);
    for (const json& url : entries) {
      std::string article = ChildText(url, std::string(kSitemapNs) + "loc");
      EXPECT_TRUE(urls.insert(article).second) << "listed twice: " << article;
      EXPECT_EQ(ChildText(url, std::string(kSitemapNs) + "lastmod").size(), 20u) << article;
      if (article.find(std::string("/news/") + kReferenceId + "/") != std::string::npos) {
        reference_seen = true;
        EXPECT_NE(loc.find("/sitemaps/2016-12.xml"), std::string::npos) << loc;
      }
      for (const json& link : Children(url, std::string(kXhtmlNs) + "link")) {
        ++alternates;
        EXPECT_EQ(link["attrib"]["rel"], "alternate");
        std::string lang = link["attrib"]["hreflang"];
        EXPECT_TRUE(lang == "en" || lang == "fa") << lang;
      }
    }
  }
  EXPECT_TRUE(reference_seen);
  EXPECT_GT(urls.size(), 40u);
  EXPECT_GT(alternates, 10) << "the demo's translated stories name each other";
  // Every listed URL is a live article page.
  int checked = 0;
  for (const std::string& url : urls) {
    if (checked++ % 10 == 0) EXPECT_EQ(Get(port(), PathOf(url)).status, 200) << url;
  }
}

TEST_F(FeedsTest, NewsSitemapListsOnlyTheLastTwoDays) {
  json root = ParsedXml("/sitemap-news.xml");
  ASSERT_EQ(root["tag"], std::string(kSitemapNs) + "urlset");
  std::vector<json> urls = Children(root, std::string(kSitemapNs) + "url");
  ASSERT_FALSE(urls.empty());
  EXPECT_LE(urls.size(), 1000u);
  const auto now = static_cast<int64_t>(std::time(nullptr));
  std::set<std::string> languages;
  for (const json& url : urls) {
    std::string loc = ChildText(url, std::string(kSitemapNs) + "loc");
    EXPECT_EQ(loc.find(std::string("/news/") + kReferenceId + "/"), std::string::npos);
    auto news = Children(url, std::string(kNewsNs) + "news");
    ASSERT_EQ(news.size(), 1u) << loc;
    auto publication = Children(news[0], std::string(kNewsNs) + "publication");
    ASSERT_EQ(publication.size(), 1u) << loc;
    EXPECT_EQ(ChildText(publication[0], std::string(kNewsNs) + "name"), "Herald News Agency");
    languages.insert(ChildText(publication[0], std::string(kNewsNs) + "language"));
    EXPECT_FALSE(ChildText(news[0], std::string(kNewsNs) + "title").empty()) << loc;
    // W3C datetime with the edition's offset (Asia/Tehran), within 48 hours.
    std::string date = ChildText(news[0], std::string(kNewsNs) + "publication_date");
    ASSERT_EQ(date.size(), 25u) << date;
    EXPECT_EQ(date.substr(19), "+03:30") << date;
    std::tm tm{};
    ASSERT_NE(::strptime(date.substr(0, 19).c_str(), "%Y-%m-%dT%H:%M:%S", &tm), nullptr);
    int64_t at = static_cast<int64_t>(::timegm(&tm)) - (3 * 3600 + 30 * 60);
    EXPECT_LE(at, now);
    EXPECT_GE(at, now - 48 * 3600) << date;
  }
  EXPECT_EQ(languages, (std::set<std::string>{"en", "fa"}));
}

// ninjs ------------------------------------------------------------------

TEST_F(FeedsTest, NinjsItemOfTheReferenceArticle) {
  HttpResponse r = Get(port(), std::string("/api/v1/ninjs/") + kReferenceId);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-type"), "application/json");
  json item = json::parse(r.body);
  EXPECT_EQ(item["uri"], std::string(kBase) + "/news/" + kReferenceId);
  EXPECT_EQ(item["standard"]["version"], "2.1");
  EXPECT_EQ(item["type"], "text");
  EXPECT_EQ(item["pubstatus"], "usable");
  EXPECT_EQ(item["language"], "en");
  EXPECT_EQ(item["contentcreated"], "2016-12-18T14:04:00Z");
  EXPECT_EQ(item["headlines"][0]["value"],
            "Iran’s security chief calls for guarantees that the Aleppo truce will hold");
  EXPECT_TRUE(item["descriptions"][0]["value"].get<std::string>().starts_with("Rasa - "));
  EXPECT_NE(item["bodies"][0]["value"].get<std::string>().find("RNA -\xC2\xA0Given"),
            std::string::npos);
  EXPECT_EQ(item["altids"][0], json::parse(R"({"role": "newsid", "value": "425881"})"));
  EXPECT_EQ(item["subjects"][0]["name"], "Politics");

  EXPECT_EQ(Get(port(), "/api/v1/ninjs/999999999").status, 404);
  EXPECT_EQ(Get(port(), "/api/v1/ninjs/abc").status, 404);
}

TEST_F(FeedsTest, NinjsListPagesThroughEveryArticleOnceOldestChangeFirst) {
  // The list leaves out changes younger than ten seconds, and loading the
  // demo changed every article just before the server started.
  std::this_thread::sleep_until(started_ + std::chrono::seconds(11));
  std::set<std::string> seen;
  std::string cursor;
  std::string previous_change;
  int pages = 0;
  while (pages++ < 100) {
    std::string target = "/api/v1/ninjs?limit=7";
    if (!cursor.empty()) target += "&cursor=" + cursor;
    HttpResponse r = Get(port(), target);
    ASSERT_EQ(r.status, 200) << r.body;
    json body = json::parse(r.body);
    for (const json& item : body["items"]) {
      EXPECT_TRUE(seen.insert(item["uri"]).second) << "repeated " << item["uri"];
      std::string changed = item["versioncreated"];
      EXPECT_GE(changed, previous_change) << "oldest change first";
      previous_change = changed;
    }
    cursor = body["next_cursor"];
    if (!body["has_more"].get<bool>()) break;
  }
  EXPECT_TRUE(seen.contains(std::string(kBase) + "/news/" + kReferenceId));
  EXPECT_GT(seen.size(), 40u);

  json fa = json::parse(Get(port(), "/api/v1/ninjs?edition=fa&limit=100").body);
  ASSERT_FALSE(fa["items"].empty());
  for (const json& item : fa["items"]) EXPECT_EQ(item["language"], "fa");
  // since= takes RFC 3339 or Unix seconds; a time to come lists nothing yet
  // and gives a cursor that starts there.
  json all = json::parse(Get(port(), "/api/v1/ninjs?since=2000-01-01T00:00:00Z&limit=100").body);
  EXPECT_EQ(all["items"].size(), std::min<size_t>(seen.size(), 100));
  const std::string later = std::to_string(std::time(nullptr) + 3600);
  json none = json::parse(Get(port(), "/api/v1/ninjs?since=" + later).body);
  EXPECT_TRUE(none["items"].empty());
  EXPECT_EQ(none["next_cursor"], later + "-0");

  for (const char* bad :
       {"limit=0", "limit=1000", "since=last-tuesday", "cursor=%21", "edition=zz"}) {
    HttpResponse r = Get(port(), std::string("/api/v1/ninjs?") + bad);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(json::parse(r.body)["error"]["code"], "invalid_argument") << bad;
  }
}

// Last: it changes the reference article.
TEST_F(FeedsTest, ACorrectionReachesThePollingPartnerAndTheFeeds) {
  // Catch up to the end of the change list, as a partner that polls does.
  std::string cursor;
  for (int i = 0; i < 100; ++i) {
    std::string target = "/api/v1/ninjs?limit=100";
    if (!cursor.empty()) target += "&cursor=" + cursor;
    json body = json::parse(Get(port(), target).body);
    cursor = body["next_cursor"];
    if (!body["has_more"].get<bool>()) break;
  }
  const std::string token = server_->CreateToken();
  HttpResponse patched = Fetch(
      port(),
      HttpRequest{"PATCH",
                  std::string("/api/v1/articles/") + kReferenceId,
                  {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}},
                  R"({"correction": "An earlier version gave the wrong date."})"});
  ASSERT_EQ(patched.status, 200) << patched.body;

  // The change is listed once it has settled (about ten seconds).
  json found;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (found.is_null() && std::chrono::steady_clock::now() < deadline) {
    json body = json::parse(Get(port(), "/api/v1/ninjs?cursor=" + cursor).body);
    for (const json& item : body["items"]) {
      if (item["altids"][0]["value"] == kReferenceId) found = item;
    }
    if (found.is_null()) std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  ASSERT_FALSE(found.is_null()) << "the correction never reached the change list";
  ASSERT_EQ(found["bodies"].size(), 2u);
  EXPECT_EQ(found["bodies"][1]["value"], "An earlier version gave the wrong date.");

  // The feeds say it too, with a new "updated".
  json atom = ParsedFeed("/en/atom.xml", "application/atom+xml; charset=utf-8");
  bool corrected = false;
  for (const json& e : atom["entries"]) {
    if (e["id"] != std::string(kBase) + "/news/" + kReferenceId) continue;
    corrected = e["content"][0].get<std::string>().find("gave the wrong date") != std::string::npos;
    EXPECT_GT(e["updated"].get<int64_t>(), e["published"].get<int64_t>());
  }
  EXPECT_TRUE(corrected);
}

}  // namespace
}  // namespace herald::testing
