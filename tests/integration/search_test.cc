// Search end to end: articles written through the API in English and
// Persian, found through the reader's page and the JSON API with the
// spellings readers type, ranked, paged, highlighted and escaped.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "support/herald_process.h"
#include "support/http_client.h"

namespace herald::testing {
namespace {

using nlohmann::json;
using NewsId = int64_t;

std::string Encode(const std::string& s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      out.push_back(ch);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class SearchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new HeraldServer();
    token_ = new std::string(server_->CreateToken());
    ids_ = new Ids();
    // Ranking: the word in the headline, in the lead, in the body.
    ids_->in_body = Publish(Create("en", "Market report", "Traders were calm.",
                                   "Someone mentioned quetzalcoatl in passing."));
    ids_->in_lead =
        Publish(Create("en", "Plaza events", "Quetzalcoatl dancers fill the plaza.", "Music."));
    ids_->in_headline =
        Publish(Create("en", "Quetzalcoatl festival opens", "A week of dances.", "Crowds came."));
    ids_->script = Publish(Create("en", "<script>alert('x')</script> Xylophonist speaks",
                                  "A <b>bold</b> claim.", "Plain body."));
    ids_->persian = Publish(Create("fa", "گفت‌وگوی صلح",
                                   "ما می‌خواهیم صلح برقرار شود.",
                                   "در سال ۱۳۹۵ آغاز شد."));
    ids_->arabic = Publish(Create("fa", "كتابخانه ملي", "خبری از مُحَمَّد.", "متن."));
    Create("en", "Quetzalcoatl draft never published", "Draft.", "Draft.");
  }
  static void TearDownTestSuite() {
    delete server_;
    delete token_;
    delete ids_;
  }
  static int port() { return server_->port(); }

  static HttpResponse Call(const std::string& method, const std::string& target,
                           const std::string& body = "") {
    return FetchApi(port(), method, target, *token_, body);
  }
  static NewsId Create(const std::string& edition, const std::string& headline,
                       const std::string& lead, const std::string& body) {
    json req = {{"edition", edition},
                {"section", "politics"},
                {"headline", headline},
                {"lead", lead},
                {"body", body}};
    HttpResponse r = Call("POST", "/api/v1/articles", req.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    json j = json::parse(r.body, nullptr, false);
    return j.is_object() ? j.value("id", NewsId{0}) : 0;
  }
  static NewsId Publish(NewsId id) {
    HttpResponse r = Call("POST", "/api/v1/articles/" + std::to_string(id) + "/publish");
    EXPECT_EQ(r.status, 200) << r.body;
    return id;
  }
  static HttpResponse Page(const std::string& edition, const std::string& q,
                           const std::string& extra = "") {
    return Get(port(), "/" + edition + "/search?q=" + Encode(q) + extra);
  }
  static json Api(const std::string& edition, const std::string& q, int page = 1) {
    HttpResponse r = Get(port(), "/api/v1/search?edition=" + edition + "&q=" + Encode(q) +
                                     "&page=" + std::to_string(page));
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Header("content-type"), "application/json");
    json j = json::parse(r.body, nullptr, false);
    EXPECT_TRUE(j.is_object()) << r.body;
    return j;
  }
  static std::vector<NewsId> ApiIds(const std::string& edition, const std::string& q) {
    std::vector<NewsId> ids;
    json j = Api(edition, q);
    if (!j.is_object()) return ids;
    for (const json& r : j["results"]) ids.push_back(r["id"].get<NewsId>());
    return ids;
  }
  // The article links on a results page, in order.
  static std::vector<std::string> ResultLinks(const std::string& html) {
    std::vector<std::string> links;
    const std::string marker = "<li class=\"search-result\">";
    for (size_t pos = html.find(marker); pos != std::string::npos;
         pos = html.find(marker, pos + 1)) {
      size_t href = html.find("<h2><a href=\"", pos);
      if (href == std::string::npos) break;
      href += 13;
      links.push_back(html.substr(href, html.find('"', href) - href));
    }
    return links;
  }

