// The security headers of every kind of answer, as docs/SECURITY.md lists
// them: pinned here so that a change to one is a decision, not an accident.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "support/herald_process.h"
#include "support/http_client.h"

namespace herald::testing {
namespace {

constexpr const char* kPageCsp =
    "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
constexpr const char* kNothingCsp = "default-src 'none'; frame-ancestors 'none'";
constexpr const char* kPermissions =
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()";

class HeadersTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new HeraldServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static int port() { return server_->port(); }

  // The headers every answer carries, whatever it is.
  static void ExpectEveryAnswersHeaders(const HttpResponse& r, const std::string& what) {
    EXPECT_EQ(r.Header("x-content-type-options"), "nosniff") << what;
    EXPECT_FALSE(r.Header("referrer-policy").empty()) << what;
    EXPECT_EQ(r.Header("server"), "") << what << ": names the software";
    // Plain http: HSTS would be ignored, and wrong if the site is not https.
    EXPECT_EQ(r.Header("strict-transport-security"), "") << what;
  }

  static void ExpectPageHeaders(const HttpResponse& r, const std::string& what) {
    ExpectEveryAnswersHeaders(r, what);
    EXPECT_EQ(r.Header("content-security-policy"), kPageCsp) << what;
    EXPECT_EQ(r.Header("x-frame-options"), "DENY") << what;
    EXPECT_EQ(r.Header("permissions-policy"), kPermissions) << what;
    EXPECT_EQ(r.Header("cross-origin-opener-policy"), "same-origin") << what;
  }

  static inline HeraldServer* server_ = nullptr;
};

TEST_F(HeadersTest, PublicPagesForbidInlineScriptFramingAndPowerfulFeatures) {
  for (const char* path : {"/en/", "/en/politics/", "/en/search?q=aleppo", "/fa/", "/en/nowhere"}) {
    HttpResponse r = Get(port(), path);
    ASSERT_TRUE(r.status == 200 || r.status == 404) << path << " " << r.status;
    ExpectPageHeaders(r, path);
    EXPECT_EQ(r.Header("referrer-policy"), "strict-origin-when-cross-origin") << path;
  }
}

TEST_F(HeadersTest, DeskPagesAreNeverStored) {
  HttpResponse login = Get(port(), "/desk/login");
  ASSERT_EQ(login.status, 200);
  ExpectPageHeaders(login, "/desk/login");
  EXPECT_EQ(login.Header("cache-control"), "no-store");
  std::string cookie = login.Header("set-cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
}

TEST_F(HeadersTest, AnswersThatAreNotPagesMayLoadNothing) {
  const std::string token = server_->CreateToken();
  struct Case {
    const char* what;
    HttpResponse response;
  };
  Case cases[] = {
      {"public JSON", Get(port(), "/api/v1/editions")},
      {"JSON with a token", FetchApi(port(), "GET", "/api/v1/me", token)},
      {"401", FetchApi(port(), "GET", "/api/v1/me", "")},
      {"API 404", Get(port(), "/api/v1/nothing")},
      {"feed", Get(port(), "/en/rss.xml")},
      {"sitemap", Get(port(), "/sitemap.xml")},
      {"health", Get(port(), "/healthz")},
      {"stylesheet", Get(port(), "/en/")},  // Replaced below by the page's stylesheet.
  };
  // The stylesheet's URL names its content; take it from the page.
  const std::string& page = cases[7].response.body;
  size_t at = page.find("/static/");
  ASSERT_NE(at, std::string::npos);
  cases[7].response = Get(port(), page.substr(at, page.find('"', at) - at));
  for (const Case& c : cases) {
    ASSERT_NE(c.response.status, 0) << c.what;
    ExpectEveryAnswersHeaders(c.response, c.what);
    EXPECT_EQ(c.response.Header("content-security-policy"), kNothingCsp) << c.what;
    EXPECT_EQ(c.response.Header("x-frame-options"), "") << c.what;
  }
  // The API's answers carry private data: never stored by a cache.
  for (size_t i : {1, 2}) EXPECT_EQ(cases[i].response.Header("cache-control"), "no-store");
}

TEST_F(HeadersTest, RefusalsBeforeRoutingCarryTheSameHeaders) {
  HttpResponse bad = ParseResponse(
      RawExchange(port(), "GET /en/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), false);
  ASSERT_EQ(bad.status, 400);
  ExpectEveryAnswersHeaders(bad, "400 from the adapter");
  EXPECT_EQ(bad.Header("content-security-policy"), kNothingCsp);
}

// Behind TLS (site.base_url is https), browsers are told to come back only
// over https.
TEST(HeadersOverTls, HttpsSitesSendStrictTransportSecurity) {
  TempDir dir;
  const std::string config = dir.path() + "/herald.toml";
  std::ofstream(config) << "[site]\nbase_url = \"https://news.example.org\"\n";
  HeraldServer server({"--config", config});
  for (const char* path : {"/en/", "/api/v1/editions", "/healthz"}) {
    HttpResponse r = Get(server.port(), path);
    ASSERT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.Header("strict-transport-security"), "max-age=31536000") << path;
  }
}

}  // namespace
}  // namespace herald::testing
