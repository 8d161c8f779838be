// The desk's sign-in, sessions, CSRF, roles, users, audit and uploads,
// through App::Handle.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <ctime>
#include <string>

#include "auth/api_token.h"
#include "auth/password.h"
#include "web/web_testing.h"

namespace herald {
namespace {

using nlohmann::json;
using testing_support::Body;
using testing_support::Has;
using testing_support::Lacks;
using testing_support::TestSite;

constexpr const char* kPassword = "a long enough secret";

// The value of the attribute value="..." after `marker` in `html`.
std::string ValueAfter(const std::string& html, const std::string& marker) {
  size_t at = html.find(marker);
  if (at == std::string::npos) return "";
  at = html.find("value=\"", at);
  if (at == std::string::npos) return "";
  at += 7;
  return html.substr(at, html.find('"', at) - at);
}

// The value of cookie `name` set by `r`, or nullopt when it sets none.
std::optional<std::string> SetCookieValue(const Response& r, const std::string& name) {
  for (const auto& [header, value] : r.headers) {
    if (header != "Set-Cookie" || !value.starts_with(name + "=")) continue;
    return value.substr(name.size() + 1, value.find(';') - name.size() - 1);
  }
  return std::nullopt;
}

// A signed-in browser: its session cookie and the desk's CSRF token.
struct Browser {
  std::string cookie;
  std::string csrf;
};

class DeskTest : public testing::Test {
 protected:
  void SetUp() override {
    site_.config().desk.login_max_failures = 3;
    ASSERT_TRUE(site_.store().PutSection(Section{"en", "politics", "Politics", 1}));
    AddUser("rep@example.org", Role::kReporter);
    AddUser("ed@example.org", Role::kEditor);
    AddUser("mod@example.org", Role::kModerator);
    AddUser("admin@example.org", Role::kAdmin);
    site_.Start();
  }

  void AddUser(const std::string& email, Role role) {
    User u;
    u.email = email;
    u.name = email.substr(0, email.find('@'));
    u.role = role;
    u.password_hash = *HashPassword(kPassword);
    u.created_at = 1;
    ASSERT_TRUE(site_.store().CreateUser(u).has_value());
  }

  // Posts the login form as a browser would: fetch the form (and its
  // cookie), then send it back.
  Response PostLogin(const std::string& email, const std::string& password,
                     const std::string& next = "") {
    Response form = site_.Call(Method::kGet, "/desk/login");
    EXPECT_EQ(form.status, 200);
    auto nonce = SetCookieValue(form, "herald_login");
    EXPECT_TRUE(nonce.has_value());
    std::string csrf = ValueAfter(form.body, "name=\"csrf\"");
    std::string body = "email=" + email + "&password=" + password + "&csrf=" + csrf;
    if (!next.empty()) body += "&next=" + next;
    return site_.Call(Method::kPost, "/desk/login", body,
                      {{"content-type", "application/x-www-form-urlencoded"},
                       {"cookie", "herald_login=" + nonce.value_or("")}});
  }

  Browser SignIn(const std::string& email) {
    Response r = PostLogin(email, "a+long+enough+secret");
    EXPECT_EQ(r.status, 303) << r.body;
    Browser b;
    b.cookie = "herald_session=" + SetCookieValue(r, "herald_session").value_or("");
    Response shell = site_.Call(Method::kGet, "/desk/", "", {{"cookie", b.cookie}});
    EXPECT_EQ(shell.status, 200);
    size_t at = shell.body.find("\"csrf\":\"");
    if (at != std::string::npos) {
      at += 8;
      b.csrf = shell.body.substr(at, shell.body.find('"', at) - at);
    }
    EXPECT_EQ(b.csrf.size(), 64u);
    return b;
  }

  Response Api(const Browser& b, Method method, const std::string& path, const std::string& body,
               bool with_csrf = true) {
    HeaderList headers = {{"cookie", b.cookie}, {"content-type", "application/json"}};
    if (with_csrf) headers.emplace_back("x-csrf-token", b.csrf);
    return site_.Call(method, path, body, headers);
  }

  NewsId CreateDraft(const Browser& b) {
    Response r = Api(b, Method::kPost, "/api/v1/articles",
                     R"({"edition":"en","section":"politics","headline":"Council meets"})");
    EXPECT_EQ(r.status, 201) << r.body;
    return Body(r).value("id", NewsId{0});
  }