  struct Ids {
    NewsId in_body = 0, in_lead = 0, in_headline = 0, script = 0, persian = 0, arabic = 0;
  };
  static HeraldServer* server_;
  static std::string* token_;
  static Ids* ids_;
};
HeraldServer* SearchTest::server_ = nullptr;
std::string* SearchTest::token_ = nullptr;
SearchTest::Ids* SearchTest::ids_ = nullptr;

TEST_F(SearchTest, PageRanksHeadlineThenLeadThenBodyAndHighlights) {
  HttpResponse r = Page("en", "quetzalcoatl");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_TRUE(r.Header("cache-control").starts_with("public, max-age=60"))
      << r.Header("cache-control");
  const std::string& html = r.body;
  EXPECT_TRUE(Contains(html, "<html lang=\"en\" dir=\"ltr\">"));
  EXPECT_TRUE(Contains(html, "<meta name=\"robots\" content=\"noindex\">"));
  EXPECT_TRUE(Contains(html, "3 results for “quetzalcoatl”")) << html;
  std::vector<std::string> links = ResultLinks(html);
  ASSERT_EQ(links.size(), 3u) << html;  // The draft is not among them.
  EXPECT_TRUE(Contains(links[0], "/en/news/" + std::to_string(ids_->in_headline) + "/"));
  EXPECT_TRUE(Contains(links[1], "/en/news/" + std::to_string(ids_->in_lead) + "/"));
  EXPECT_TRUE(Contains(links[2], "/en/news/" + std::to_string(ids_->in_body) + "/"));
  EXPECT_TRUE(Contains(html, "<mark>Quetzalcoatl</mark> festival opens"));
  EXPECT_TRUE(Contains(html, "<mark>Quetzalcoatl</mark> dancers fill the plaza."));
  EXPECT_TRUE(Contains(html, "Someone mentioned <mark>quetzalcoatl</mark> in passing."));
  // The query is kept in the form.
  EXPECT_TRUE(Contains(html, "name=\"q\" value=\"quetzalcoatl\""));
}

TEST_F(SearchTest, CaseAccentsAndPrefixesFindTheSameStories) {
  std::vector<NewsId> expected = {ids_->in_headline, ids_->in_lead, ids_->in_body};
  EXPECT_EQ(ApiIds("en", "QUETZALCÓATL"), expected);
  EXPECT_EQ(ApiIds("en", "quetzal"), expected);  // The last word is a prefix.
  EXPECT_EQ(ApiIds("en", "festival quetzalcoatl"), std::vector<NewsId>{ids_->in_headline});
  EXPECT_TRUE(ApiIds("fa", "quetzalcoatl").empty());  // Another edition.
}

TEST_F(SearchTest, PersianSpellingsFindEachOther) {
  for (std::string q : {"میخواهیم", "می‌خواهیم", "می خواهیم", "مي‌خواهيم",
                        "گفتوگوی صلح", "1395", "۱۳۹۵"}) {
    EXPECT_EQ(ApiIds("fa", q), std::vector<NewsId>{ids_->persian}) << q;
  }
  for (std::string q : {"کتابخانه ملی", "كتابخانه ملي", "محمد"}) {
    EXPECT_EQ(ApiIds("fa", q), std::vector<NewsId>{ids_->arabic}) << q;
  }
  HttpResponse r = Page("fa", "میخواهیم");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(Contains(r.body, "<html lang=\"fa\" dir=\"rtl\">"));
  EXPECT_TRUE(Contains(r.body, "۱ نتیجه برای «میخواهیم»")) << r.body;
  // The word is marked as the newsroom wrote it, ZWNJ and all.
  EXPECT_TRUE(Contains(r.body, "<mark>می‌خواهیم</mark>")) << r.body;
}

TEST_F(SearchTest, ApiAnswersWithTheContractFields) {
  json j = Api("en", "quetzalcoatl");
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j["total"], 3);
  EXPECT_EQ(j["page"], 1);
  EXPECT_EQ(j["has_more"], false);
  EXPECT_EQ(j["edition"], "en");
  ASSERT_EQ(j["results"].size(), 3u);
  const json& first = j["results"][0];
  EXPECT_EQ(first["id"], ids_->in_headline);
  EXPECT_EQ(first["headline"], "Quetzalcoatl festival opens");
  EXPECT_EQ(first["section"], "politics");
  EXPECT_TRUE(first["published_at"].is_string());
  std::string url = first["url"];
  EXPECT_TRUE(Contains(
      url, "/en/news/" + std::to_string(ids_->in_headline) + "/quetzalcoatl-festival-opens"))
      << url;
  EXPECT_EQ(first["headline_html"], "<mark>Quetzalcoatl</mark> festival opens");
  EXPECT_EQ(j["results"][1]["snippet"], "<mark>Quetzalcoatl</mark> dancers fill the plaza.");

