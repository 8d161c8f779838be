// The moderation API (queue, bulk decisions, commenters) and the commenter's
// private status page and appeals, through App::Handle with a real store and
// a comment service whose screening needs no models: house rules hold
// "wobble" and reject "splat".
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <ctime>
#include <filesystem>
#include <memory>
#include <regex>
#include <string>

#include "auth/api_token.h"
#include "comments/comment_service.h"
#include "common/text.h"
#include "web/app.h"
#include "web/web_testing.h"

namespace herald {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing_support::Body;
using testing_support::Has;
using testing_support::Lacks;

constexpr const char* kAdmin =
    "hld_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
constexpr const char* kModerator =
    "hld_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
constexpr const char* kReporter =
    "hld_cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc";

class ModerationTest : public testing::Test {
 protected:
  void SetUp() override {
    store_ = &site_.store();
    ASSERT_TRUE(store_->PutSection(Section{"en", "politics", "Politics", 1}));
    ASSERT_TRUE(store_->PutSection(Section{"fa", "politics", "سیاسی", 1}));
    now_ = static_cast<UnixTime>(std::time(nullptr));
    article_ = Create("en", "Budget passes in parliament", "budget-passes");
    persian_ = Create("fa", "تصویب بودجه", "tasvib-budjeh");

    Config& config = site_.config();
    moderation::Policy policy;
    policy.phases = {"normalise", "spam", "word_list", "house_rules"};
    policy.per_address_per_minute = 1000;
    policy.per_identity_per_minute = 1000;
    policy.house_rules = {{"no wobbling", "\\bwobble\\b", CommentStatus::kPending, ""},
                          {"no splatting", "\\bsplat\\b", CommentStatus::kRejected, ""}};
    config.moderation["en"] = policy;
    policy.languages = {"fa"};
    config.moderation["fa"] = policy;
    auto service = CommentService::Create(config, *store_, moderation::Models{});
    ASSERT_TRUE(service.has_value()) << service.error().message;
    comments_ = std::move(*service);
    site_.Start(comments_.get());

    AddToken("admin", kAdmin, Role::kAdmin);
    AddToken("moderator", kModerator, Role::kModerator);
    AddToken("reporter", kReporter, Role::kReporter);
  }

  NewsId Create(const std::string& edition, const std::string& headline, const std::string& slug) {
    Article a;
    a.edition = edition;
    a.section = "politics";
    a.headline = headline;
    a.slug = slug;
    a.lead = "Lead";
    a.body = "Body";
    a.status = ArticleStatus::kPublished;
    a.created_at = now_ - 7200;
    a.updated_at = now_ - 3600;
    a.published_at = now_ - 3600;
    auto created = store_->CreateArticle(a);
    EXPECT_TRUE(created.has_value()) << created.error().message;
    return created ? created->id : 0;
  }

  void AddToken(const std::string& name, const char* secret, Role role) {
    auto token = store_->CreateApiToken(ApiToken{0, name, HashApiToken(secret), now_, role});
    ASSERT_TRUE(token.has_value()) << token.error().message;
  }

  Response Call(Method method, const std::string& path, std::string body = "",
                HeaderList headers = {}, HeaderList query = {}) {
    return site_.Call(method, path, std::move(body), std::move(headers), std::move(query));
  }

  // A URL as the server hands it out ("/en/...?key=K&x=y"), fetched.
  Response GetUrl(const std::string& url) {
    size_t q = url.find('?');
    HeaderList query;
    if (q != std::string::npos) {
      for (std::string_view pair : Split(std::string_view(url).substr(q + 1), '&')) {
        size_t eq = pair.find('=');
        query.emplace_back(std::string(pair.substr(0, eq)),
                           eq == std::string::npos ? "" : std::string(pair.substr(eq + 1)));
      }
    }
    return Call(Method::kGet, url.substr(0, q), "", {}, std::move(query));
  }

