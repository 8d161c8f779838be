// The syndication handlers against a real SQLite store: routes, content
// types, caching, the queries' filters and the ninjs API's parameters.
// (tests/integration/feeds_test.cc parses the same outputs with real feed
// and XML parsers over HTTP.)
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <atomic>
#include <ctime>
#include <filesystem>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/dateline.h"
#include "web/app.h"
#include "web/handlers.h"

namespace herald {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path MakeScratchDir() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  for (int attempt = 0; attempt < 100; ++attempt) {
    fs::path dir =
        fs::temp_directory_path() / ("herald-feeds-test-" + std::to_string(::getpid()) + "-" +
                                     std::to_string(counter++) + "-" + std::to_string(rd()));
    if (fs::create_directory(dir)) return dir;
  }
  throw std::runtime_error("cannot create a scratch directory");
}

testing::AssertionResult Has(const std::string& text, const std::string& needle) {
  if (text.find(needle) != std::string::npos) return testing::AssertionSuccess();
  return testing::AssertionFailure() << "missing: " << needle << "\n--- in:\n" << text;
}

testing::AssertionResult Lacks(const std::string& text, const std::string& needle) {
  if (text.find(needle) == std::string::npos) return testing::AssertionSuccess();
  return testing::AssertionFailure() << "unexpected: " << needle << "\n--- in:\n" << text;
}

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start < path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

class FeedHandlersTest : public testing::Test {
 protected:
  void SetUp() override {
    scratch_ = MakeScratchDir();
    auto opened = OpenStore((scratch_ / "herald.db").string());
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    store_ = std::move(*opened);
    ASSERT_TRUE(store_->PutSection(Section{"en", "politics", "Politics", 1}));
    ASSERT_TRUE(store_->PutSection(Section{"en", "world", "World", 2}));
    ASSERT_TRUE(store_->PutSection(Section{"fa", "politics", "سیاسی", 1}));
    now_ = static_cast<UnixTime>(std::time(nullptr));
    config_ = DefaultConfig();
    config_.site.base_url = "https://news.example";

    Article a = Make("en", "politics", "Budget passes", now_ - 3600);
    a.tags = {{"budget", "Budget"}};
    a.byline = "Staff reporter";
    a.image_url = "/static/demo/politics.svg";
    budget_ = Create(a);
    world_ = Create(Make("en", "world", "Summit opens", now_ - 7200));
    Article d = Make("en", "politics", "Unfinished draft", now_ - 60);
    d.status = ArticleStatus::kDraft;
    draft_ = Create(d);
    Article fa = Make("fa", "politics", "تصویب بودجه", now_ - 1800);
    fa.translation_group = budget_;
    persian_ = Create(fa);
    old_ = Create(Make("en", "politics", "Three days old", now_ - 3 * 86400));
  }

  void TearDown() override {
    store_.reset();
    std::error_code ec;
    fs::remove_all(scratch_, ec);
  }

  Article Make(const std::string& edition, const std::string& section, const std::string& headline,
               UnixTime published_at) {
    Article a;
    a.edition = edition;
    a.section = section;
    a.headline = headline;
    a.slug = "story";
    a.lead = "Lead of " + headline;
    a.body = "Body";
    a.body_html = "<p>Body of " + headline + "</p>";
    a.status = ArticleStatus::kPublished;
    a.created_at = published_at - 60;
    a.updated_at = published_at;
    a.published_at = published_at;
    return a;
  }

  NewsId Create(const Article& a) {
    auto created = store_->CreateArticle(a);
    EXPECT_TRUE(created.has_value()) << created.error().message;
    return created ? created->id : 0;
  }

  // Calls the handlers directly, as HandleSite and HandleApi do, so that
  // cache tags (which App keeps to itself) can be seen.
  Response Site(const std::string& path, Method method = Method::kGet) {
    Request r;
    r.method = method;
    r.path = path;
    return HandleSite(HandlerContext{config_, *store_, now_, nullptr}, r, Segments(path));
  }

