// HTTP caching end to end: validators and 304s, compression, and the page
// cache dropping exactly the pages a change alters, whether the change came
// through this server or from another process.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <zlib.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "support/herald_process.h"
#include "support/http_client.h"

namespace herald::testing {
namespace {

using nlohmann::json;

constexpr const char* kReference =
    "/en/news/425881/irans-security-chief-calls-for-guarantees-that-the-aleppo-truce-will-hold";

std::string Gunzip(const std::string& packed) {
  z_stream z{};
  EXPECT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
  std::string out(4 << 20, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
  z.avail_in = static_cast<uInt>(packed.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  inflateEnd(&z);
  return out;
}

HttpResponse GetWith(int port, const std::string& target,
                     std::vector<std::pair<std::string, std::string>> headers) {
  return Fetch(port, HttpRequest{"GET", target, std::move(headers), ""});
}

int CommentCount(const std::string& page) {
  std::string marker = "comment-count\">(";
  size_t at = page.find(marker);
  if (at == std::string::npos) return -1;
  return std::atoi(page.c_str() + at + marker.size());
}

class CachingTest : public ::testing::Test {
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

  static HttpResponse Api(const std::string& method, const std::string& target,
                          const std::string& body = "") {
    return FetchApi(port(), method, target, *token_, body);
  }

  // Creates and publishes an article; returns its canonical path.
  static std::string Publish(const std::string& headline) {
    json req = {{"edition", "en"},        {"section", "politics"},
                {"headline", headline},   {"lead", "Herald Test - A lead."},
                {"body", "A paragraph."}, {"tags", {"Testing"}}};
    HttpResponse created = Api("POST", "/api/v1/articles", req.dump());
    EXPECT_EQ(created.status, 201) << created.body;
    json j = json::parse(created.body);
    std::string id = std::to_string(j["id"].get<int64_t>());
    HttpResponse published = Api("POST", "/api/v1/articles/" + id + "/publish");
    EXPECT_EQ(published.status, 200) << published.body;
    return "/en/news/" + id + "/" + j["slug"].get<std::string>();
  }

  static HeraldServer* server_;
  static std::string* token_;
};
HeraldServer* CachingTest::server_ = nullptr;
std::string* CachingTest::token_ = nullptr;

TEST_F(CachingTest, PagesCarryValidatorsAndAnswer304) {
  HttpResponse first = Get(port(), kReference);
  ASSERT_EQ(first.status, 200);
  std::string etag = first.Header("etag");
  std::string modified = first.Header("last-modified");
  ASSERT_TRUE(etag.starts_with("W/\"")) << etag;
  ASSERT_FALSE(modified.empty());
  EXPECT_NE(first.Header("cache-control").find("stale-while-revalidate="), std::string::npos);
  EXPECT_EQ(first.Header("vary"), "Accept-Encoding");

  HttpResponse again = Get(port(), kReference);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.Header("etag"), etag);

  HttpResponse by_tag = GetWith(port(), kReference, {{"If-None-Match", etag}});
  EXPECT_EQ(by_tag.status, 304);
  EXPECT_TRUE(by_tag.body.empty());
  EXPECT_EQ(by_tag.Header("etag"), etag);
  EXPECT_EQ(GetWith(port(), kReference, {{"If-Modified-Since", modified}}).status, 304);
  EXPECT_EQ(GetWith(port(), kReference, {{"If-None-Match", "\"something-else\""}}).status, 200);
  EXPECT_EQ(
      GetWith(port(), kReference, {{"If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT"}}).status,
      200);
}

TEST_F(CachingTest, TextIsCompressedForClientsThatAcceptIt) {
  HttpResponse plain = Get(port(), kReference);
  HttpResponse gzip = GetWith(port(), kReference, {{"Accept-Encoding", "gzip"}});
  ASSERT_EQ(gzip.status, 200);
  EXPECT_EQ(gzip.Header("content-encoding"), "gzip");
  EXPECT_LT(gzip.body.size(), plain.body.size() / 2);
  EXPECT_EQ(Gunzip(gzip.body), plain.body);

  HttpResponse br = GetWith(port(), kReference, {{"Accept-Encoding", "gzip, deflate, br"}});
  EXPECT_EQ(br.Header("content-encoding"), "br");
  EXPECT_LT(br.body.size(), gzip.body.size());
  EXPECT_EQ(GetWith(port(), kReference, {{"Accept-Encoding", "gzip;q=0"}}).body, plain.body);

  // Pages the cache does not keep (the JSON API) are compressed too.
  HttpResponse api =
      GetWith(port(), "/api/v1/articles?edition=en&limit=20", {{"Accept-Encoding", "gzip"}});
  ASSERT_EQ(api.status, 200);
  EXPECT_EQ(api.Header("content-encoding"), "gzip");
  EXPECT_FALSE(json::parse(Gunzip(api.body), nullptr, false).is_discarded());
}

TEST_F(CachingTest, HashedAssetsLiveForeverAndAreCompressed) {
  HttpResponse page = Get(port(), "/en/");
  size_t at = page.body.find("/static/site.");
  ASSERT_NE(at, std::string::npos);
  std::string css = page.body.substr(at, page.body.find('"', at) - at);
  HttpResponse asset = GetWith(port(), css, {{"Accept-Encoding", "gzip"}});
  ASSERT_EQ(asset.status, 200);
  EXPECT_EQ(asset.Header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(asset.Header("content-encoding"), "gzip");
  EXPECT_EQ(Gunzip(asset.body), Get(port(), css).body);
}

TEST_F(CachingTest, AnApprovedCommentShowsOnTheNextRequest) {
  // Comments on this article wait for a moderator.
  std::string path = Publish("Lighthouse keepers mark a century of service");
  std::string id = path.substr(std::string("/en/news/").size());
  id = id.substr(0, id.find('/'));
  ASSERT_EQ(Api("PATCH", "/api/v1/articles/" + id, R"({"comments":"pre"})").status, 200);
  HttpResponse before = Get(port(), path);
  ASSERT_EQ(CommentCount(before.body), 0);

  json comment = {{"name", "Reader"},
                  {"body", "My grandfather kept that light for thirty years, thank you for this."}};
  HttpResponse posted = Fetch(port(), HttpRequest{"POST",
                                                  "/api/v1/articles/" + id + "/comments",
                                                  {{"Content-Type", "application/json"}},
                                                  comment.dump()});
  ASSERT_EQ(posted.status, 201) << posted.body;
  json j = json::parse(posted.body);
  ASSERT_EQ(j["status"], "pending") << posted.body;
  // A held comment changes nothing a reader sees: the page is the same.
  EXPECT_EQ(Get(port(), path).Header("etag"), before.Header("etag"));

  std::string comment_id = std::to_string(j["id"].get<int64_t>());
  ASSERT_EQ(Api("POST", "/api/v1/comments/" + comment_id + "/approve").status, 200);
  HttpResponse after = Get(port(), path);
  EXPECT_EQ(CommentCount(after.body), 1);
  EXPECT_NE(after.body.find("My grandfather kept that light"), std::string::npos);
  EXPECT_NE(after.Header("etag"), before.Header("etag"));
  EXPECT_EQ(GetWith(port(), path, {{"If-None-Match", before.Header("etag")}}).status, 200);
}

TEST_F(CachingTest, PublishCorrectAndUnpublishShowOnTheNextRequest) {
  // Warm the pages that will change.
  Get(port(), "/en/");
  Get(port(), "/en/politics/");
  std::string path = Publish("Harbour pilots agree a new winter rota");
  EXPECT_NE(Get(port(), "/en/").body.find(path), std::string::npos) << "front shows it at once";
  EXPECT_NE(Get(port(), "/en/politics/").body.find(path), std::string::npos);
  HttpResponse page = Get(port(), path);
  ASSERT_EQ(page.status, 200);

  std::string id = path.substr(std::string("/en/news/").size());
  id = id.substr(0, id.find('/'));
  HttpResponse patched = Api("PATCH", "/api/v1/articles/" + id,
                             R"({"correction":"An earlier version misnamed the harbour."})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_NE(Get(port(), path).body.find("An earlier version misnamed the harbour."),
            std::string::npos);

  ASSERT_EQ(Api("POST", "/api/v1/articles/" + id + "/unpublish").status, 200);
  EXPECT_EQ(Get(port(), path).status, 404);
  EXPECT_EQ(Get(port(), "/en/").body.find(path), std::string::npos);
}

TEST_F(CachingTest, ChangesFromAnotherProcessShowWithinASecondOrTwo) {
  std::string target = "/news/700777";
  EXPECT_EQ(Get(port(), target).status, 404);
  HttpResponse front = Get(port(), "/en/economy/");
  ASSERT_EQ(front.status, 200);
  std::string file = server_->data_dir() + "/wire.txt";
  std::ofstream(file) << "3 March 2024 - 09:15\n"
                         "News ID: 700777\n"
                         "Herald Wire - The ferry to the islands runs again from Monday.\n"
                         "\n"
                         "HWA - Services resume after the storm.\n";
  CommandResult r = RunHerald({"import", "article", file, "--data", server_->data_dir(),
                               "--section", "economy", "--headline", "Island ferry runs again"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  bool seen = false;
  while (!seen && std::chrono::steady_clock::now() < deadline) {
    seen = Get(port(), "/en/economy/").body.find("/en/news/700777/") != std::string::npos;
    if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(seen) << "the section page still lists the old articles";
}

TEST(CachingOff, ValidatorsStillWorkWithoutThePageCache) {
  TempDir dir;
  std::string config = dir.path() + "/site.toml";
  std::ofstream(config) << "[cache]\npages = false\n";
  HeraldServer server({"--config", config});
  HttpResponse first = Get(server.port(), kReference);
  ASSERT_EQ(first.status, 200);
  ASSERT_FALSE(first.Header("etag").empty());
  EXPECT_EQ(GetWith(server.port(), kReference, {{"If-None-Match", first.Header("etag")}}).status,
            304);
  HttpResponse gzip = GetWith(server.port(), kReference, {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(Gunzip(gzip.body), first.body);
  HttpResponse metrics = Get(server.port(), "/metrics");
  EXPECT_NE(metrics.body.find("herald_page_cache_pages 0"), std::string::npos) << metrics.body;
}

}  // namespace
}  // namespace herald::testing