  Response Api(const char* token, Method method, const std::string& path, std::string body = "",
               HeaderList query = {}) {
    HeaderList headers = {{"content-type", "application/json"}};
    if (token != nullptr) headers.emplace_back("authorization", std::string("Bearer ") + token);
    return Call(method, path, std::move(body), std::move(headers), std::move(query));
  }

  // Posts a comment through the JSON API as the reader with `email`.
  json Post(const std::string& text, const std::string& email, NewsId article = 0,
            int expect = 201) {
    json body = {
        {"name", "Reader " + email.substr(0, email.find('@'))}, {"email", email}, {"body", text}};
    Response r =
        Call(Method::kPost,
             "/api/v1/articles/" + std::to_string(article ? article : article_) + "/comments",
             body.dump(), {{"content-type", "application/json"}});
    EXPECT_EQ(r.status, expect) << r.body;
    return Body(r);
  }

  json Queue(const std::string& kind) {
    Response r = Api(kModerator, Method::kGet, "/api/v1/moderation/queue", "", {{"kind", kind}});
    EXPECT_EQ(r.status, 200) << r.body;
    return Body(r);
  }

  json Bulk(const json& body, int expect = 200) {
    Response r = Api(kModerator, Method::kPost, "/api/v1/moderation/bulk", body.dump());
    EXPECT_EQ(r.status, expect) << r.body;
    return Body(r);
  }