  TestSite site_;
};

TEST_F(DeskTest, DeskPagesSendAnonymousVisitorsToTheLoginForm) {
  Response r = site_.Call(Method::kGet, "/desk/moderation");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.Header("Location"), "/desk/login?next=/desk/moderation");
  Response form = site_.Call(Method::kGet, "/desk/login");
  EXPECT_EQ(form.status, 200);
  EXPECT_EQ(form.Header("Cache-Control"), "no-store");
  EXPECT_TRUE(Has(form.body, "name=\"password\""));
}

TEST_F(DeskTest, SigningInSetsAStrictHttpOnlySessionCookie) {
  Response r = PostLogin("ed@example.org", "a+long+enough+secret", "/desk/moderation");
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.Header("Location"), "/desk/moderation");
  std::string set;
  for (const auto& [h, v] : r.headers) {
    if (h == "Set-Cookie" && v.starts_with("herald_session=")) set = v;
  }
  EXPECT_TRUE(Has(set, "HttpOnly"));
  EXPECT_TRUE(Has(set, "SameSite=Strict"));
  EXPECT_TRUE(Has(set, "Path=/"));
  EXPECT_TRUE(Lacks(set, "Secure"));  // base_url is http:// in tests.

  std::string cookie = "herald_session=" + SetCookieValue(r, "herald_session").value_or("");
  json me = Body(site_.Call(Method::kGet, "/api/v1/me", "", {{"cookie", cookie}}));
  EXPECT_EQ(me["user"]["email"], "ed@example.org");
  EXPECT_EQ(me["user"]["role"], "editor");
  EXPECT_TRUE(Lacks(me.dump(), "argon2"));

  // Only the session's hash is kept: the cookie itself is nowhere in the store.
  auto audit = site_.store().ListAudit("ed@example.org", "user.login", "", 0, 10);
  ASSERT_TRUE(audit.has_value());
  ASSERT_EQ(audit->size(), 1u);
}

TEST_F(DeskTest, HttpsSitesGetSecureHostPrefixedCookies) {
  site_.config().site.base_url = "https://news.example.org";
  site_.Start();
  Response r = PostLogin("ed@example.org", "a+long+enough+secret");
  ASSERT_EQ(r.status, 303);
  auto value = SetCookieValue(r, "__Host-herald_session");
  ASSERT_TRUE(value.has_value());
  bool secure = false;
  for (const auto& [h, v] : r.headers) {
    if (h == "Set-Cookie" && v.starts_with("__Host-"))
      secure = v.find("; Secure") != std::string::npos;
  }
  EXPECT_TRUE(secure);
}

TEST_F(DeskTest, AWrongPasswordIsRefusedAndRecorded) {
  Response r = PostLogin("ed@example.org", "not+the+password");
  EXPECT_EQ(r.status, 401);
  EXPECT_TRUE(Has(r.body, "Wrong email or password."));
  EXPECT_TRUE(Has(r.body, "value=\"ed@example.org\""));
  EXPECT_FALSE(SetCookieValue(r, "herald_session").has_value());
  // An unknown account gets the same answer.
  Response unknown = PostLogin("nobody@example.org", "a+long+enough+secret");
  EXPECT_EQ(unknown.status, 401);
  EXPECT_TRUE(Has(unknown.body, "Wrong email or password."));
  auto audit = site_.store().ListAudit("", "user.login_failed", "", 0, 10);
  ASSERT_TRUE(audit.has_value());
  EXPECT_EQ(audit->size(), 2u);
}

TEST_F(DeskTest, RepeatedFailuresLockTheAccountWithRetryAfter) {
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(PostLogin("ed@example.org", "wrong+password+x").status, 401);
  // Even the right password is refused during the lockout.
  Response locked = PostLogin("ed@example.org", "a+long+enough+secret");
  EXPECT_EQ(locked.status, 429);
  EXPECT_TRUE(Has(locked.body, "Too many failed sign-ins. Try again in 15 minutes"));
  EXPECT_FALSE(locked.Header("Retry-After").empty());
  EXPECT_FALSE(SetCookieValue(locked, "herald_session").has_value());
  // Other accounts are not locked by one account's failures.
  EXPECT_EQ(PostLogin("mod@example.org", "a+long+enough+secret").status, 303);
  // Nor is the owner elsewhere: a stranger who knows the address cannot
  // lock a journalist out.
  site_.client_address = "198.51.100.9";
  EXPECT_EQ(PostLogin("ed@example.org", "a+long+enough+secret").status, 303);
}

