// The newsroom API end to end: tokens, create, update, publish, schedule,
// unpublish, and the public pages that follow from them.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <thread>

#include "support/herald_process.h"
#include "support/http_client.h"

namespace herald::testing {
namespace {

using nlohmann::json;
using NewsId = int64_t;

class ApiTest : public ::testing::Test {
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
                           const std::string& body = "", bool auth = true) {
    return FetchApi(port(), method, target, auth ? *token_ : "", body);
  }
  static json Body(const HttpResponse& r) {
    json j = json::parse(r.body, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.body;
    return j;
  }
  static json CreateDraft(const std::string& headline, const std::string& edition = "en") {
    json req = {{"edition", edition},
                {"section", "politics"},
                {"headline", headline},
                {"lead", "Herald Test - A lead."},
                {"body", "First paragraph.\n\nSecond paragraph."},
                {"tags", {"Testing"}}};
    HttpResponse r = Call("POST", "/api/v1/articles", req.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return Body(r);
  }

  static HeraldServer* server_;
  static std::string* token_;
};
HeraldServer* ApiTest::server_ = nullptr;
std::string* ApiTest::token_ = nullptr;

TEST_F(ApiTest, TokenIsPrintedOnceInAFixedShape) {
  EXPECT_TRUE(token_->starts_with("hld_")) << *token_;
  EXPECT_EQ(token_->size(), 68u);
}

TEST_F(ApiTest, EditionsListTheirSections) {
  HttpResponse r = Call("GET", "/api/v1/editions", "", false);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-type"), "application/json");
  json j = Body(r);
  ASSERT_EQ(j["editions"].size(), 2u);
  EXPECT_EQ(j["editions"][0]["code"], "en");
  EXPECT_EQ(j["editions"][0]["direction"], "ltr");
  EXPECT_EQ(j["editions"][1]["code"], "fa");
  EXPECT_EQ(j["editions"][1]["direction"], "rtl");
  EXPECT_EQ(j["editions"][0]["sections"].size(), 5u);
}

TEST_F(ApiTest, WritesWithoutAValidTokenAre401) {
  json req = {{"edition", "en"}, {"section", "politics"}, {"headline", "No token"}};
  HttpResponse none = Call("POST", "/api/v1/articles", req.dump(), false);
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(Body(none)["error"]["code"], "unauthenticated");
  EXPECT_FALSE(none.Header("www-authenticate").empty());
  HttpRequest forged{"POST",
                     "/api/v1/articles",
                     {{"Authorization", "Bearer hld_forged"}, {"Content-Type", "application/json"}},
                     req.dump()};
  EXPECT_EQ(Fetch(port(), forged).status, 401);
  EXPECT_EQ(Call("POST", "/api/v1/articles/425881/unpublish", "", false).status, 401);
  EXPECT_EQ(Call("PATCH", "/api/v1/articles/425881", R"({"headline":"x"})", false).status, 401);
  EXPECT_EQ(Call("GET", "/api/v1/articles?status=draft", "", false).status, 401);
  // Nothing changed.
  EXPECT_EQ(Get(port(), "/news/425881").status, 301);
}

TEST_F(ApiTest, DraftPublishUnpublishCycle) {
  json draft = CreateDraft("Harbour council approves new ferry timetable");
  NewsId id = draft["id"];
  EXPECT_GT(id, 425881) << "new News IDs follow the highest one seen";
  EXPECT_EQ(draft["status"], "draft");
  EXPECT_EQ(draft["slug"], "harbour-council-approves-new-ferry-timetable");
  std::string path =
      "/en/news/" + std::to_string(id) + "/harbour-council-approves-new-ferry-timetable";
  EXPECT_EQ(Get(port(), path).status, 404) << "drafts are not public";
  EXPECT_EQ(Call("GET", "/api/v1/articles/" + std::to_string(id), "", false).status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/articles/" + std::to_string(id)).status, 200);

  HttpResponse published = Call("POST", "/api/v1/articles/" + std::to_string(id) + "/publish");
  ASSERT_EQ(published.status, 200) << published.body;
  EXPECT_EQ(Body(published)["status"], "published");
  HttpResponse page = Get(port(), path);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Harbour council approves new ferry timetable"), std::string::npos);
  EXPECT_NE(page.body.find("<p>Second paragraph.</p>"), std::string::npos);
  EXPECT_NE(Get(port(), "/en/").body.find(path), std::string::npos) << "newest story on the front";

  HttpResponse unpublished = Call("POST", "/api/v1/articles/" + std::to_string(id) + "/unpublish");
  ASSERT_EQ(unpublished.status, 200);
  EXPECT_EQ(Body(unpublished)["status"], "unpublished");
  EXPECT_EQ(Get(port(), path).status, 404);
}

TEST_F(ApiTest, CorrectionsShowOnThePage) {
  json draft = CreateDraft("Port Aster budget passes second reading");
  std::string id = std::to_string(draft["id"].get<NewsId>());
  ASSERT_EQ(Call("POST", "/api/v1/articles/" + id + "/publish").status, 200);
  HttpResponse patched = Call(
      "PATCH", "/api/v1/articles/" + id,
      R"({"correction":"An earlier version gave the wrong vote count.","headline":"Port Aster budget passes its second reading"})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  json j = Body(patched);
  EXPECT_FALSE(j["corrected_at"].is_null());
  EXPECT_EQ(j["slug"], "port-aster-budget-passes-its-second-reading");
  // The old slug now redirects to the new canonical URL.
  HttpResponse old = Get(port(), "/en/news/" + id + "/port-aster-budget-passes-second-reading");
  EXPECT_EQ(old.status, 301);
  HttpResponse page = Get(port(), old.Header("location"));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("class=\"correction\""), std::string::npos);
  EXPECT_NE(page.body.find("An earlier version gave the wrong vote count."), std::string::npos);
}

TEST_F(ApiTest, ScheduledArticlesGoLiveWithoutARestart) {
  json draft = CreateDraft("Night ferry resumes service to the Kessel Islands");
  std::string id = std::to_string(draft["id"].get<NewsId>());
  auto at = std::chrono::system_clock::now() + std::chrono::seconds(2);
  std::time_t t = std::chrono::system_clock::to_time_t(at);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  HttpResponse scheduled =
      Call("POST", "/api/v1/articles/" + id + "/publish", json{{"at", when}}.dump());
  ASSERT_EQ(scheduled.status, 200) << scheduled.body;
  EXPECT_EQ(Body(scheduled)["status"], "scheduled");
  std::string path = "/news/" + id;
  EXPECT_EQ(Get(port(), path).status, 404);
  int status = 0;
  for (int i = 0; i < 50 && status != 301; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    status = Get(port(), path).status;
  }
  EXPECT_EQ(status, 301) << "scheduled article never went live";
  EXPECT_EQ(Body(Call("GET", "/api/v1/articles/" + id))["status"], "published");
}

TEST_F(ApiTest, ListsArePagedAndFiltered) {
  HttpResponse r = Call("GET", "/api/v1/articles?edition=fa&limit=5", "", false);
  ASSERT_EQ(r.status, 200);
  json j = Body(r);
  EXPECT_EQ(j["articles"].size(), 5u);
  EXPECT_TRUE(j["has_more"].get<bool>());
  for (const json& a : j["articles"]) EXPECT_EQ(a["edition"], "fa");
  HttpResponse sport =
      Call("GET", "/api/v1/articles?edition=en&section=sport&limit=100", "", false);
  json sport_list = Body(sport);
  for (const json& a : sport_list["articles"]) EXPECT_EQ(a["section"], "sport");
  EXPECT_EQ(Call("GET", "/api/v1/articles?edition=zz", "", false).status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/articles?limit=1000", "", false).status, 400);
}

TEST_F(ApiTest, ImportedNewsIdsAreKeptAndUnique) {
  json req = {{"id", 600001},
              {"edition", "en"},
              {"section", "economy"},
              {"headline", "Imported wire story"}};
  HttpResponse created = Call("POST", "/api/v1/articles", req.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(Body(created)["id"], 600001);
  HttpResponse again = Call("POST", "/api/v1/articles", req.dump());
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(Body(again)["error"]["code"], "conflict");
  json next = CreateDraft("After the import");
  EXPECT_GT(next["id"].get<NewsId>(), 600001);
}

TEST_F(ApiTest, TranslationsLinkAcrossEditions) {
  json fa = {{"edition", "fa"},
             {"section", "politics"},
             {"headline", "ترجمه آزمایشی"},
             {"translation_of", 425881}};
  HttpResponse created = Call("POST", "/api/v1/articles", fa.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  json j = Body(created);
  EXPECT_EQ(j["translation_group"], 425881);
  EXPECT_FALSE(j["slug"].get<std::string>().empty());
  std::string id = std::to_string(j["id"].get<NewsId>());
  ASSERT_EQ(Call("POST", "/api/v1/articles/" + id + "/publish").status, 200);
  HttpResponse en = Get(port(), "/news/425881");
  HttpResponse page = Get(port(), en.Header("location"));
  EXPECT_NE(page.body.find("href=\"/fa/news/" + id + "/"), std::string::npos);
  EXPECT_NE(page.body.find("hreflang=\"fa\""), std::string::npos);
}

TEST_F(ApiTest, BadBodiesGetJsonErrorsNamingTheProblem) {
  auto code = [](const HttpResponse& r) { return Body(r)["error"]["code"].get<std::string>(); };
  HttpResponse not_json = Call("POST", "/api/v1/articles", "{not json");
  EXPECT_EQ(not_json.status, 400);
  EXPECT_EQ(code(not_json), "invalid_argument");
  HttpResponse unknown =
      Call("POST", "/api/v1/articles",
           R"({"edition":"en","section":"politics","headline":"x","hedline":"y"})");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_NE(unknown.body.find("hedline"), std::string::npos);
  HttpResponse missing =
      Call("POST", "/api/v1/articles", R"({"edition":"en","section":"politics"})");
  EXPECT_EQ(missing.status, 400);
  EXPECT_NE(missing.body.find("headline"), std::string::npos);
  HttpResponse bad_section =
      Call("POST", "/api/v1/articles", R"({"edition":"en","section":"nope","headline":"x"})");
  EXPECT_EQ(bad_section.status, 400);
  EXPECT_NE(bad_section.body.find("nope"), std::string::npos);
  HttpResponse bad_edition =
      Call("POST", "/api/v1/articles", R"({"edition":"zz","section":"politics","headline":"x"})");
  EXPECT_EQ(bad_edition.status, 400);
  HttpResponse bad_type = Call("PATCH", "/api/v1/articles/425881", R"({"tags":"not a list"})");
  EXPECT_EQ(bad_type.status, 400);
  HttpResponse bad_utf8 =
      Call("POST", "/api/v1/articles",
           "{\"edition\":\"en\",\"section\":\"politics\",\"headline\":\"\xff\"}");
  EXPECT_EQ(bad_utf8.status, 400);
  HttpResponse bad_time = Call("POST", "/api/v1/articles/425881/publish", R"({"at":"tomorrow"})");
  EXPECT_EQ(bad_time.status, 400);
  HttpResponse too_big = Call("POST", "/api/v1/articles",
                              R"({"edition":"en","section":"politics","headline":"x","body":")" +
                                  std::string(1040 * 1024, 'a') + "\"}");
  EXPECT_EQ(too_big.status, 413);
  EXPECT_EQ(code(too_big), "too_large");
  // Far beyond the limit the connection is closed before the body is read.
  HttpRequest huge{"POST",
                   "/api/v1/articles",
                   {{"Authorization", "Bearer " + *token_}, {"Content-Type", "application/json"}},
                   std::string(8 * 1024 * 1024, 'a')};
  std::string raw =
      RawExchange(port(), "POST /api/v1/articles HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                              std::to_string(huge.body.size()) + "\r\n\r\n" + huge.body);
  EXPECT_TRUE(raw.empty() || raw.starts_with("HTTP/1.1 413")) << raw.substr(0, 40);
  EXPECT_EQ(Get(port(), "/healthz").status, 200);
  HttpResponse huge_id =
      Call("POST", "/api/v1/articles",
           R"({"id":999999999999999999,"edition":"en","section":"politics","headline":"x"})");
  EXPECT_EQ(huge_id.status, 400);
  EXPECT_NE(huge_id.body.find("'id'"), std::string::npos);
  HttpRequest wrong_type{"POST",
                         "/api/v1/articles",
                         {{"Authorization", "Bearer " + *token_}, {"Content-Type", "text/plain"}},
                         R"({"edition":"en"})"};
  EXPECT_EQ(Fetch(port(), wrong_type).status, 400);
  EXPECT_EQ(Call("GET", "/api/v1/articles/99999999").status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/articles/abc").status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/nothing-here").status, 404);
  EXPECT_EQ(Call("DELETE", "/api/v1/articles/425881").status, 405);
  // None of that changed the reference article.
  json ref = Body(Call("GET", "/api/v1/articles/425881", "", false));
  EXPECT_EQ(ref["status"], "published");
  EXPECT_EQ(ref["tags"].size(), 3u);
}

TEST_F(ApiTest, AFailedTranslationLeavesTheOriginalUntouched) {
  json before = Body(Call("GET", "/api/v1/articles/425880"));
  HttpResponse bad =
      Call("POST", "/api/v1/articles",
           R"({"edition":"fa","section":"nosuch","headline":"x","translation_of":425880})");
  EXPECT_EQ(bad.status, 400);
  json after = Body(Call("GET", "/api/v1/articles/425880"));
  EXPECT_EQ(after, before);
}

TEST_F(ApiTest, SectionsCanBeCreated) {
  HttpResponse r =
      Call("POST", "/api/v1/editions/en/sections", R"({"slug":"weather","name":"Weather"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Get(port(), "/en/weather/").status, 200);
  EXPECT_EQ(Call("POST", "/api/v1/editions/en/sections", R"({"slug":"news","name":"News"})").status,
            400);
  EXPECT_EQ(
      Call("POST", "/api/v1/editions/en/sections", R"({"slug":"x","name":"X"})", false).status,
      401);
}

}  // namespace
}  // namespace herald::testing