  // The form token and key of the appeal form on a status page.
  static std::pair<std::string, std::string> AppealForm(const std::string& html) {
    static const std::regex token(R"re(name="token" value="([^"]+)")re");
    static const std::regex key(R"re(name="key" value="([^"]+)")re");
    std::smatch t, k;
    EXPECT_TRUE(std::regex_search(html, t, token)) << html;
    EXPECT_TRUE(std::regex_search(html, k, key)) << html;
    return {t.size() > 1 ? t[1].str() : "", k.size() > 1 ? k[1].str() : ""};
  }

  Response PostAppeal(const std::string& path, const std::string& token, const std::string& key,
                      const std::string& text) {
    return Call(Method::kPost, path,
                "token=" + PercentEncode(token) + "&key=" + PercentEncode(key) +
                    "&appeal=" + PercentEncode(text),
                {{"content-type", "application/x-www-form-urlencoded"}});
  }

  testing_support::TestSite site_;
  Store* store_ = nullptr;
  std::unique_ptr<CommentService> comments_;
  UnixTime now_ = 0;
  NewsId article_ = 0;
  NewsId persian_ = 0;
};

// The queue -----------------------------------------------------------------

TEST_F(ModerationTest, HeldCommentIsQueuedWithItsWordsMarkedAndItsRisk) {
  json posted = Post("Why does the <b>budget</b> wobble so much?", "held@example.org");
  ASSERT_EQ(posted["status"], "pending") << posted;
  int64_t id = posted["id"];
  Post("A clean and civil remark about the budget.", "clean@example.org");

  json q = Queue("held");
  EXPECT_EQ(q["kind"], "held");
  EXPECT_EQ(q["counts"], json({{"held", 1}, {"reported", 0}, {"appeals", 0}})) << q;
  ASSERT_EQ(q["items"].size(), 1u) << q;
  const json& item = q["items"][0];
  const json& c = item["comment"];
  EXPECT_EQ(c["id"], id);
  EXPECT_EQ(c["body"], "Why does the <b>budget</b> wobble so much?");
  EXPECT_EQ(c["body_html"],
            "<p>Why does the &lt;b&gt;budget&lt;/b&gt; <mark>wobble</mark> so much?</p>");
  EXPECT_FLOAT_EQ(c["risk"].get<float>(), 0.75F) << "a house rule's weight";
  ASSERT_EQ(c["reasons"].size(), 1u);
  EXPECT_EQ(c["reasons"][0]["code"], "house_rule");
  EXPECT_EQ(c["reasons"][0]["message"], "It may break the house rules.");
  ASSERT_EQ(c["findings"].size(), 1u);
  EXPECT_EQ(c["findings"][0]["reason"], "house_rule");
  EXPECT_EQ(c["findings"][0]["outcome"], "pending");
  EXPECT_EQ(c["findings"][0]["detail"], "no wobbling");
  EXPECT_EQ(c["appeal"]["state"], "none");
  EXPECT_EQ(item["article"]["id"], article_);
  EXPECT_EQ(item["article"]["edition"], "en");
  EXPECT_TRUE(item["article"]["url"].get<std::string>().ends_with("/budget-passes"))
      << item["article"];
  EXPECT_EQ(item["commenter"]["pending"], 1);
  EXPECT_TRUE(item["commenter"]["banned_until"].is_null());

  // The risk is stored with the comment.
  auto stored = store_->GetComment(id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_FLOAT_EQ(stored->risk, CommentRisk(*stored));
  EXPECT_GT(stored->risk, 0.0F);
}

TEST_F(ModerationTest, OnlyTheDeskSeesAHeldCommentThroughTheApi) {
  json held = Post("Does the budget wobble?", "held@example.org");
  ASSERT_EQ(held["status"], "pending") << held;
  json shown = Post("A civil remark about the budget.", "clean@example.org");
  const std::string held_path = "/api/v1/comments/" + held["id"].dump();
  // Whether a held comment exists is the commenter's and the desk's to know.
  EXPECT_EQ(Api(nullptr, Method::kGet, held_path).status, 404);
  EXPECT_EQ(Api(kReporter, Method::kGet, held_path).status, 404);
  Response seen = Api(kModerator, Method::kGet, held_path);
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(Body(seen)["status"], "pending");
  EXPECT_EQ(Api(nullptr, Method::kGet, "/api/v1/comments/" + shown["id"].dump()).status, 200);
}

TEST_F(ModerationTest, QueueReasonsSpeakTheEditionsLanguage) {
  Post("بودجه wobble شد", "fa@example.org", persian_);
  Response r = Api(kModerator, Method::kGet, "/api/v1/moderation/queue", "",
                   {{"kind", "held"}, {"edition", "fa"}});
  ASSERT_EQ(r.status, 200) << r.body;
  json q = Body(r);
  ASSERT_EQ(q["items"].size(), 1u) << q;
  EXPECT_EQ(q["items"][0]["comment"]["reasons"][0]["message"],
            "ممکن است با قوانین سایت مغایر باشد.");
  EXPECT_EQ(q["items"][0]["comment"]["body_html"], "<p>بودجه <mark>wobble</mark> شد</p>");
  json en = Body(Api(kModerator, Method::kGet, "/api/v1/moderation/queue", "",
                     {{"kind", "held"}, {"edition", "en"}}));
  EXPECT_TRUE(en["items"].empty()) << en;
  EXPECT_EQ(en["counts"]["held"], 0);
}

TEST_F(ModerationTest, QueueRefusesBadParameters) {
  for (const HeaderList& query : {HeaderList{{"kind", "spam"}}, HeaderList{{"limit", "0"}},
                                  HeaderList{{"limit", "501"}}, HeaderList{{"limit", "ten"}},
                                  HeaderList{{"offset", "-1"}}, HeaderList{{"edition", "xx"}}}) {
    Response r = Api(kModerator, Method::kGet, "/api/v1/moderation/queue", "", query);
    EXPECT_EQ(r.status, 400) << query[0].first << "=" << query[0].second << ": " << r.body;
    EXPECT_EQ(Body(r)["error"]["code"], "invalid_argument");
  }
  EXPECT_EQ(Api(kModerator, Method::kPost, "/api/v1/moderation/queue", "{}").status, 405);
  EXPECT_EQ(Api(kModerator, Method::kGet, "/api/v1/moderation/other").status, 404);
}

TEST_F(ModerationTest, EveryEndpointNeedsTheModerationPermission) {
  json posted = Post("The budget will wobble.", "perm@example.org");
  std::string commenter =
      "/api/v1/commenters/" + std::to_string(store_->GetComment(posted["id"])->commenter_id);
  struct Endpoint {
    Method method;
    std::string path;
    std::string body;
  };
  for (const auto& [method, path, body] : std::vector<Endpoint>{
           {Method::kGet, "/api/v1/moderation/queue", ""},
           {Method::kPost, "/api/v1/moderation/bulk",
            json({{"ids", {posted["id"]}}, {"action", "approve"}}).dump()},
           {Method::kGet, commenter, ""},
           {Method::kPost, commenter + "/ban", "{}"},
           {Method::kPost, "/api/v1/comments/" + posted["id"].dump() + "/approve", "{}"}}) {
    SCOPED_TRACE(path);
    Response anonymous = Api(nullptr, method, path, body);
    EXPECT_EQ(anonymous.status, 401) << anonymous.body;
    Response reporter = Api(kReporter, method, path, body);
    EXPECT_EQ(reporter.status, 403) << reporter.body;
    EXPECT_EQ(Body(reporter)["error"]["code"], "forbidden");
  }
  EXPECT_EQ(store_->GetComment(posted["id"])->status, CommentStatus::kPending)
      << "a refused request changed the comment";
  auto commenter_record = store_->GetCommenter(store_->GetComment(posted["id"])->commenter_id);
  EXPECT_EQ(commenter_record->banned_until, 0);
}

// Decisions ----------------------------------------------------------------

TEST_F(ModerationTest, BulkDecidesEachCommentAndReportsEachResult) {
  int64_t a = Post("First wobble.", "bulk-a@example.org")["id"];
  int64_t b = Post("Second wobble.", "bulk-b@example.org")["id"];
  json r = Bulk({{"ids", {a, b, 999999, a}},
                 {"action", "reject"},
                 {"reason", "house_rule"},
                 {"note", "  Please keep to the subject.  "}});
  ASSERT_EQ(r["results"].size(), 3u) << "duplicates are decided once: " << r;
  EXPECT_EQ(r["results"][0], json({{"id", a}, {"status", "rejected"}}));
  EXPECT_EQ(r["results"][1], json({{"id", b}, {"status", "rejected"}}));
  EXPECT_EQ(r["results"][2]["id"], 999999);
  EXPECT_EQ(r["results"][2]["error"]["code"], "not_found");

  auto history = store_->CommentHistory(a);
  ASSERT_TRUE(history.has_value());
  EXPECT_EQ(history->back().actor, "token:moderator");
  EXPECT_EQ(history->back().reason, "house_rule");
  EXPECT_EQ(history->back().note, "Please keep to the subject.");
  auto audit = store_->ListAudit("", "comment.reject", "", 0, 10);
  ASSERT_TRUE(audit.has_value());
  EXPECT_EQ(audit->size(), 2u);
  EXPECT_EQ(Queue("held")["items"].size(), 0u);

  // Approving in bulk goes the same way.
  int64_t c = Post("Third wobble.", "bulk-c@example.org")["id"];
  r = Bulk({{"ids", {c}}, {"action", "approve"}});
  EXPECT_EQ(r["results"][0], json({{"id", c}, {"status", "published"}}));
  EXPECT_EQ(store_->ListAudit("", "comment.approve", "comment:" + std::to_string(c), 0, 10)->size(),
            1u);
}

TEST_F(ModerationTest, BulkRefusesBadRequestsWithoutDecidingAnything) {
  int64_t a = Post("A wobble.", "bad-bulk@example.org")["id"];
  std::vector<int64_t> too_many(201, a);
  for (const json& body :
       {json({{"ids", json::array()}, {"action", "approve"}}),
        json({{"ids", too_many}, {"action", "approve"}}), json({{"ids", {a}}, {"action", "keep"}}),
        json({{"ids", {a}}}), json({{"ids", {"1"}}, {"action", "approve"}}),
        json({{"ids", {-4}}, {"action", "approve"}}),
        json({{"ids", {a}}, {"action", "reject"}, {"reason", "boring"}}),
        json({{"ids", {a}}, {"action", "reject"}, {"note", 5}}),
        json({{"ids", {a}}, {"action", "reject"}, {"note", std::string(1001, 'x')}}),
        json({{"ids", {a}}, {"action", "reject"}, {"other", 1}})}) {
    SCOPED_TRACE(body.dump().substr(0, 120));
    json r = Bulk(body, 400);
    EXPECT_EQ(r["error"]["code"], "invalid_argument") << r;
  }
  EXPECT_EQ(store_->GetComment(a)->status, CommentStatus::kPending);
}

TEST_F(ModerationTest, SingleDecisionsAreAuditedAsBulkOnesAre) {
  int64_t a = Post("A wobble to approve.", "single@example.org")["id"];
  Response r =
      Api(kModerator, Method::kPost, "/api/v1/comments/" + std::to_string(a) + "/approve", "{}");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Body(r)["status"], "published");
  auto audit = store_->ListAudit("token:moderator", "comment.", "", 0, 10);
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_EQ(audit->front().action, "comment.approve");
  EXPECT_EQ(audit->front().target, "comment:" + std::to_string(a));
  r = Api(kModerator, Method::kPost, "/api/v1/comments/" + std::to_string(a) + "/reject",
          json({{"reason", "not-a-code"}}).dump());
  EXPECT_EQ(r.status, 400) << r.body;
}

// Commenters ---------------------------------------------------------------

TEST_F(ModerationTest, SanctionsChangeTheCommenterAndAreAudited) {
  const std::string email = "sanctioned@example.org";
  int64_t first = Post("A first, civil comment.", email)["id"];
  int64_t second = Post("A second one, with a wobble.", email)["id"];
  int64_t commenter = store_->GetComment(first)->commenter_id;
  std::string base = "/api/v1/commenters/" + std::to_string(commenter);

  Response r = Api(kModerator, Method::kGet, base);
  ASSERT_EQ(r.status, 200) << r.body;
  json j = Body(r);
  EXPECT_EQ(j["commenter"]["id"], commenter);
  EXPECT_EQ(j["commenter"]["approved"], 1);
  EXPECT_EQ(j["commenter"]["pending"], 1);
  ASSERT_EQ(j["comments"].size(), 2u);
  EXPECT_EQ(j["comments"][0]["id"], second) << "newest first";
  EXPECT_EQ(j["comments"][1]["body"], "A first, civil comment.");

  r = Api(kModerator, Method::kPost, base + "/warn", json({{"note", "Mind the rules"}}).dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Body(r)["commenter"]["warnings"], 1);
  EXPECT_EQ(Body(r)["commenter"]["last_warning"], "Mind the rules");

  for (const json& bad : {json({{"days", 0}}), json({{"days", 366}}), json({{"days", "3"}}),
                          json::object(), json({{"days", 3}, {"x", 1}})}) {
    EXPECT_EQ(Api(kModerator, Method::kPost, base + "/suspend", bad.dump()).status, 400) << bad;
  }
  r = Api(kModerator, Method::kPost, base + "/suspend", json({{"days", 3}}).dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(Body(r)["commenter"]["banned_until"].is_string()) << r.body;
  EXPECT_NE(Body(r)["commenter"]["banned_until"], "forever");

  EXPECT_EQ(Api(kModerator, Method::kPost, base + "/premoderate", "{}").status, 400);
  r = Api(kModerator, Method::kPost, base + "/premoderate", json({{"on", true}}).dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Body(r)["commenter"]["always_premoderate"], true);

  r = Api(kModerator, Method::kPost, base + "/ban", "");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Body(r)["commenter"]["banned_until"], "forever");
  json refused = Post("Trying again after the ban.", email, 0, 403);
  EXPECT_EQ(refused["error"]["code"], "banned");

  r = Api(kModerator, Method::kPost, base + "/unban", "{}");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(Body(r)["commenter"]["banned_until"].is_null());
  json again = Post("Back again, and held first.", email);
  EXPECT_EQ(again["status"], "pending") << "still premoderated: " << again;

  auto audit = store_->ListAudit("", "commenter.", "commenter:" + std::to_string(commenter), 0, 50);
  ASSERT_TRUE(audit.has_value());
  std::vector<std::string> actions;
  for (const AuditEntry& e : *audit) actions.push_back(e.action);
  EXPECT_EQ(actions,
            (std::vector<std::string>{"commenter.unban", "commenter.ban", "commenter.premoderate",
                                      "commenter.suspend", "commenter.warn"}));

  EXPECT_EQ(Api(kModerator, Method::kGet, "/api/v1/commenters/999999").status, 404);
  EXPECT_EQ(Api(kModerator, Method::kPost, "/api/v1/commenters/999999/ban", "{}").status, 404);
  EXPECT_EQ(Api(kModerator, Method::kPost, base + "/delete", "{}").status, 404);
  EXPECT_EQ(Api(kModerator, Method::kGet, "/api/v1/commenters/abc").status, 404);
}

// The private status page and appeals --------------------------------------

TEST_F(ModerationTest, PostingAnswersWithAPrivateStatusLink) {
  json posted = Post("A fine comment about the budget.", "link@example.org");
  ASSERT_TRUE(posted["status_url"].is_string()) << posted;
  std::string url = posted["status_url"];
  static const std::regex shape(R"(^/en/comments/(\d+)/status\?key=[0-9a-f]{64}$)");
  std::smatch m;
  ASSERT_TRUE(std::regex_match(url, m, shape)) << url;
  EXPECT_EQ(m[1].str(), std::to_string(posted["id"].get<int64_t>()));
  // Only the key's hash is kept.
  auto hash = store_->CommentStatusKeyHash(posted["id"]);
  ASSERT_TRUE(hash.has_value());
  EXPECT_EQ(*hash, HashApiToken(url.substr(url.find("key=") + 4)));

  Response page = GetUrl(url);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(Has(page.body, "Your comment is published."));
  EXPECT_TRUE(Has(page.body, "#comment-" + posted["id"].dump()));
  EXPECT_TRUE(Lacks(page.body, "<form class=\"comment-form appeal-form\""));
}

TEST_F(ModerationTest, StatusPageShowsTheRejectionAndTakesOneAppeal) {
  json posted = Post("This is a splat of a budget & more.", "appeal@example.org");
  ASSERT_EQ(posted["status"], "rejected") << posted;
  int64_t id = posted["id"];
  std::string url = posted["status_url"];
  // A moderator looks again and keeps the rejection, with a note.
  json r = Bulk({{"ids", {id}},
                 {"action", "reject"},
                 {"reason", "house_rule"},
                 {"note", "Please argue without <insults>."}});
  ASSERT_EQ(r["results"][0]["status"], "rejected") << r;

  Response page = GetUrl(url);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.Header("Cache-Control"), "no-store");
  EXPECT_EQ(page.Header("Referrer-Policy"), "no-referrer");
  EXPECT_TRUE(Has(page.body, "<html lang=\"en\" dir=\"ltr\">"));
  EXPECT_TRUE(Has(page.body, "<meta name=\"robots\" content=\"noindex\">"));
  EXPECT_TRUE(Has(page.body, "<meta name=\"referrer\" content=\"no-referrer\">"));
  EXPECT_TRUE(Lacks(page.body, "rel=\"canonical\""));
  EXPECT_TRUE(Has(page.body, "Your comment was not accepted."));
  EXPECT_TRUE(Has(page.body, "It may break the house rules."));
  EXPECT_TRUE(Has(page.body, "Please argue without &lt;insults&gt;."));
  EXPECT_TRUE(Has(page.body, "This is a splat of a budget &amp; more."));
  EXPECT_TRUE(Has(page.body, "Budget passes in parliament"));
  EXPECT_TRUE(Lacks(page.body, "style=\""));
  EXPECT_TRUE(Lacks(page.body, "<script>"));
  auto [token, key] = AppealForm(page.body);
  EXPECT_EQ(key, url.substr(url.find("key=") + 4));
  const std::string action = "/en/comments/" + std::to_string(id) + "/appeal";
  EXPECT_TRUE(Has(page.body, "action=\"" + action + "\""));

  // Wrong, missing or malformed keys, and other editions, are all 404.
  std::string wrong = key;
  wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
  EXPECT_EQ(GetUrl("/en/comments/" + std::to_string(id) + "/status?key=" + wrong).status, 404);
  EXPECT_EQ(GetUrl("/en/comments/" + std::to_string(id) + "/status").status, 404);
  EXPECT_EQ(GetUrl("/en/comments/" + std::to_string(id) + "/status?key=xyz").status, 404);
  EXPECT_EQ(GetUrl("/en/comments/999999/status?key=" + key).status, 404);
  EXPECT_EQ(GetUrl("/fa/comments/" + std::to_string(id) + "/status?key=" + key).status, 404);

  // A bad appeal shows the form again, with the text and the reason.
  Response bad = PostAppeal(action, token, key, "   ");
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(Has(bad.body, "Please write why your comment should be published."));
  bad = PostAppeal(action, token, key, std::string(2001, 'x'));
  EXPECT_EQ(bad.status, 413);
  bad = PostAppeal(action, token + "0", key, "Forged form");
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(Has(bad.body, "The form has expired."));
  EXPECT_TRUE(Has(bad.body, "Forged form"));
  EXPECT_EQ(PostAppeal(action, token, wrong, "Wrong key").status, 404);

  Response sent = PostAppeal(action, token, key, "It was satire about <the> budget.");
  ASSERT_EQ(sent.status, 303) << sent.body;
  std::string location(sent.Header("Location"));
  EXPECT_EQ(location, url + "&appealed=1#appeal-notice");
  page = GetUrl(location.substr(0, location.find('#')));
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(Has(page.body, "Your appeal was sent"));
  EXPECT_TRUE(Has(page.body, "Your appeal is waiting for a moderator."));
  EXPECT_TRUE(Has(page.body, "It was satire about &lt;the&gt; budget."));
  EXPECT_TRUE(Lacks(page.body, "<textarea"));

  // Once only.
  Response twice = PostAppeal(action, token, key, "Again");
  EXPECT_EQ(twice.status, 409);
  EXPECT_TRUE(Has(twice.body, "appealed before"));

  // In the appeals queue; the moderator's decision settles it.
  json q = Queue("appeals");
  ASSERT_EQ(q["items"].size(), 1u) << q;
  EXPECT_EQ(q["counts"]["appeals"], 1);
  EXPECT_EQ(q["items"][0]["comment"]["appeal"]["state"], "pending");
  EXPECT_EQ(q["items"][0]["comment"]["appeal"]["text"], "It was satire about <the> budget.");
  EXPECT_EQ(q["items"][0]["comment"]["body_html"],
            "<p>This is a <mark>splat</mark> of a budget &amp; more.</p>");
  Response approved =
      Api(kModerator, Method::kPost, "/api/v1/comments/" + std::to_string(id) + "/approve", "{}");
  ASSERT_EQ(approved.status, 200) << approved.body;
  page = GetUrl(url);
  EXPECT_TRUE(Has(page.body, "A moderator looked at your appeal and published your comment."));
  EXPECT_TRUE(Has(page.body, "Your comment is published."));
  EXPECT_TRUE(Lacks(page.body, "Please argue without")) << "the note was for the rejection";
  EXPECT_EQ(Queue("appeals")["items"].size(), 0u);
}

TEST_F(ModerationTest, UpheldAppealIsShownOnTheStatusPage) {
  json posted = Post("Another splat.", "upheld@example.org");
  int64_t id = posted["id"];
  std::string url = posted["status_url"];
  auto [token, key] = AppealForm(GetUrl(url).body);
  ASSERT_EQ(
      PostAppeal("/en/comments/" + std::to_string(id) + "/appeal", token, key, "Please").status,
      303);
  json r = Bulk({{"ids", {id}}, {"action", "reject"}, {"note", "Still against the rules."}});
  ASSERT_EQ(r["results"][0]["status"], "rejected") << r;
  Response page = GetUrl(url);
  EXPECT_TRUE(Has(page.body, "A moderator looked at your appeal and kept the decision."));
  EXPECT_TRUE(Has(page.body, "Still against the rules."));
  EXPECT_TRUE(Lacks(page.body, "<textarea"));
}

TEST_F(ModerationTest, PersianStatusPageIsRightToLeftInPersian) {
  json posted = Post("این بودجه splat است", "fa-status@example.org", persian_);
  std::string url = posted["status_url"];
  ASSERT_TRUE(url.starts_with("/fa/comments/")) << url;
  Response page = GetUrl(url);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(Has(page.body, "<html lang=\"fa\" dir=\"rtl\">"));
  EXPECT_TRUE(Has(page.body, "نظر شما پذیرفته نشد."));
  EXPECT_TRUE(Has(page.body, "درخواست بازبینی"));
}

TEST_F(ModerationTest, StatusAndAppealAsJson) {
  json posted = Post("A splat in JSON.", "json@example.org");
  int64_t id = posted["id"];
  std::string url = posted["status_url"];
  std::string key = url.substr(url.find("key=") + 4);
  std::string base = "/api/v1/comments/" + std::to_string(id);
  std::string wrong = key;
  wrong[0] = wrong[0] == 'a' ? 'b' : 'a';

  Response r = Api(nullptr, Method::kGet, base + "/status", "", {{"key", key}});
  ASSERT_EQ(r.status, 200) << r.body;
  json j = Body(r);
  EXPECT_EQ(j["status"], "rejected");
  EXPECT_EQ(j["body"], "A splat in JSON.");
  EXPECT_EQ(j["reasons"][0]["code"], "house_rule");
  EXPECT_EQ(j["can_appeal"], true);
  EXPECT_EQ(j["appeal"]["state"], "none");
  EXPECT_EQ(j["article"]["id"], article_);
  EXPECT_EQ(Api(nullptr, Method::kGet, base + "/status", "", {{"key", wrong}}).status, 404);
  EXPECT_EQ(Api(nullptr, Method::kGet, base + "/status").status, 404);
  EXPECT_EQ(Api(nullptr, Method::kGet, "/api/v1/comments/999999/status", "", {{"key", key}}).status,
            404);

  EXPECT_EQ(Api(nullptr, Method::kPost, base + "/appeal", json({{"key", key}}).dump()).status, 400);
  EXPECT_EQ(Api(nullptr, Method::kPost, base + "/appeal",
                json({{"key", key}, {"text", std::string(2001, 'x')}}).dump())
                .status,
            413);
  EXPECT_EQ(Api(nullptr, Method::kPost, base + "/appeal",
                json({{"key", wrong}, {"text", "Hello"}}).dump())
                .status,
            404);
  r = Api(nullptr, Method::kPost, base + "/appeal",
          json({{"key", key}, {"text", "It was a joke."}}).dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Body(r)["appeal"]["state"], "pending");
  EXPECT_EQ(Body(r)["can_appeal"], false);
  r = Api(nullptr, Method::kPost, base + "/appeal",
          json({{"key", key}, {"text", "Once more."}}).dump());
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(Body(r)["error"]["code"], "already_appealed");

  // A published comment has nothing to appeal.
  json fine = Post("A civil comment.", "json-fine@example.org");
  std::string fine_url = fine["status_url"];
  r = Api(nullptr, Method::kPost, "/api/v1/comments/" + fine["id"].dump() + "/appeal",
          json({{"key", fine_url.substr(fine_url.find("key=") + 4)}, {"text", "Why?"}}).dump());
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(Body(r)["error"]["code"], "not_rejected");
}

}  // namespace
}  // namespace herald