TEST_F(DeskTest, FailuresFromManyAddressesLockTheAccountForEveryone) {
  // login_max_failures is 3 here: 3 x 20 failures spread over addresses.
  for (int i = 0; i < 60; ++i) {
    site_.client_address = "203.0.113." + std::to_string(i);
    EXPECT_EQ(PostLogin("ed@example.org", "wrong+password+x").status, 401);
  }
  site_.client_address = "198.51.100.9";
  EXPECT_EQ(PostLogin("ed@example.org", "a+long+enough+secret").status, 429);
}

TEST_F(DeskTest, TheLoginFormNeedsItsOwnCookieAndToken) {
  Response form = site_.Call(Method::kGet, "/desk/login");
  std::string csrf = ValueAfter(form.body, "name=\"csrf\"");
  const HeaderList form_type = {{"content-type", "application/x-www-form-urlencoded"}};
  // The token without the cookie it is bound to (a cross-site form post).
  Response no_cookie =
      site_.Call(Method::kPost, "/desk/login",
                 "email=ed@example.org&password=a+long+enough+secret&csrf=" + csrf, form_type);
  EXPECT_EQ(no_cookie.status, 403);
  // The cookie with a forged token.
  auto nonce = SetCookieValue(form, "herald_login");
  Response forged = site_.Call(Method::kPost, "/desk/login",
                               "email=ed@example.org&password=a+long+enough+secret&csrf=1.abc",
                               {{"content-type", "application/x-www-form-urlencoded"},
                                {"cookie", "herald_login=" + *nonce}});
  EXPECT_EQ(forged.status, 403);
  EXPECT_TRUE(Has(forged.body, "The sign-in form expired"));
}

TEST_F(DeskTest, SignInOnlyFollowsDeskPaths) {
  for (const char* next :
       {"https://evil.example/", "//evil.example/desk/", "/en/", "/desk/%5C%5Cx"}) {
    Response r = PostLogin("ed@example.org", "a+long+enough+secret", next);
    ASSERT_EQ(r.status, 303) << next;
    EXPECT_EQ(r.Header("Location"), "/desk/") << next;
  }
}

TEST_F(DeskTest, SessionWritesNeedTheCsrfToken) {
  Browser ed = SignIn("ed@example.org");
  const std::string draft = R"({"edition":"en","section":"politics","headline":"Council meets"})";
  Response without = Api(ed, Method::kPost, "/api/v1/articles", draft, false);
  EXPECT_EQ(without.status, 403);
  EXPECT_EQ(Body(without)["error"]["code"], "csrf");
  Browser forged = ed;
  forged.csrf = std::string(64, 'a');
  EXPECT_EQ(Api(forged, Method::kPost, "/api/v1/articles", draft).status, 403);
  EXPECT_EQ(Api(ed, Method::kPost, "/api/v1/articles", draft).status, 201);
  // Reads need no token.
  EXPECT_EQ(Api(ed, Method::kGet, "/api/v1/me", "", false).status, 200);
}

TEST_F(DeskTest, RolesAreCheckedOnTheServer) {
  Browser rep = SignIn("rep@example.org");
  Browser ed = SignIn("ed@example.org");
  Browser mod = SignIn("mod@example.org");
  NewsId id = CreateDraft(rep);
  ASSERT_NE(id, 0);
  const std::string path = "/api/v1/articles/" + std::to_string(id);

  Response publish = Api(rep, Method::kPost, path + "/publish", "{}");
  EXPECT_EQ(publish.status, 403);
  EXPECT_EQ(Body(publish)["error"]["code"], "forbidden");
  EXPECT_EQ(Api(rep, Method::kPost, path + "/submit", "{}").status, 200);
  EXPECT_EQ(Api(mod, Method::kPatch, path, R"({"lead":"x"})").status, 403);
  EXPECT_EQ(Api(mod, Method::kPost, "/api/v1/articles",
                R"({"edition":"en","section":"politics","headline":"x"})")
                .status,
            403);
  EXPECT_EQ(Api(ed, Method::kPost, path + "/publish", "{}").status, 200);
  // A published article is the editors' now.
  Response late = Api(rep, Method::kPatch, path, R"({"lead":"changed after publication"})");
  EXPECT_EQ(late.status, 403);
  EXPECT_EQ(Api(rep, Method::kGet, "/api/v1/users", "").status, 403);
  EXPECT_EQ(Api(ed, Method::kGet, "/api/v1/audit", "").status, 403);
  EXPECT_EQ(Api(mod, Method::kPost, path + "/comment-mode", R"({"mode":"pre"})").status, 200);

  auto audit = site_.store().ListAudit("", "article.", "article:" + std::to_string(id), 0, 50);
  ASSERT_TRUE(audit.has_value());
  std::vector<std::string> actions;
  for (const AuditEntry& e : *audit) actions.push_back(e.action + " " + e.actor);
  EXPECT_EQ(actions, (std::vector<std::string>{
                         "article.comment_mode mod@example.org", "article.publish ed@example.org",
                         "article.submit rep@example.org", "article.create rep@example.org"}));
}