  HttpResponse r = Get(port(), "/api/v1/search?q=quetzalcoatl");  // Default edition.
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.Header("cache-control").starts_with("public, max-age=60"))
      << r.Header("cache-control");
  EXPECT_EQ(Get(port(), "/api/v1/search?q=x&edition=zz").status, 404);
  EXPECT_EQ(Get(port(), "/api/v1/search?q=x&page=0").status, 400);
}

TEST_F(SearchTest, MarkupInQueriesAndArticlesIsEscaped) {
  HttpResponse r = Page("en", "<script>alert(1)</script>");
  ASSERT_EQ(r.status, 200);
  EXPECT_FALSE(Contains(r.body, "<script>alert(1)")) << r.body;
  EXPECT_TRUE(Contains(r.body, "&lt;script&gt;alert(1)&lt;/script&gt;"));

  r = Page("en", "xylophonist");
  ASSERT_EQ(r.status, 200);
  EXPECT_FALSE(Contains(r.body, "<script>alert")) << r.body;
  EXPECT_FALSE(Contains(r.body, "<b>bold</b>"));
  EXPECT_TRUE(Contains(r.body,
                       "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; "
                       "<mark>Xylophonist</mark> speaks"))
      << r.body;
  EXPECT_TRUE(Contains(r.body, "A &lt;b&gt;bold&lt;/b&gt; claim."));
  json j = Api("en", "xylophonist");
  ASSERT_EQ(j["results"].size(), 1u);
  EXPECT_EQ(j["results"][0]["headline"], "<script>alert('x')</script> Xylophonist speaks");
  EXPECT_EQ(j["results"][0]["headline_html"],
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; <mark>Xylophonist</mark> speaks");
}

TEST_F(SearchTest, QuerySyntaxNeverCausesAnError) {
  for (std::string q : {"\"", "\"quetzalcoatl", "quetzal*", "NEAR(a b)", "-quetzalcoatl",
                        "headline:quetzalcoatl", "a AND OR NOT", "(((", "^x", "'; DROP TABLE x"}) {
    HttpResponse r = Page("en", q);
    EXPECT_EQ(r.status, 200) << q;
    EXPECT_EQ(Get(port(), "/api/v1/search?q=" + Encode(q)).status, 200) << q;
  }
  EXPECT_EQ(ApiIds("en", "headline:quetzalcoatl").size(), 0u);  // "headline" is a word too.
  EXPECT_EQ(ApiIds("en", "\"quetzalcoatl").size(), 3u);
}

TEST_F(SearchTest, AnEmptyQueryShowsTheFormWithoutSearching) {
  for (std::string target : {"/en/search", "/en/search?q=", "/en/search?q=%20%20"}) {
    HttpResponse r = Get(port(), target);
    ASSERT_EQ(r.status, 200) << target;
    EXPECT_TRUE(Contains(r.body, "<h1 class=\"page-title\">Search</h1>")) << target;
    EXPECT_FALSE(Contains(r.body, "search-result")) << target;
    EXPECT_FALSE(Contains(r.body, "Nothing matched")) << target;
  }
  json j = Api("en", "");
  EXPECT_EQ(j["total"], 0);
  EXPECT_TRUE(j["results"].empty());
}

TEST_F(SearchTest, NoResultsSaySo) {
  HttpResponse r = Page("en", "zzqqxxnothing");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(Contains(r.body, "0 results for “zzqqxxnothing”"));
  EXPECT_TRUE(Contains(r.body, "Nothing matched your search."));
}

TEST_F(SearchTest, OverLongQueriesAre400WithAClearMessage) {
  std::string at_limit(256, 'a');
  EXPECT_EQ(Page("en", at_limit).status, 200);
  std::string persian_at_limit;
  for (int i = 0; i < 256; ++i) persian_at_limit += "ب";  // Code points, not bytes.
  EXPECT_EQ(Page("fa", persian_at_limit).status, 200);

  HttpResponse r = Page("en", at_limit + "a");
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(Contains(r.body, "Your search is too long")) << r.body;
  EXPECT_TRUE(Contains(r.body, "name=\"q\""));  // The form, to shorten it.
  r = Get(port(), "/api/v1/search?q=" + at_limit + "a");
  EXPECT_EQ(r.status, 400);
  json j = json::parse(r.body, nullptr, false);
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j["error"]["code"], "invalid_argument");
  EXPECT_TRUE(Contains(j["error"]["message"].get<std::string>(), "too long"));
  EXPECT_EQ(Page("en", "x", "&page=abc").status, 400);
}

