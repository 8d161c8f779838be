#include "web/app.h"

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

#include "auth/api_token.h"
#include "render/assets.h"
#include "web/server.h"
#include "web/web_testing.h"

namespace herald {
namespace {

using nlohmann::json;
using testing_support::Body;
using testing_support::Has;
using testing_support::Lacks;

constexpr const char* kToken =
    "hld_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

class AppTest : public testing::Test {
 protected:
  void SetUp() override {
    store_ = &site_.store();
    ASSERT_TRUE(store_->PutSection(Section{"en", "politics", "Politics", 1}));
    ASSERT_TRUE(store_->PutSection(Section{"en", "world", "World", 2}));
    ASSERT_TRUE(store_->PutSection(Section{"fa", "politics", "سیاسی", 1}));

    now_ = static_cast<UnixTime>(std::time(nullptr));
    Article a = MakeArticle("en", "Budget passes in parliament", "budget-passes-in-parliament");
    a.tags = {{"budget", "Budget"}};
    published_ = Create(a);
    Article d = MakeArticle("en", "Unfinished draft", "unfinished-draft");
    d.status = ArticleStatus::kDraft;
    draft_ = Create(d);
    Article f = MakeArticle("fa", "تصویب بودجه", "tasvib-budjeh");
    persian_ = Create(f);

    site_.config().server.max_body_bytes = 2048;
    site_.Start();
    app_ = &site_.app();
  }

  Article MakeArticle(const std::string& edition, const std::string& headline,
                      const std::string& slug) {
    Article a;
    a.edition = edition;
    a.section = "politics";
    a.headline = headline;
    a.slug = slug;
    a.lead = "Lead of " + headline;
    a.body = "Body of " + headline;
    a.status = ArticleStatus::kPublished;
    a.created_at = now_ - 7200;
    a.updated_at = now_ - 3600;
    a.published_at = now_ - 3600;
    return a;
  }

  NewsId Create(const Article& a) {
    auto created = store_->CreateArticle(a);
    EXPECT_TRUE(created.has_value()) << created.error().message;
    return created ? created->id : 0;
  }

  std::string Path(NewsId id) {
    auto a = store_->GetArticle(id);
    EXPECT_TRUE(a.has_value());
    return a ? CanonicalPath(*a) : std::string();
  }

  void AddToken() {
    auto token = store_->CreateApiToken(ApiToken{0, "test", HashApiToken(kToken), now_});
    ASSERT_TRUE(token.has_value()) << token.error().message;
  }

  Response Call(Method method, const std::string& path, std::string body = "",
                HeaderList headers = {}, HeaderList query = {}) {
    return site_.Call(method, path, std::move(body), std::move(headers), std::move(query));
  }

  Response Get(const std::string& path, HeaderList query = {}) {
    return Call(Method::kGet, path, "", {}, std::move(query));
  }

  // A JSON API call carrying the test's bearer token.
  Response Api(Method method, const std::string& path, std::string body) {
    return Call(
        method, path, std::move(body),
        {{"authorization", std::string("Bearer ") + kToken}, {"content-type", "application/json"}});
  }