TEST_F(DeskTest, AStaleSaveIsRefusedNotSilentlyApplied) {
  Browser rep = SignIn("rep@example.org");
  Browser ed = SignIn("ed@example.org");
  NewsId id = CreateDraft(rep);
  const std::string path = "/api/v1/articles/" + std::to_string(id);
  int64_t opened = Body(Api(rep, Method::kGet, path, ""))["revision"];
  ASSERT_EQ(Api(ed, Method::kPatch, path,
                R"({"lead":"The editor's lead","revision":)" + std::to_string(opened) + "}")
                .status,
            200);
  Response stale =
      Api(rep, Method::kPatch, path,
          R"({"lead":"The reporter's lead","revision":)" + std::to_string(opened) + "}");
  EXPECT_EQ(stale.status, 409);
  EXPECT_TRUE(Has(Body(stale)["error"]["message"], "changed by ed@example.org"));
  EXPECT_EQ(Body(Api(rep, Method::kGet, path, ""))["lead"], "The editor's lead");

  // Submitting (or publishing, or unpublishing) what one read before
  // someone else's save is refused the same way.
  EXPECT_EQ(
      Api(rep, Method::kPost, path + "/submit", R"({"revision":)" + std::to_string(opened) + "}")
          .status,
      409);
  EXPECT_EQ(Api(rep, Method::kPost, path + "/submit", R"({"bogus":1})").status, 400);

  json revisions = Body(Api(rep, Method::kGet, path + "/revisions", ""));
  ASSERT_EQ(revisions["revisions"].size(), 2u);
  EXPECT_EQ(revisions["revisions"][0]["by"], "ed@example.org");
  json first = Body(Api(rep, Method::kGet, path + "/revisions/" + std::to_string(opened), ""));
  EXPECT_EQ(first["lead"], "");
}

TEST_F(DeskTest, PreviewRendersTheRealArticlePageWithoutStoring) {
  Browser rep = SignIn("rep@example.org");
  Response r = Api(rep, Method::kPost, "/api/v1/preview",
                   R"({"edition":"en","section":"politics","headline":"Preview <b>only</b>",)"
                   R"("body":"First *paragraph*.\n\n<script>alert(1)</script>"})");
  ASSERT_EQ(r.status, 200) << r.body;
  std::string html = Body(r)["html"];
  EXPECT_TRUE(Has(html, "Preview &lt;b&gt;only&lt;/b&gt;"));
  EXPECT_TRUE(Has(html, "<em>paragraph</em>"));
  EXPECT_TRUE(Lacks(html, "<script>alert(1)</script>"));
  auto page = site_.store().ListArticles(ArticleQuery{});
  ASSERT_TRUE(page.has_value());
  EXPECT_TRUE(page->items.empty());
}

TEST_F(DeskTest, SigningOutEndsTheSession) {
  Browser ed = SignIn("ed@example.org");
  Response no_token =
      site_.Call(Method::kPost, "/desk/logout", "csrf=wrong",
                 {{"cookie", ed.cookie}, {"content-type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(no_token.status, 403);
  EXPECT_EQ(Api(ed, Method::kGet, "/api/v1/me", "").status, 200);
  Response out =
      site_.Call(Method::kPost, "/desk/logout", "csrf=" + ed.csrf,
                 {{"cookie", ed.cookie}, {"content-type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(out.status, 303);
  EXPECT_EQ(out.Header("Location"), "/desk/login");
  EXPECT_EQ(Api(ed, Method::kGet, "/api/v1/me", "").status, 401);
  EXPECT_EQ(site_.Call(Method::kGet, "/desk/", "", {{"cookie", ed.cookie}}).status, 303);
}

TEST_F(DeskTest, IdleAndOldSessionsEnd) {
  Browser idle = SignIn("ed@example.org");
  Browser old = SignIn("mod@example.org");
  const std::string idle_hash = HashApiToken(idle.cookie.substr(idle.cookie.find('=') + 1));
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  // Unused past its idle expiry.
  ASSERT_TRUE(site_.store().TouchSession(idle_hash, now - 7200, now - 1).has_value());
  EXPECT_EQ(Api(idle, Method::kGet, "/api/v1/me", "").status, 401);
  EXPECT_EQ(site_.Call(Method::kGet, "/desk/", "", {{"cookie", idle.cookie}}).status, 303);
  // Used all along, but older than desk.session_max_hours.
  site_.config().desk.session_max_hours = 1;
  site_.Start();
  const std::string old_hash = HashApiToken(old.cookie.substr(old.cookie.find('=') + 1));
  auto session = site_.store().FindSession(old_hash);
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(Api(old, Method::kGet, "/api/v1/me", "").status, 200);
  Session aged = *session;
  ASSERT_TRUE(site_.store().DeleteSession(old_hash).has_value());
  aged.created_at = now - 3601;
  ASSERT_TRUE(site_.store().CreateSession(aged).has_value());
  EXPECT_EQ(Api(old, Method::kGet, "/api/v1/me", "").status, 401);
}

TEST_F(DeskTest, DisabledUsersAreSignedOut) {
  Browser ed = SignIn("ed@example.org");
  Browser admin = SignIn("admin@example.org");
  auto user = site_.store().FindUserByEmail("ed@example.org");
  ASSERT_TRUE(user.has_value());
  Response disable = Api(admin, Method::kPatch, "/api/v1/users/" + std::to_string(user->id),
                         R"({"disabled":true})");
  EXPECT_EQ(disable.status, 200) << disable.body;
  EXPECT_EQ(Api(ed, Method::kGet, "/api/v1/me", "").status, 401);
  Response again = PostLogin("ed@example.org", "a+long+enough+secret");
  EXPECT_EQ(again.status, 401);
  EXPECT_TRUE(Has(again.body, "This account is disabled"));
}

TEST_F(DeskTest, AdminsManageUsersButNeverRemoveTheLastAdmin) {
  Browser admin = SignIn("admin@example.org");
  Response created = Api(admin, Method::kPost, "/api/v1/users",
                         R"({"email":"New@Example.org","name":"New Reporter","role":"reporter"})");
  ASSERT_EQ(created.status, 201) << created.body;
  json u = Body(created);
  EXPECT_EQ(u["email"], "new@example.org");
  EXPECT_EQ(u["password"].get<std::string>().size(), 20u);  // Generated, shown once.
  EXPECT_EQ(Api(admin, Method::kPost, "/api/v1/users",
                R"({"email":"new@example.org","name":"Again","role":"reporter"})")
                .status,
            409);
  EXPECT_EQ(Api(admin, Method::kPost, "/api/v1/users",
                R"({"email":"weak@example.org","name":"W","role":"editor","password":"short"})")
                .status,
            400);
  auto me = site_.store().FindUserByEmail("admin@example.org");
  Response demote =
      Api(admin, Method::kPatch, "/api/v1/users/" + std::to_string(me->id), R"({"role":"editor"})");
  EXPECT_EQ(demote.status, 409);
  EXPECT_EQ(Body(demote)["error"]["code"], "last_admin");
  auto audit = site_.store().ListAudit("admin@example.org", "user.create", "", 0, 10);
  EXPECT_EQ(audit->size(), 1u);
}

TEST_F(DeskTest, ChangingYourPasswordEndsYourOtherSessions) {
  Browser laptop = SignIn("ed@example.org");
  Browser phone = SignIn("ed@example.org");
  Response wrong =
      Api(laptop, Method::kPost, "/api/v1/me/password",
          R"({"current_password":"not it at all","new_password":"another long secret"})");
  EXPECT_EQ(wrong.status, 403);
  Response ok =
      Api(laptop, Method::kPost, "/api/v1/me/password",
          R"({"current_password":"a long enough secret","new_password":"another long secret"})");
  EXPECT_EQ(ok.status, 204) << ok.body;
  EXPECT_EQ(Api(laptop, Method::kGet, "/api/v1/me", "").status, 200);
  EXPECT_EQ(Api(phone, Method::kGet, "/api/v1/me", "").status, 401);
  EXPECT_EQ(PostLogin("ed@example.org", "another+long+secret").status, 303);
}

TEST_F(DeskTest, AStolenSessionCannotGuessThePasswordToKeepTheAccount) {
  Browser thief = SignIn("ed@example.org");
  const std::string guess =
      R"({"current_password":"a wrong guess","new_password":"the thief's new secret"})";
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Api(thief, Method::kPost, "/api/v1/me/password", guess).status, 403);
  }
  // login_max_failures is 3 here: even the right password is refused now.
  Response locked =
      Api(thief, Method::kPost, "/api/v1/me/password",
          R"({"current_password":"a long enough secret","new_password":"the thief's new secret"})");
  EXPECT_EQ(locked.status, 429) << locked.body;
  EXPECT_FALSE(locked.Header("Retry-After").empty());
  EXPECT_EQ(PostLogin("ed@example.org", "a+long+enough+secret").status, 303);
}

TEST_F(DeskTest, AuditLogIsReadableByAdminsNewestFirst) {
  Browser admin = SignIn("admin@example.org");
  (void)PostLogin("ed@example.org", "wrong+password+x");
  json log = Body(Api(admin, Method::kGet, "/api/v1/audit", ""));
  ASSERT_GE(log["entries"].size(), 2u);
  EXPECT_EQ(log["entries"][0]["action"], "user.login_failed");
  EXPECT_EQ(log["entries"][0]["actor"], "ed@example.org");
  EXPECT_TRUE(Lacks(log.dump(), "wrong+password"));
}

// The smallest PNG header a probe accepts: 2x1 pixels.
std::string TinyPng() {
  std::string png("\x89PNG\r\n\x1a\n", 8);
  png += std::string("\0\0\0\x0dIHDR", 8);
  png += std::string("\0\0\0\x02\0\0\0\x01\x08\x02\0\0\0", 13);
  png += std::string(4, '\0');
  return png;
}

TEST_F(DeskTest, ImagesAreCheckedAndKeptUnderTheirContentHash) {
  Browser rep = SignIn("rep@example.org");
  auto upload = [&](const Browser& b, const std::string& type, const std::string& bytes) {
    return site_.Call(Method::kPost, "/api/v1/media", bytes,
                      {{"cookie", b.cookie}, {"x-csrf-token", b.csrf}, {"content-type", type}});
  };
  Response ok = upload(rep, "image/png", TinyPng());
  ASSERT_EQ(ok.status, 201) << ok.body;
  json j = Body(ok);
  EXPECT_EQ(j["width"], 2);
  EXPECT_EQ(j["height"], 1);
  std::string url = j["url"];
  EXPECT_EQ(url.size(), std::string("/media/").size() + 64 + 4);
  Response served = site_.Call(Method::kGet, url);
  EXPECT_EQ(served.status, 200);
  EXPECT_EQ(served.content_type, "image/png");
  EXPECT_EQ(served.body, TinyPng());
  EXPECT_EQ(served.Header("Cache-Control"), "public, max-age=31536000, immutable");

  // What the camera wrote about where it was is not published.
  std::string tagged =
      TinyPng() + std::string("\0\0\0\x0ftEXtLocation\0Tehran", 23) + std::string(4, '\0');
  Response stripped = upload(rep, "image/png", tagged);
  ASSERT_EQ(stripped.status, 201) << stripped.body;
  Response stored = site_.Call(Method::kGet, Body(stripped)["url"].get<std::string>());
  EXPECT_TRUE(Lacks(stored.body, "Tehran"));
  EXPECT_EQ(stored.body, TinyPng());

  EXPECT_EQ(upload(rep, "image/jpeg", "<script>alert(1)</script>").status, 415);
  EXPECT_EQ(upload(rep, "image/jpeg", TinyPng()).status, 415);
  site_.config().desk.max_image_kib = 1;
  site_.Start();
  Browser again = SignIn("rep@example.org");
  EXPECT_EQ(upload(again, "image/png", TinyPng() + std::string(2048, '\0')).status, 413);
  Browser mod = SignIn("mod@example.org");
  EXPECT_EQ(upload(mod, "image/png", TinyPng()).status, 403);
  EXPECT_EQ(site_.Call(Method::kGet, "/media/../herald.db").status, 404);
}

}  // namespace
}  // namespace herald