  Response Ninjs(const std::string& path, HeaderList query = {}, Method method = Method::kGet) {
    Request r;
    r.method = method;
    r.path = path;
    r.query = std::move(query);
    std::vector<std::string_view> segments = Segments(path);  // api, v1, ninjs[, id]
    return HandleApi(HandlerContext{config_, *store_, now_, nullptr}, r,
                     {segments.begin() + 2, segments.end()});
  }

  fs::path scratch_;
  std::unique_ptr<Store> store_;
  Config config_;
  UnixTime now_ = 0;
  NewsId budget_ = 0, world_ = 0, draft_ = 0, persian_ = 0, old_ = 0;
};

// Feeds ------------------------------------------------------------------

TEST_F(FeedHandlersTest, EditionFeedsInEveryFormatWithTheirTypesAndCaching) {
  struct Case {
    std::string path, type;
  };
  for (const Case& c : {Case{"/en/rss.xml", "application/rss+xml; charset=utf-8"},
                        Case{"/en/atom.xml", "application/atom+xml; charset=utf-8"},
                        Case{"/en/feed.json", "application/feed+json; charset=utf-8"}}) {
    SCOPED_TRACE(c.path);
    Response r = Site(c.path);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.content_type, c.type);
    EXPECT_EQ(r.Header("Cache-Control"), "public, max-age=60");
    EXPECT_EQ(r.cache_tags, std::vector<std::string>{EditionCacheTag("en")});
    EXPECT_TRUE(Has(r.body, "Budget passes"));
    EXPECT_TRUE(Has(r.body, "Summit opens"));
    EXPECT_TRUE(Has(r.body, "Budget"));  // The tag, loaded with the page.
    EXPECT_TRUE(Lacks(r.body, "Unfinished draft"));
    EXPECT_TRUE(Lacks(r.body, "تصویب بودجه"));
  }
  Response fa = Site("/fa/atom.xml");
  EXPECT_EQ(fa.status, 200);
  EXPECT_TRUE(Has(fa.body, "xml:lang=\"fa\""));
  EXPECT_TRUE(Has(fa.body, "تصویب بودجه"));
}

TEST_F(FeedHandlersTest, SectionFeedsHoldTheirSectionOnly) {
  Response r = Site("/en/world/rss.xml");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(Has(r.body, "Summit opens"));
  EXPECT_TRUE(Lacks(r.body, "Budget passes"));
  EXPECT_TRUE(Has(r.body, "href=\"https://news.example/en/world/rss.xml\" rel=\"self\""));
  EXPECT_EQ(Site("/en/no-such-section/rss.xml").status, 404);
  EXPECT_EQ(Site("/en/tag/rss.xml").status, 404);
  EXPECT_EQ(Site("/xx/rss.xml").status, 404);
  EXPECT_EQ(Site("/en/rss.xml/").status, 404);
  EXPECT_EQ(Site("/en/feed.xml").status, 404);
  // The section page itself is still the section page.
  Response page = Site("/en/world/");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
}

TEST_F(FeedHandlersTest, FeedsTakeTheConfiguredCountAndContent) {
  config_.feeds.items = 1;
  config_.feeds.full_content = false;
  Response r = Site("/en/rss.xml");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(Has(r.body, "Budget passes"));
  EXPECT_TRUE(Lacks(r.body, "Summit opens"));
  EXPECT_TRUE(Lacks(r.body, "content:encoded"));
  EXPECT_TRUE(Has(r.body, "<description>Lead of Budget passes</description>"));
}

TEST_F(FeedHandlersTest, OnlyGetAndHeadAreAllowed) {
  for (const char* path : {"/en/rss.xml", "/robots.txt", "/sitemap.xml"}) {
    Response r = Site(path, Method::kPut);
    EXPECT_EQ(r.status, 405) << path;
    EXPECT_EQ(r.Header("Allow"), "GET, HEAD") << path;
  }
  EXPECT_EQ(Site("/en/rss.xml", Method::kHead).status, 200);
}