TEST_F(SearchTest, ResultsArePagedBySitePageSize) {
  json first = Api("en", "pagingword");
  ASSERT_TRUE(first.is_object());
  int page_size = first["page_size"];
  ASSERT_GE(page_size, 1);
  for (int i = 0; i < page_size + 1; ++i) {
    Publish(Create("en", "Pagingword story " + std::to_string(i), "Lead.", "Body."));
  }
  json page1 = Api("en", "pagingword", 1);
  EXPECT_EQ(page1["total"], page_size + 1);
  EXPECT_EQ(page1["results"].size(), static_cast<size_t>(page_size));
  EXPECT_EQ(page1["has_more"], true);
  json page2 = Api("en", "pagingword", 2);
  EXPECT_EQ(page2["results"].size(), 1u);
  EXPECT_EQ(page2["has_more"], false);
  EXPECT_EQ(page2["total"], page_size + 1);

  HttpResponse r = Page("en", "pagingword");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(Count(r.body, "<li class=\"search-result\">"), static_cast<size_t>(page_size));
  EXPECT_TRUE(Contains(r.body, "rel=\"next\" href=\"/en/search?q=pagingword&amp;page=2\""))
      << r.body;
  r = Page("en", "pagingword", "&page=2");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(Count(r.body, "<li class=\"search-result\">"), 1u);
  EXPECT_TRUE(Contains(r.body, "rel=\"prev\" href=\"/en/search?q=pagingword\""));
  EXPECT_FALSE(Contains(r.body, "rel=\"next\""));
  EXPECT_TRUE(Contains(r.body, "start=\"" + std::to_string(page_size + 1) + "\""));
}

TEST_F(SearchTest, UnpublishedAndEditedArticlesLeaveTheResults) {
  NewsId id = Publish(Create("en", "Ephemeralword notice", "Lead.", "Body."));
  EXPECT_EQ(ApiIds("en", "ephemeralword"), std::vector<NewsId>{id});
  HttpResponse page = Page("en", "ephemeralword");
  EXPECT_EQ(Count(page.body, "<li class=\"search-result\">"), 1u);

  HttpResponse r = Call("POST", "/api/v1/articles/" + std::to_string(id) + "/unpublish");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(ApiIds("en", "ephemeralword").empty());
  // The same URL again: publishing in the edition dropped the cached page.
  page = Page("en", "ephemeralword");
  EXPECT_EQ(Count(page.body, "<li class=\"search-result\">"), 0u) << page.body;

  NewsId edited = Publish(Create("en", "Oldheadlineword", "Lead.", "Body."));
  r = Call("PATCH", "/api/v1/articles/" + std::to_string(edited),
           json{{"headline", "Newheadlineword"}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(ApiIds("en", "oldheadlineword").empty());
  EXPECT_EQ(ApiIds("en", "newheadlineword"), std::vector<NewsId>{edited});
}

TEST_F(SearchTest, EveryPageCarriesASearchFormInTheEditionsLanguage) {
  HttpResponse en = Get(port(), "/en/");
  ASSERT_EQ(en.status, 200);
  EXPECT_TRUE(Contains(en.body,
                       "<form class=\"search-form\" role=\"search\" action=\"/en/search\" "
                       "method=\"get\" lang=\"en\" dir=\"ltr\">"))
      << en.body;
  EXPECT_TRUE(Contains(en.body, "<label class=\"visually-hidden\" for=\"site-search\">Search"));
  HttpResponse fa = Get(port(), "/fa/");
  ASSERT_EQ(fa.status, 200);
  EXPECT_TRUE(Contains(fa.body, "action=\"/fa/search\" method=\"get\" lang=\"fa\" dir=\"rtl\""));
  EXPECT_TRUE(Contains(fa.body, "for=\"site-search\">جست‌وجو</label>"));
}

}  // namespace
}  // namespace herald::testing
