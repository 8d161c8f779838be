#include "render/desk_pages.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "core/edition_testing.h"
#include "render/assets.h"

namespace herald {
namespace {

// Text that would be live markup (or end the boot block) if not escaped.
constexpr const char* kHostile = "</script><script>alert(\"x\")</script> & 'q' <!--";

testing::AssertionResult Has(const std::string& html, const std::string& needle) {
  if (html.find(needle) != std::string::npos) return testing::AssertionSuccess();
  return testing::AssertionFailure() << "missing: " << needle << "\n--- in page:\n" << html;
}

testing::AssertionResult Lacks(const std::string& html, const std::string& needle) {
  size_t at = html.find(needle);
  if (at == std::string::npos) return testing::AssertionSuccess();
  size_t from = at < 200 ? 0 : at - 200;
  return testing::AssertionFailure() << "unexpected: " << needle << "\n--- near:\n"
                                     << html.substr(from, 400);
}

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

// Returns the text of the boot block, or "" when the page has none.
std::string BootText(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"desk-boot\">";
  size_t at = html.find(open);
  if (at == std::string::npos) return "";
  at += open.size();
  size_t end = html.find("</script>", at);
  if (end == std::string::npos) return "";
  return html.substr(at, end - at);
}

class DeskShellTest : public testing::Test {
 protected:
  DeskShellTest() {
    editions_ = {fixtures::EnglishEdition(), fixtures::PersianEdition()};
    view_.site_name = "Herald";
    view_.base_url = "https://news.example";
    view_.user.id = 7;
    view_.user.email = "sara@example.org";
    view_.user.name = "Sara";
    view_.user.role = Role::kEditor;
    view_.user.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$SECRETSALT$SECRETHASH";
    view_.permissions = PermissionsOf(Role::kEditor);
    view_.csrf_token = "csrf-123";
    view_.editions = &editions_;
    view_.sections = {
        {Section{"en", "world", "World", 2}, Section{"en", "politics", "Politics", 1}},
        {Section{"fa", "politics", "سیاست", 1}}};
  }

