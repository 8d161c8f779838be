// The public site, end to end: the real herald binary, the demo data and the
// reference article, over real HTTP on an ephemeral loopback port.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "common/text.h"
#include "support/herald_process.h"
#include "support/http_client.h"

namespace herald::testing {
namespace {

constexpr const char* kReferencePath =
    "/en/news/425881/irans-security-chief-calls-for-guarantees-that-the-aleppo-truce-will-hold";

std::vector<std::string> ReferenceLines() {
  std::ifstream in(ReferenceArticlePath());
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

class SiteTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new HeraldServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static int port() { return server_->port(); }
  static HeraldServer* server_;
};
HeraldServer* SiteTest::server_ = nullptr;

TEST_F(SiteTest, ReferenceArticleShowsEveryPartOfTheWirePage) {
  std::vector<std::string> lines = ReferenceLines();
  ASSERT_GT(lines.size(), 30u) << "reference article missing at " << ReferenceArticlePath();
  HttpResponse r = Get(port(), kReferencePath);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-type"), "text/html; charset=utf-8");
  const std::string& html = r.body;
  EXPECT_NE(html.find("<html lang=\"en\" dir=\"ltr\">"), std::string::npos);
  EXPECT_NE(html.find(">18 December 2016 - 17:34</time>"), std::string::npos) << "dateline";
  EXPECT_NE(html.find("News ID: <span dir=\"ltr\">425881</span>"), std::string::npos);
  EXPECT_NE(html.find("<h1 class=\"headline\">Iran’s security chief calls for guarantees"),
            std::string::npos);
  EXPECT_NE(html.find("<p class=\"lead\">" + HtmlEscape(lines[2]) + "</p>"), std::string::npos)
      << "lead";
  EXPECT_NE(html.find("<figcaption>" + HtmlEscape(lines[3]) + "</figcaption>"), std::string::npos)
      << "caption";
  // Every body paragraph, verbatim (the first keeps its "RNA -" and no-break space).
  int paragraphs = 0;
  for (size_t i = 4; i < lines.size() && lines[i] != "Send comment"; ++i) {
    if (lines[i].empty()) continue;
    ++paragraphs;
    EXPECT_NE(html.find("<p>" + HtmlEscape(lines[i]) + "</p>"), std::string::npos)
        << "paragraph missing: " << lines[i];
  }
  EXPECT_EQ(paragraphs, 9);
  EXPECT_NE(html.find("RNA -\xC2\xA0Given the misconduct"), std::string::npos);
  // The comment box with the edition's house rules and a working form.
  EXPECT_NE(html.find(">Send comment</h2>"), std::string::npos);
  EXPECT_NE(html.find("<p>Please type in your comments in English.</p>"), std::string::npos);
  EXPECT_NE(html.find("<p>The comments that contain insults or libel to individuals, ethnicities, "
                      "or contradictions with the laws of the country and religious teachings will "
                      "not be disclosed</p>"),
            std::string::npos);
  EXPECT_NE(html.find("<form class=\"comment-form\""), std::string::npos);
  EXPECT_NE(html.find("action=\"" + std::string(kReferencePath) + "/comments\""),
            std::string::npos);
  EXPECT_NE(html.find("<textarea id=\"comment-body\" name=\"body\""), std::string::npos);
  // The trailing comment box of the wire page is not article text.
  EXPECT_EQ(Count(html, "Please type in your comments in English."), 1u);
  EXPECT_NE(html.find("<link rel=\"canonical\" href=\"http://localhost:8080" +
                      std::string(kReferencePath)),
            std::string::npos);
  EXPECT_NE(html.find("class=\"related\""), std::string::npos) << "related latest stories";
}

TEST_F(SiteTest, RootRedirectsToDefaultEdition) {
  HttpResponse r = Get(port(), "/");
  EXPECT_EQ(r.status, 302);
  EXPECT_EQ(r.Header("location"), "/en/");
}

TEST_F(SiteTest, ShortAndWrongUrlsRedirectToCanonical) {
  for (const char* path : {"/news/425881", "/news/425881/anything", "/en/news/425881",
                           "/en/news/425881/wrong-slug", "/fa/news/425881/x"}) {
    HttpResponse r = Get(port(), path);
    EXPECT_EQ(r.status, 301) << path;
    EXPECT_EQ(r.Header("location"), kReferencePath) << path;
  }
  EXPECT_EQ(Get(port(), "/en").Header("location"), "/en/");
  EXPECT_EQ(Get(port(), "/en/politics").Header("location"), "/en/politics/");
}

TEST_F(SiteTest, UnknownPagesGetARealNotFoundPage) {
  for (const char* path : {"/en/news/999999999/x", "/news/12", "/en/news/abc/x", "/xx/",
                           "/en/no-such-section/", "/en/tag/no-such-tag/", "/en/a/b/c/d"}) {
    HttpResponse r = Get(port(), path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_NE(r.body.find("<h1 class=\"page-title\">Page not found</h1>"), std::string::npos)
        << path;
    EXPECT_NE(r.body.find("href=\"/en/\""), std::string::npos) << path;
  }
  HttpResponse fa = Get(port(), "/fa/news/999999999/x");
  EXPECT_EQ(fa.status, 404);
  EXPECT_NE(fa.body.find("dir=\"rtl\""), std::string::npos);
  EXPECT_NE(fa.body.find("صفحه پیدا نشد"), std::string::npos);
}

TEST_F(SiteTest, HeadAnswersLikeGetWithoutABody) {
  HttpResponse get = Get(port(), kReferencePath);
  HttpResponse head = Fetch(port(), {"HEAD", kReferencePath, {}, {}});
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.Header("content-length"), std::to_string(get.body.size()));
  EXPECT_EQ(head.Header("content-type"), get.Header("content-type"));
  EXPECT_TRUE(head.body.empty());
}

TEST_F(SiteTest, PersianEditionIsRightToLeft) {
  HttpResponse r = Get(port(), "/fa/");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("<html lang=\"fa\" dir=\"rtl\">"), std::string::npos);
  EXPECT_NE(r.body.find("آخرین اخبار"), std::string::npos);
  // Follow the first story link to a Persian article page.
  size_t href = r.body.find("href=\"/fa/news/");
  ASSERT_NE(href, std::string::npos);
  size_t start = href + 6;
  std::string path = r.body.substr(start, r.body.find('"', start) - start);
  HttpResponse article = Get(port(), path);
  ASSERT_EQ(article.status, 200) << path;
  EXPECT_NE(article.body.find("<html lang=\"fa\" dir=\"rtl\">"), std::string::npos);
  EXPECT_NE(article.body.find("کد خبر"), std::string::npos);
  EXPECT_NE(article.body.find("لطفاً نظر خود را به زبان فارسی بنویسید."), std::string::npos);
}

TEST_F(SiteTest, FrontPageIsPaginatedNewestFirst) {
  HttpResponse first = Get(port(), "/en/");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(Count(first.body, "class=\"story-card\""), 20u);
  EXPECT_NE(first.body.find("rel=\"next\" href=\"/en/?page=2\""), std::string::npos);
  EXPECT_EQ(first.body.find("rel=\"prev\""), std::string::npos);
  HttpResponse second = Get(port(), "/en/?page=2");
  ASSERT_EQ(second.status, 200);
  EXPECT_GT(Count(second.body, "class=\"story-card\""), 0u);
  EXPECT_NE(second.body.find("rel=\"prev\" href=\"/en/\""), std::string::npos);
  // 33 English stories: the reference (2016) is the oldest, on the last page.
  HttpResponse last = Get(port(), "/en/?page=2");
  EXPECT_NE(last.body.find("/en/news/425881/"), std::string::npos);
  EXPECT_EQ(first.body.find("/en/news/425881/"), std::string::npos);
  EXPECT_EQ(Get(port(), "/en/?page=99").status, 404);
  EXPECT_EQ(Get(port(), "/en/?page=abc").status, 400);
  EXPECT_EQ(Get(port(), "/en/?page=0").status, 400);
}

TEST_F(SiteTest, SectionAndTagPagesListTheirStories) {
  HttpResponse politics = Get(port(), "/en/politics/");
  ASSERT_EQ(politics.status, 200);
  EXPECT_NE(politics.body.find("<h1 class=\"page-title\">Politics</h1>"), std::string::npos);
  EXPECT_NE(politics.body.find("href=\"/en/politics/\" aria-current=\"page\""), std::string::npos);
  EXPECT_NE(politics.body.find("/en/news/425881/"), std::string::npos);
  HttpResponse sport = Get(port(), "/en/sport/");
  ASSERT_EQ(sport.status, 200);
  EXPECT_EQ(sport.body.find("/en/news/425881/"), std::string::npos);
  HttpResponse tag = Get(port(), "/en/tag/aleppo/");
  ASSERT_EQ(tag.status, 200);
  EXPECT_NE(tag.body.find("Tagged: Aleppo"), std::string::npos);
  EXPECT_NE(tag.body.find("/en/news/425881/"), std::string::npos);
}

TEST_F(SiteTest, StylesheetIsServedUnderAHashedNameForever) {
  HttpResponse page = Get(port(), "/en/");
  size_t at = page.body.find("<link rel=\"stylesheet\" href=\"");
  ASSERT_NE(at, std::string::npos);
  size_t start = at + 29;
  std::string css = page.body.substr(start, page.body.find('"', start) - start);
  EXPECT_TRUE(css.starts_with("/static/site.") && css.ends_with(".css")) << css;
  HttpResponse r = Get(port(), css);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_NE(r.body.find("--accent"), std::string::npos);
  EXPECT_EQ(Get(port(), "/static/site.0000000000.css").status, 404);
}

TEST_F(SiteTest, BadRequestsAreRefusedAndTheServerCarriesOn) {
  EXPECT_EQ(Get(port(), "/en/%FF%FE").status, 400);
  EXPECT_EQ(Get(port(), "/en/%0d%0aSet-Cookie:x").status, 400);
  EXPECT_EQ(Get(port(), "/en/?page=%FF").status, 400);
  // An over-long URL is refused, by status or by closing the connection.
  std::string answer =
      RawExchange(port(), "GET /" + std::string(20000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_TRUE(answer.empty() || answer.starts_with("HTTP/1.1 4")) << answer.substr(0, 40);
  // Garbage instead of HTTP, and an over-long header.
  RawExchange(port(), "\x01\x02 not http at all\r\n\r\n", 1000);
  RawExchange(port(), "GET / HTTP/1.1\r\nX-Long: " + std::string(100000, 'b') + "\r\n\r\n", 1000);
  EXPECT_EQ(Fetch(port(), {"POST", "/en/", {}, "x"}).status, 405);
  HttpResponse health = Get(port(), "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.body, "ok\n");
}

TEST_F(SiteTest, MetricsArePrometheusText) {
  Get(port(), "/en/");
  HttpResponse r = Get(port(), "/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(r.Header("content-type").starts_with("text/plain; version=0.0.4"));
  EXPECT_NE(r.body.find("# TYPE herald_http_requests_total counter"), std::string::npos);
  EXPECT_NE(r.body.find("herald_http_requests_total{code=\"2xx\"} "), std::string::npos);
}

// HTML Tidy (Debian's `tidy`, HTML5-aware) finds no errors in any kind of
// page. Its warnings are ignored: it does not know ARIA 1.1's aria-current.
TEST_F(SiteTest, PagesAreValidHtml5) {
  TempDir dir;
  for (const char* path : {kReferencePath, "/en/", "/fa/", "/en/?page=2", "/en/politics/",
                           "/en/tag/aleppo/", "/en/no-such-page"}) {
    HttpResponse r = Get(port(), path);
    std::string file = dir.path() + "/page.html";
    std::ofstream(file) << r.body;
    std::string command = "tidy -q -e --show-warnings no " + file + " 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    std::string report;
    char buf[512];
    while (size_t n = std::fread(buf, 1, sizeof buf, pipe)) report.append(buf, n);
    int status = ::pclose(pipe);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_LT(WEXITSTATUS(status), 2) << path << ":\n" << report;
  }
}

TEST(ServerLifecycle, StopsCleanlyOnSigterm) {
  HeraldServer server;
  ASSERT_EQ(Get(server.port(), "/healthz").status, 200);
  EXPECT_EQ(server.Stop(), 0);
}

}  // namespace
}  // namespace herald::testing