  testing_support::TestSite site_;
  Store* store_ = nullptr;
  App* app_ = nullptr;
  UnixTime now_ = 0;
  NewsId published_ = 0;
  NewsId draft_ = 0;
  NewsId persian_ = 0;
};

// Routing ----------------------------------------------------------------

TEST_F(AppTest, RootRedirectsToTheDefaultEdition) {
  Response r = Get("/");
  EXPECT_EQ(r.status, 302);
  EXPECT_EQ(r.Header("Location"), "/en/");
}

TEST_F(AppTest, EditionFrontListsPublishedArticlesOnly) {
  Response r = Get("/en/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(r.Header("Cache-Control"),
            "public, max-age=60, stale-while-revalidate=300, stale-if-error=86400");
  EXPECT_TRUE(Has(r.body, "<html lang=\"en\" dir=\"ltr\">"));
  EXPECT_TRUE(Has(r.body, "Budget passes in parliament"));
  EXPECT_TRUE(Has(r.body, "href=\"" + Path(published_) + "\""));
  EXPECT_TRUE(Lacks(r.body, "Unfinished draft"));
  EXPECT_TRUE(Lacks(r.body, "تصویب بودجه"));

  Response fa = Get("/fa/");
  EXPECT_EQ(fa.status, 200);
  EXPECT_TRUE(Has(fa.body, "<html lang=\"fa\" dir=\"rtl\">"));
  EXPECT_TRUE(Has(fa.body, "تصویب بودجه"));
}

TEST_F(AppTest, HeadIsAnsweredLikeGet) {
  Response r = Call(Method::kHead, "/en/");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(Has(r.body, "Budget passes in parliament"));
}

TEST_F(AppTest, CanonicalArticlePathServesTheArticle) {
  Response r = Get(Path(published_));
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(Has(r.body, "<h1 class=\"headline\">Budget passes in parliament</h1>"));
  EXPECT_TRUE(Has(r.body, "News ID: <span dir=\"ltr\">" + std::to_string(published_) + "</span>"));
  EXPECT_TRUE(Has(r.body, "<link rel=\"canonical\" href=\"" + site_.config().site.base_url +
                              Path(published_) + "\">"));
  EXPECT_TRUE(Has(r.body, "href=\"/en/tag/budget/\""));
}

TEST_F(AppTest, NonCanonicalPathsRedirectPermanently) {
  const std::string canonical = Path(published_);
  const std::string id = std::to_string(published_);
  struct Case {
    std::string path;
    std::string location;
  };
  for (const Case& c : std::vector<Case>{
           {"/en", "/en/"},
           {"/fa", "/fa/"},
           {"/en/politics", "/en/politics/"},
           {"/en/tag/budget", "/en/tag/budget/"},
           {"/news/" + id, canonical},
           {"/news/" + id + "/any-words", canonical},
           {"/en/news/" + id, canonical},
           {"/en/news/" + id + "/wrong-slug", canonical},
           {"/fa/news/" + id + "/budget-passes-in-parliament", canonical},
       }) {
    SCOPED_TRACE(c.path);
    Response r = Get(c.path);
    EXPECT_EQ(r.status, 301);
    EXPECT_EQ(r.Header("Location"), c.location);
  }
}

TEST_F(AppTest, SectionAndTagPagesAreServedAtTheirCanonicalPaths) {
  Response section = Get("/en/politics/");
  EXPECT_EQ(section.status, 200);
  EXPECT_TRUE(Has(section.body, "<h1 class=\"page-title\">Politics</h1>"));
  EXPECT_TRUE(Has(section.body, "Budget passes in parliament"));

  Response empty_section = Get("/en/world/");
  EXPECT_EQ(empty_section.status, 200);
  EXPECT_TRUE(Has(empty_section.body, "No stories here yet."));

  Response tag = Get("/en/tag/budget/");
  EXPECT_EQ(tag.status, 200);
  EXPECT_TRUE(Has(tag.body, "Tagged: Budget"));
}

TEST_F(AppTest, ListPagesLinkNewerAndOlderPages) {
  // 1 + 20 published English stories: two pages of 20.
  for (int i = 0; i < 20; ++i) {
    Article a = MakeArticle("en", "Story " + std::to_string(i), "story-" + std::to_string(i));
    a.published_at = now_ - 60 + i;
    Create(a);
  }
  Response first = Get("/en/");
  ASSERT_EQ(first.status, 200);
  EXPECT_TRUE(Has(first.body, "<a rel=\"next\" href=\"/en/?page=2\">"));
  EXPECT_TRUE(Lacks(first.body, "rel=\"prev\""));
  EXPECT_TRUE(Lacks(first.body, "Budget passes in parliament"));  // The oldest.

  Response second = Get("/en/", {{"page", "2"}});
  ASSERT_EQ(second.status, 200);
  EXPECT_TRUE(Has(second.body, "<a rel=\"prev\" href=\"/en/\">"));
  EXPECT_TRUE(Lacks(second.body, "rel=\"next\""));
  EXPECT_TRUE(Has(second.body, "Budget passes in parliament"));
  EXPECT_TRUE(Has(second.body, "<link rel=\"canonical\" href=\"" + site_.config().site.base_url +
                                   "/en/?page=2\">"));

  EXPECT_EQ(Get("/en/", {{"page", "3"}}).status, 404);
  EXPECT_EQ(Get("/en/", {{"page", "0"}}).status, 400);
  EXPECT_EQ(Get("/en/", {{"page", "two"}}).status, 400);
}

TEST_F(AppTest, UnknownPagesGetARealNotFoundPage) {
  for (const std::string path : {"/en/no-such-section/", "/xx/", "/en/news/999999/missing",
                                 "/en/tag/no-such-tag/", "/en/news/abc/x", "/en/a/b/c/d"}) {
    SCOPED_TRACE(path);
    Response r = Get(path);
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
    EXPECT_TRUE(Has(r.body, "Page not found"));
    EXPECT_TRUE(Has(r.body, "<meta name=\"robots\" content=\"noindex\">"));
  }
}

TEST_F(AppTest, NotFoundPageSpeaksTheEditionsLanguage) {
  Response r = Get("/fa/no-such-section/");
  EXPECT_EQ(r.status, 404);
  EXPECT_TRUE(Has(r.body, "<html lang=\"fa\" dir=\"rtl\">"));
  EXPECT_TRUE(Lacks(r.body, "Page not found"));
}

TEST_F(AppTest, DraftsAreNotFoundOnTheSite) {
  Response r = Get(Path(draft_));
  EXPECT_EQ(r.status, 404);
  EXPECT_TRUE(Lacks(r.body, "Unfinished draft"));
  Response short_form = Get("/news/" + std::to_string(draft_));
  EXPECT_EQ(short_form.status, 404);
  EXPECT_TRUE(short_form.Header("Location").empty());
}

TEST_F(AppTest, PostOnAPageIsMethodNotAllowedWithAllowHeader) {
  for (Method m : {Method::kPost, Method::kPut, Method::kDelete}) {
    Response r = Call(m, "/en/", "x=1");
    EXPECT_EQ(r.status, 405);
    EXPECT_EQ(r.Header("Allow"), "GET, HEAD");
  }
  Response article = Call(Method::kPost, Path(published_));
  EXPECT_EQ(article.status, 405);
  EXPECT_EQ(article.Header("Allow"), "GET, HEAD");
}

TEST_F(AppTest, OverlongPathIsRefused) {
  Response r = Get("/en/" + std::string(5000, 'a'));
  EXPECT_EQ(r.status, 414);
}

// Operational endpoints --------------------------------------------------

TEST_F(AppTest, HealthzReportsOk) {
  Response r = Get("/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "ok\n");
  EXPECT_EQ(r.Header("Cache-Control"), "no-store");
}

TEST_F(AppTest, MetricsExportRecordedCounters) {
  app_->metrics().Record(200, 1500);
  app_->metrics().Record(201, 500);
  app_->metrics().Record(404, 1000);
  app_->metrics().Record(503, 2000);
  app_->metrics().Record(302, 0);

  Response r = Get("/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(r.Header("Cache-Control"), "no-store");
  EXPECT_TRUE(Has(r.body, "herald_http_requests_total{code=\"1xx\"} 0\n"));
  EXPECT_TRUE(Has(r.body, "herald_http_requests_total{code=\"2xx\"} 2\n"));
  EXPECT_TRUE(Has(r.body, "herald_http_requests_total{code=\"3xx\"} 1\n"));
  EXPECT_TRUE(Has(r.body, "herald_http_requests_total{code=\"4xx\"} 1\n"));
  EXPECT_TRUE(Has(r.body, "herald_http_requests_total{code=\"5xx\"} 1\n"));
  EXPECT_TRUE(Has(r.body, "herald_http_request_duration_seconds_sum 0.005000\n"));
  EXPECT_TRUE(Has(r.body, "herald_scheduled_articles_published_total 0\n"));
  EXPECT_TRUE(Has(r.body, "# TYPE herald_http_requests_total counter\n"));
}

TEST_F(AppTest, StaticStylesheetIsServedWithAnImmutableCacheHeader) {
  const Asset* css = FindAsset(StylesheetPath());
  ASSERT_NE(css, nullptr);
  Response r = Get(StylesheetPath());
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/css; charset=utf-8");
  EXPECT_EQ(r.Header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(r.body, std::string(css->body));
  EXPECT_FALSE(r.body.empty());

  Response stale = Get("/static/site.0000000000.css");
  EXPECT_EQ(stale.status, 404);
  EXPECT_NE(stale.Header("Cache-Control"), "public, max-age=31536000, immutable");
}

// The API ----------------------------------------------------------------

TEST_F(AppTest, ApiWritesWithoutATokenAreUnauthorized) {
  const std::string body = R"({"edition":"en","section":"politics","headline":"Sneaky"})";
  Response r =
      Call(Method::kPost, "/api/v1/articles", body, {{"content-type", "application/json"}});
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.Header("WWW-Authenticate"), "Bearer realm=\"herald\"");
  json j = Body(r);
  ASSERT_FALSE(j.is_discarded()) << r.body;
  EXPECT_EQ(j["error"]["code"], "unauthenticated");
  ArticleQuery q;
  q.edition = "en";
  auto all = store_->ListArticles(q);
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(all->items.size(), 2u);
}

TEST_F(AppTest, ApiWritesWithABadTokenAreUnauthorized) {
  AddToken();
  const std::string body = R"({"edition":"en","section":"politics","headline":"Sneaky"})";
  for (const std::string& auth : std::vector<std::string>{
           "Bearer hld_not-the-token", std::string("Basic ") + kToken, "Bearer",
           std::string(kToken), std::string("Bearer ") + kToken + "x"}) {
    SCOPED_TRACE(auth);
    Response r = Call(Method::kPost, "/api/v1/articles", body,
                      {{"authorization", auth}, {"content-type", "application/json"}});
    EXPECT_EQ(r.status, 401);
  }
}

TEST_F(AppTest, ApiReadsOfDraftsNeedAToken) {
  Response list = Get("/api/v1/articles", {{"status", "draft"}});
  EXPECT_EQ(list.status, 401);
  Response one = Get("/api/v1/articles/" + std::to_string(draft_));
  EXPECT_EQ(one.status, 404);

  AddToken();
  Response authed = Call(Method::kGet, "/api/v1/articles/" + std::to_string(draft_), "",
                         {{"authorization", std::string("Bearer ") + kToken}});
  EXPECT_EQ(authed.status, 200);
  json j = Body(authed);
  ASSERT_FALSE(j.is_discarded()) << authed.body;
  EXPECT_EQ(j["headline"], "Unfinished draft");
  EXPECT_EQ(j["status"], "draft");
}

TEST_F(AppTest, ApiPublicListShowsOnlyPublishedArticles) {
  Response r = Get("/api/v1/articles");
  ASSERT_EQ(r.status, 200);
  json j = Body(r);
  ASSERT_FALSE(j.is_discarded()) << r.body;
  ASSERT_EQ(j["articles"].size(), 1u);
  EXPECT_EQ(j["articles"][0]["id"], published_);
  EXPECT_EQ(j["articles"][0]["tags"], json::array({"Budget"}));
  EXPECT_EQ(j["has_more"], false);
}

TEST_F(AppTest, ThePublicApiNeverNamesWhoWroteOrSavedAnArticle) {
  // Staff emails are the desk's sign-in names: only the desk sees them.
  AddToken();
  Response made = Api(Method::kPost, "/api/v1/articles",
                      R"({"edition":"en","section":"world","headline":"Talks resume"})");
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string id = std::to_string(Body(made)["id"].get<int64_t>());
  ASSERT_EQ(Api(Method::kPost, "/api/v1/articles/" + id + "/publish", "{}").status, 200);
  const HeaderList token = {{"authorization", std::string("Bearer ") + kToken}};
  for (const char* field : {"author", "updated_by", "submitted_at"}) {
    EXPECT_FALSE(Body(Get("/api/v1/articles/" + id)).contains(field)) << field;
    const json list = Body(Get("/api/v1/articles"));
    for (const json& a : list["articles"]) EXPECT_FALSE(a.contains(field)) << field;
    EXPECT_TRUE(Body(Call(Method::kGet, "/api/v1/articles/" + id, "", token)).contains(field))
        << field;
  }
}

TEST_F(AppTest, ApiCreatesAnArticleWithAValidToken) {
  AddToken();
  Response r = Api(Method::kPost, "/api/v1/articles",
                   R"({"edition":"en","section":"world","headline":"  Talks resume  ",)"
                   R"("tags":["Diplomacy","diplomacy",""],"lead":"Envoys met."})");
  ASSERT_EQ(r.status, 201) << r.body;
  json j = Body(r);
  ASSERT_FALSE(j.is_discarded()) << r.body;
  NewsId id = j["id"].get<NewsId>();
  EXPECT_GT(id, persian_);
  EXPECT_EQ(r.Header("Location"), "/api/v1/articles/" + std::to_string(id));
  EXPECT_EQ(j["headline"], "Talks resume");
  EXPECT_EQ(j["status"], "draft");
  EXPECT_EQ(j["tags"], json::array({"Diplomacy"}));

  auto stored = store_->GetArticle(id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->section, "world");
  EXPECT_EQ(stored->lead, "Envoys met.");
  EXPECT_EQ(stored->status, ArticleStatus::kDraft);
  EXPECT_EQ(stored->slug, "talks-resume");
}

TEST_F(AppTest, ApiPublishMakesTheArticlePublic) {
  AddToken();
  std::string path = "/api/v1/articles/" + std::to_string(draft_) + "/publish";
  Response r = Call(Method::kPost, path, "", {{"authorization", std::string("Bearer ") + kToken}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto stored = store_->GetArticle(draft_);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->status, ArticleStatus::kPublished);
  EXPECT_EQ(Get(Path(draft_)).status, 200);
}

TEST_F(AppTest, ATranslationGroupHoldsOneVersionPerEdition) {
  AddToken();
  // fa translates the English story; a second English story may not then
  // name the Persian one as its original, or the group would hold two
  // English versions.
  Response fa = Api(Method::kPost, "/api/v1/articles",
                    R"({"edition":"fa","section":"politics","headline":"ترجمه",)"
                    R"("translation_of":)" +
                        std::to_string(published_) + "}");
  ASSERT_EQ(fa.status, 201) << fa.body;
  NewsId fa_id = Body(fa)["id"].get<NewsId>();
  Response en2 = Api(Method::kPost, "/api/v1/articles",
                     R"({"edition":"en","section":"politics","headline":"Follow-up",)"
                     R"("translation_of":)" +
                         std::to_string(fa_id) + "}");
  EXPECT_EQ(en2.status, 400) << en2.body;
  EXPECT_TRUE(Has(en2.body, "already has a version in edition 'en'"));
  Response p = Call(Method::kPost, "/api/v1/articles/" + std::to_string(fa_id) + "/publish", "",
                    {{"authorization", std::string("Bearer ") + kToken}});
  ASSERT_EQ(p.status, 200) << p.body;

  Response page = Get(Path(published_));
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(Has(page.body, "<a href=\"" + Path(fa_id) + "\" lang=\"fa\""));
  EXPECT_TRUE(Lacks(page.body, "lang=\"en\" hreflang=\"en\" dir=\"ltr\">English</a> </p>"));
}

TEST_F(AppTest, ApiBodyOverTheLimitIsTooLarge) {
  AddToken();
  std::string body = R"({"edition":"en","section":"politics","headline":"Big","body":")";
  body += std::string(site_.config().server.max_body_bytes, 'x');
  body += "\"}";
  ASSERT_GT(body.size(), site_.config().server.max_body_bytes);
  Response r = Api(Method::kPost, "/api/v1/articles", body);
  EXPECT_EQ(r.status, 413);
  json j = Body(r);
  ASSERT_FALSE(j.is_discarded()) << r.body;
  EXPECT_EQ(j["error"]["code"], "too_large");
}

TEST_F(AppTest, ApiBodyExactlyAtTheLimitIsAccepted) {
  AddToken();
  std::string body = R"({"edition":"en","section":"politics","headline":"Just fits"})";
  body.resize(site_.config().server.max_body_bytes, ' ');  // Trailing JSON whitespace.
  Response r = Api(Method::kPost, "/api/v1/articles", body);
  EXPECT_EQ(r.status, 201) << r.body;
}

TEST_F(AppTest, ApiInvalidJsonIsBadRequest) {
  AddToken();
  for (const std::string body : {"{not json", "", "[1, 2]", "{\"edition\": \"en\""}) {
    SCOPED_TRACE(body);
    Response r = Api(Method::kPost, "/api/v1/articles", body);
    EXPECT_EQ(r.status, 400);
    json j = Body(r);
    ASSERT_FALSE(j.is_discarded()) << r.body;
    EXPECT_EQ(j["error"]["code"], "invalid_argument");
  }
}

TEST_F(AppTest, ApiRequiresAJsonContentType) {
  AddToken();
  Response r =
      Call(Method::kPost, "/api/v1/articles",
           R"({"edition":"en","section":"politics","headline":"Typed"})",
           {{"authorization", std::string("Bearer ") + kToken}, {"content-type", "text/plain"}});
  EXPECT_EQ(r.status, 400);
}

TEST_F(AppTest, ApiUnknownEndpointIsJsonNotFound) {
  Response r = Get("/api/v1/nothing-here");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "application/json");
}

// Scheduling -------------------------------------------------------------

TEST_F(AppTest, PublishDuePublishesADueScheduledArticle) {
  Article due = MakeArticle("en", "Scheduled story", "scheduled-story");
  due.status = ArticleStatus::kScheduled;
  due.published_at = now_ - 5;
  NewsId due_id = Create(due);
  Article later = MakeArticle("en", "Tomorrow's story", "tomorrows-story");
  later.status = ArticleStatus::kScheduled;
  later.published_at = now_ + 86400;
  NewsId later_id = Create(later);
  EXPECT_EQ(Get(Path(due_id)).status, 404);

  EXPECT_EQ(app_->PublishDue(now_), 1);

  auto stored = store_->GetArticle(due_id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->status, ArticleStatus::kPublished);
  EXPECT_EQ(Get(Path(due_id)).status, 200);
  EXPECT_EQ(Get(Path(later_id)).status, 404);
  EXPECT_TRUE(Has(Get("/metrics").body, "herald_scheduled_articles_published_total 1\n"));

  EXPECT_EQ(app_->PublishDue(now_), 0);
}

// ClientAddress ----------------------------------------------------------

TEST(ClientAddressTest, UntrustedPeerIsTheClientWhateverItForwards) {
  std::vector<std::string> trusted = {"127.0.0.1", "::1"};
  EXPECT_EQ(ClientAddress("203.0.113.9", "1.2.3.4", trusted), "203.0.113.9");
  EXPECT_EQ(ClientAddress("203.0.113.9", "", trusted), "203.0.113.9");
}

TEST(ClientAddressTest, TrustedProxyForwardsTheLastUntrustedHop) {
  std::vector<std::string> trusted = {"127.0.0.1", "::1"};
  EXPECT_EQ(ClientAddress("127.0.0.1", "1.2.3.4, 127.0.0.1", trusted), "1.2.3.4");
  EXPECT_EQ(ClientAddress("::1", "1.2.3.4", trusted), "1.2.3.4");
  // A client cannot pick its address by sending its own header.
  EXPECT_EQ(ClientAddress("127.0.0.1", "6.6.6.6, 1.2.3.4", trusted), "1.2.3.4");
}

TEST(ClientAddressTest, EmptyOrAllTrustedHeaderLeavesThePeer) {
  std::vector<std::string> trusted = {"127.0.0.1", "::1"};
  EXPECT_EQ(ClientAddress("127.0.0.1", "", trusted), "127.0.0.1");
  EXPECT_EQ(ClientAddress("127.0.0.1", "   ", trusted), "127.0.0.1");
  EXPECT_EQ(ClientAddress("127.0.0.1", "::1, 127.0.0.1", trusted), "127.0.0.1");
}

TEST(ClientAddressTest, NoTrustedProxiesMeansThePeer) {
  EXPECT_EQ(ClientAddress("127.0.0.1", "1.2.3.4", {}), "127.0.0.1");
}

}  // namespace
}  // namespace herald