// Sitemaps and robots.txt ------------------------------------------------

TEST_F(FeedHandlersTest, RobotsTxtNamesBothSitemaps) {
  Response r = Site("/robots.txt");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(r.cache_tags, std::vector<std::string>{std::string(kSiteCacheTag)});
  EXPECT_TRUE(Has(r.body, "Disallow: /api/\n"));
  EXPECT_TRUE(Has(r.body, "Sitemap: https://news.example/sitemap.xml\n"));
  EXPECT_TRUE(Has(r.body, "Sitemap: https://news.example/sitemap-news.xml\n"));
}

TEST_F(FeedHandlersTest, SecurityTxtSaysWhereToReportAndNeverExpiresWhileServed) {
  // Only when the operator has named a contact.
  EXPECT_EQ(Site("/.well-known/security.txt").status, 404);
  config_.site.security_contact = "mailto:security@news.example";
  config_.site.security_policy = "https://news.example/disclosure";
  Response r = Site("/.well-known/security.txt");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/plain; charset=utf-8");
  EXPECT_TRUE(Has(r.body, "Contact: mailto:security@news.example\n")) << r.body;
  EXPECT_TRUE(Has(r.body, "Canonical: https://news.example/.well-known/security.txt\n"));
  EXPECT_TRUE(Has(r.body, "Policy: https://news.example/disclosure\n"));
  EXPECT_TRUE(Has(r.body, "Preferred-Languages: en, fa\n")) << r.body;
  // RFC 9116 wants an Expires under a year ahead; this one is about half a year.
  size_t at = r.body.find("Expires: ");
  ASSERT_NE(at, std::string::npos);
  auto expires = ParseRfc3339(r.body.substr(at + 9, r.body.find('\n', at) - at - 9));
  ASSERT_TRUE(expires.has_value()) << r.body;
  EXPECT_GT(*expires, now_ + 150 * 86400);
  EXPECT_LT(*expires, now_ + 200 * 86400);
}

TEST_F(FeedHandlersTest, SitemapIndexPointsAtMonthsThatListEveryPublishedArticle) {
  Response index = Site("/sitemap.xml");
  ASSERT_EQ(index.status, 200);
  EXPECT_EQ(index.content_type, "application/xml; charset=utf-8");
  EXPECT_EQ(index.Header("Cache-Control"), "public, max-age=60");
  EXPECT_EQ(index.cache_tags, std::vector<std::string>{std::string(kSiteCacheTag)});
  // Each month file named in the index answers with its articles.
  size_t found = 0;
  std::string listed;
  for (size_t at = index.body.find("<loc>"); at != std::string::npos;
       at = index.body.find("<loc>", at + 1)) {
    size_t end = index.body.find("</loc>", at);
    std::string url = index.body.substr(at + 5, end - at - 5);
    ASSERT_TRUE(url.starts_with("https://news.example/sitemaps/")) << url;
    Response month = Site(url.substr(std::string("https://news.example").size()));
    ASSERT_EQ(month.status, 200) << url;
    EXPECT_EQ(month.content_type, "application/xml; charset=utf-8");
    listed += month.body;
    ++found;
  }
  EXPECT_GE(found, 1u);
  for (NewsId id : {budget_, world_, persian_, old_}) {
    EXPECT_TRUE(Has(listed, "/news/" + std::to_string(id) + "/story</loc>"));
  }
  EXPECT_TRUE(Lacks(listed, "/news/" + std::to_string(draft_) + "/"));
  // The story in two editions names both versions.
  EXPECT_TRUE(Has(listed, "hreflang=\"fa\" href=\"https://news.example/fa/news/" +
                              std::to_string(persian_) + "/story\""));
}