  std::vector<Edition> editions_;
  DeskShellView view_;
};

TEST_F(DeskShellTest, BootDataParsesAndCarriesWhatDeskJsNeeds) {
  std::string html = RenderDeskShell(view_);
  nlohmann::json boot = nlohmann::json::parse(BootText(html), nullptr, false);
  ASSERT_FALSE(boot.is_discarded()) << html;
  EXPECT_EQ(boot["user"]["id"], 7);
  EXPECT_EQ(boot["user"]["email"], "sara@example.org");
  EXPECT_EQ(boot["user"]["name"], "Sara");
  EXPECT_EQ(boot["user"]["role"], "editor");
  EXPECT_EQ(boot["user"].size(), 4u);
  EXPECT_EQ(boot["csrf"], "csrf-123");
  EXPECT_EQ(boot["site"]["name"], "Herald");
  EXPECT_EQ(boot["site"]["base_url"], "https://news.example");
  std::vector<std::string> perms = boot["permissions"];
  EXPECT_EQ(perms, (std::vector<std::string>{"read_drafts", "write_articles", "publish_articles",
                                             "manage_sections"}));
  ASSERT_EQ(boot["editions"].size(), 2u);
  EXPECT_EQ(boot["editions"][0]["code"], "en");
  EXPECT_EQ(boot["editions"][0]["direction"], "ltr");
  EXPECT_EQ(boot["editions"][0]["language"], "en");
  // Sections in navigation order.
  EXPECT_EQ(boot["editions"][0]["sections"][0]["slug"], "politics");
  EXPECT_EQ(boot["editions"][0]["sections"][1]["name"], "World");
  EXPECT_EQ(boot["editions"][1]["code"], "fa");
  EXPECT_EQ(boot["editions"][1]["name"], "فارسی");
  EXPECT_EQ(boot["editions"][1]["direction"], "rtl");
  EXPECT_EQ(boot["editions"][1]["sections"][0]["name"], "سیاست");
}

TEST_F(DeskShellTest, NeverRendersThePasswordHash) {
  std::string html = RenderDeskShell(view_);
  EXPECT_TRUE(Lacks(html, "argon2id"));
  EXPECT_TRUE(Lacks(html, "SECRETHASH"));
  EXPECT_TRUE(Lacks(html, "password"));
}

TEST_F(DeskShellTest, HostileNamesCannotBreakOutOfTheBootBlockOrTheHeader) {
  view_.user.name = kHostile;
  view_.site_name = kHostile;
  view_.csrf_token = kHostile;
  view_.sections[0].push_back(Section{"en", "x", kHostile, 3});
  view_.user.name += "\u2028";
  std::string html = RenderDeskShell(view_);
  // The only script elements are the boot block and desk.js.
  EXPECT_EQ(Count(html, "<script"), 2u) << html;
  EXPECT_EQ(Count(html, "</script>"), 2u) << html;
  EXPECT_TRUE(Lacks(html, "<!--"));
  EXPECT_TRUE(Lacks(html, "alert(\"x\")"));
  EXPECT_TRUE(Has(html, "&lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)"));
  std::string boot_text = BootText(html);
  EXPECT_TRUE(Lacks(boot_text, "<"));
  EXPECT_TRUE(Lacks(boot_text, ">"));
  EXPECT_TRUE(Lacks(boot_text, "&"));
  EXPECT_TRUE(Lacks(boot_text, "\u2028"));
  nlohmann::json boot = nlohmann::json::parse(boot_text, nullptr, false);
  ASSERT_FALSE(boot.is_discarded());
  EXPECT_EQ(boot["user"]["name"], std::string(kHostile) + "\u2028");
  EXPECT_EQ(boot["site"]["name"], kHostile);
  EXPECT_EQ(boot["csrf"], kHostile);
  EXPECT_EQ(boot["editions"][0]["sections"][2]["name"], kHostile);
}

TEST_F(DeskShellTest, HasTheLandmarksLogoutFormAndAssets) {
  std::string html = RenderDeskShell(view_);
  EXPECT_TRUE(Has(html, "<html lang=\"en\""));
  EXPECT_TRUE(Has(html, "<main id=\"desk\""));
  EXPECT_TRUE(Has(html, "<nav class=\"desk-nav\" aria-label=\"Desk\">"));
  EXPECT_TRUE(Has(html, "<form class=\"logout-form\" method=\"post\" action=\"/desk/logout\">"));
  EXPECT_TRUE(Has(html, "<input type=\"hidden\" name=\"csrf\" value=\"csrf-123\">"));
  EXPECT_TRUE(Has(html, ">Sara</a> <span class=\"desk-role\">editor</span>"));
  ASSERT_FALSE(AssetPath("desk.css").empty());
  ASSERT_FALSE(AssetPath("desk.js").empty());
  EXPECT_TRUE(Has(html, "<link rel=\"stylesheet\" href=\"" + AssetPath("desk.css") + "\">"));
  EXPECT_TRUE(Has(html, "<script src=\"" + AssetPath("desk.js") + "\" defer></script>"));
  // No inline script, handlers or style attributes: the CSP forbids them.
  EXPECT_TRUE(Lacks(html, " onclick="));
  EXPECT_TRUE(Lacks(html, " onsubmit="));
  EXPECT_TRUE(Lacks(html, " style="));
}

TEST_F(DeskShellTest, NavigationShowsOnlyWhatTheRoleMayUse) {
  struct Case {
    Role role;
    std::vector<std::string> shown, hidden;
  };
  const Case cases[] = {
      {Role::kReporter,
       {"/desk/\"", "/desk/articles/new", "/desk/account"},
       {"/desk/moderation", "/desk/audit", "/desk/users"}},
      {Role::kEditor,
       {"/desk/\"", "/desk/articles/new", "/desk/account"},
       {"/desk/moderation", "/desk/audit", "/desk/users"}},
      {Role::kModerator,
       {"/desk/moderation", "/desk/account"},
       {"href=\"/desk/\" data-nav", "/desk/articles/new", "/desk/audit", "/desk/users"}},
      {Role::kAdmin,
       {"/desk/\"", "/desk/articles/new", "/desk/moderation", "/desk/audit", "/desk/users",
        "/desk/account"},
       {}},
  };
  for (const Case& c : cases) {
    view_.user.role = c.role;
    view_.permissions = PermissionsOf(c.role);
    std::string html = RenderDeskShell(view_);
    size_t from = html.find("<nav class=\"desk-nav\"");
    size_t to = html.find("</nav>", from);
    ASSERT_NE(from, std::string::npos);
    std::string nav = html.substr(from, to - from);
    for (const std::string& s : c.shown) EXPECT_TRUE(Has(nav, s)) << RoleName(c.role);
    for (const std::string& s : c.hidden) EXPECT_TRUE(Lacks(nav, s)) << RoleName(c.role);
  }
}

TEST(DeskLoginTest, FormPostsEverythingEscaped) {
  DeskLoginView view;
  view.site_name = "Herald";
  view.csrf_token = "tok\"en";
  view.next = "/desk/articles/5?x=\"><script>";
  view.email = kHostile;
  std::string html = RenderDeskLogin(view);
  EXPECT_TRUE(Has(html, "<form class=\"login-form\" method=\"post\" action=\"/desk/login\">"));
  EXPECT_TRUE(Has(html, "name=\"csrf\" value=\"tok&quot;en\""));
  EXPECT_TRUE(Has(html, "name=\"next\" value=\"/desk/articles/5?x=&quot;&gt;&lt;script&gt;\""));
  EXPECT_TRUE(Has(html, "<label for=\"login-email\">Email</label>"));
  EXPECT_TRUE(Has(html, "<label for=\"login-password\">Password</label>"));
  EXPECT_TRUE(Has(html, "type=\"password\""));
  EXPECT_TRUE(Has(html, AssetPath("desk.css")));
  EXPECT_TRUE(Lacks(html, "<script"));
  EXPECT_TRUE(Lacks(html, "role=\"alert\""));
}

TEST(DeskLoginTest, ShowsTheErrorAsAnAlert) {
  DeskLoginView view;
  view.site_name = "Herald";
  view.email = "sara@example.org";
  view.error = "Wrong email or password <b>";
  std::string html = RenderDeskLogin(view);
  EXPECT_TRUE(
      Has(html, "<p class=\"login-error\" role=\"alert\">Wrong email or password &lt;b&gt;</p>"));
  EXPECT_TRUE(Has(html, "value=\"sara@example.org\""));
}

TEST(DeskAssetsTest, ScriptAndStylesheetAreServedWithTheirTypes) {
  const Asset* js = FindAsset(AssetPath("desk.js"));
  ASSERT_NE(js, nullptr);
  EXPECT_TRUE(js->path.starts_with("/static/desk.") && js->path.ends_with(".js")) << js->path;
  EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
  const Asset* css = FindAsset(AssetPath("desk.css"));
  ASSERT_NE(css, nullptr);
  EXPECT_EQ(css->content_type, "text/css; charset=utf-8");
  // The site stylesheet stays the first asset.
  EXPECT_EQ(StylesheetPath(), AssetPath("site.css"));
}

}  // namespace
}  // namespace herald