TEST_F(FeedHandlersTest, MonthSitemapsAnswer404ForEmptyMonthsAndBadNames) {
  EXPECT_EQ(Site("/sitemaps/1999-01.xml").status, 404);
  EXPECT_EQ(Site("/sitemaps/1999-13.xml").status, 404);
  EXPECT_EQ(Site("/sitemaps/latest.xml").status, 404);
  char name[32];
  std::time_t t = now_;
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::snprintf(name, sizeof name, "/sitemaps/%04d-%02d", tm.tm_year + 1900, tm.tm_mon + 1);
  EXPECT_EQ(Site(std::string(name) + "-2.xml").status, 404) << "no second part";
  EXPECT_EQ(Site(std::string(name) + "-1.xml").status, 404) << "part 1 has one name";
}

TEST_F(FeedHandlersTest, NewsSitemapListsTheLastTwoDaysOnly) {
  Response r = Site("/sitemap-news.xml");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/xml; charset=utf-8");
  EXPECT_TRUE(Has(r.body, "<news:title>Budget passes</news:title>"));
  EXPECT_TRUE(Has(r.body, "<news:language>fa</news:language>"));
  EXPECT_TRUE(Has(r.body, "<news:name>Herald News Agency</news:name>"));
  EXPECT_TRUE(Lacks(r.body, "Three days old"));
  EXPECT_TRUE(Lacks(r.body, "Unfinished draft"));
}

// ninjs ------------------------------------------------------------------

TEST_F(FeedHandlersTest, NinjsItemOfAPublicArticle) {
  Response r = Ninjs("/api/v1/ninjs/" + std::to_string(budget_));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.Header("Cache-Control"), "public, max-age=60");
  EXPECT_EQ(r.cache_tags, std::vector<std::string>{ArticleCacheTag(budget_)});
  json item = json::parse(r.body);
  EXPECT_EQ(item["uri"], "https://news.example/news/" + std::to_string(budget_));
  EXPECT_EQ(item["altids"][0]["value"], std::to_string(budget_));
  EXPECT_EQ(item["subjects"][0]["name"], "Politics");
  EXPECT_EQ(item["subjects"][1]["name"], "Budget");
  EXPECT_EQ(item["pubstatus"], "usable");

  for (std::string bad :
       {std::to_string(draft_), std::string("999999"), std::string("abc"), std::string("0")}) {
    Response missing = Ninjs("/api/v1/ninjs/" + bad);
    EXPECT_EQ(missing.status, 404) << bad;
    EXPECT_EQ(json::parse(missing.body)["error"]["code"], "not_found");
  }
  EXPECT_EQ(Ninjs("/api/v1/ninjs/1/x").status, 404);
  Response post = Ninjs("/api/v1/ninjs", {}, Method::kPost);
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.Header("Allow"), "GET, HEAD");
}

TEST_F(FeedHandlersTest, NinjsListPagesThroughChangesOldestFirstWithoutRepeats) {
  std::vector<NewsId> seen;
  std::string cursor;
  for (int page = 0; page < 10; ++page) {
    HeaderList query = {{"limit", "2"}};
    if (!cursor.empty()) query.emplace_back("cursor", cursor);
    Response r = Ninjs("/api/v1/ninjs", query);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Header("Cache-Control"), "no-store");
    json body = json::parse(r.body);
    for (const json& item : body["items"]) {
      seen.push_back(std::stoll(item["altids"][0]["value"].get<std::string>()));
    }
    cursor = body["next_cursor"];
    if (!body["has_more"].get<bool>()) break;
  }
  EXPECT_EQ(seen, (std::vector<NewsId>{old_, world_, budget_, persian_}));

  // Nothing new: the same cursor gives an empty page and itself back.
  Response again = Ninjs("/api/v1/ninjs", {{"cursor", cursor}});
  json body = json::parse(again.body);
  EXPECT_TRUE(body["items"].empty());
  EXPECT_EQ(body["next_cursor"], cursor);

  // A withdrawal is a change: the article comes back, withheld.
  Article a = *store_->GetArticle(world_);
  a.status = ArticleStatus::kUnpublished;
  a.updated_at = now_ - 30;
  ASSERT_TRUE(store_->UpdateArticle(a).has_value());
  body = json::parse(Ninjs("/api/v1/ninjs", {{"cursor", cursor}}).body);
  ASSERT_EQ(body["items"].size(), 1u);
  EXPECT_EQ(body["items"][0]["pubstatus"], "withheld");
  EXPECT_FALSE(body["items"][0].contains("headlines"));
}

TEST_F(FeedHandlersTest, NinjsListWaitsUntilAChangeHasSettled) {
  Article a = *store_->GetArticle(world_);
  a.updated_at = now_;  // Being written this very second.
  ASSERT_TRUE(store_->UpdateArticle(a).has_value());
  json body = json::parse(Ninjs("/api/v1/ninjs", {{"since", std::to_string(now_ - 1000)}}).body);
  for (const json& item : body["items"]) {
    EXPECT_NE(item["altids"][0]["value"], std::to_string(world_));
  }
  now_ += 11;
  body = json::parse(Ninjs("/api/v1/ninjs", {{"since", std::to_string(now_ - 1000)}}).body);
  ASSERT_FALSE(body["items"].empty());
  EXPECT_EQ(body["items"].back()["altids"][0]["value"], std::to_string(world_));
}

TEST_F(FeedHandlersTest, NinjsListFiltersByEditionAndSince) {
  json body = json::parse(Ninjs("/api/v1/ninjs", {{"edition", "fa"}}).body);
  ASSERT_EQ(body["items"].size(), 1u);
  EXPECT_EQ(body["items"][0]["language"], "fa");
  // RFC 3339 and Unix seconds name the same moment.
  std::string since = std::to_string(now_ - 3600);
  json unix_since = json::parse(Ninjs("/api/v1/ninjs", {{"since", since}}).body);
  std::time_t t = now_ - 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char rfc3339[32];
  std::strftime(rfc3339, sizeof rfc3339, "%Y-%m-%dT%H:%M:%SZ", &tm);
  json rfc_since = json::parse(Ninjs("/api/v1/ninjs", {{"since", rfc3339}}).body);
  EXPECT_EQ(unix_since["items"].size(), 2u);  // budget_ (at since) and persian_.
  EXPECT_EQ(unix_since, rfc_since);
}

TEST_F(FeedHandlersTest, NinjsListRejectsBadParametersWithA400) {
  for (const auto& [name, value] : HeaderList{{"limit", "0"},
                                              {"limit", "101"},
                                              {"limit", "ten"},
                                              {"since", "yesterday"},
                                              {"since", "-5"},
                                              {"cursor", "abc"},
                                              {"cursor", "12"},
                                              {"cursor", "1-2-3"},
                                              {"edition", "xx"}}) {
    Response r = Ninjs("/api/v1/ninjs", {{name, value}});
    EXPECT_EQ(r.status, 400) << name << "=" << value;
    json body = json::parse(r.body, nullptr, false);
    ASSERT_FALSE(body.is_discarded());
    EXPECT_EQ(body["error"]["code"], "invalid_argument");
    EXPECT_TRUE(Has(body["error"]["message"].get<std::string>(), "'" + name + "'"));
  }
}

// Through App, as the server calls it.
TEST_F(FeedHandlersTest, AppRoutesEveryDocument) {
  App app(config_, *store_);
  for (const char* path : {"/robots.txt", "/sitemap.xml", "/sitemap-news.xml", "/en/rss.xml",
                           "/en/politics/atom.xml", "/fa/feed.json", "/api/v1/ninjs"}) {
    Request r;
    r.path = path;
    Response response = app.Handle(r);
    EXPECT_EQ(response.status, 200) << path;
  }
}

}  // namespace
}  // namespace herald
