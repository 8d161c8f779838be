// The moderation desk's API and the commenter's private status page, end to
// end through real HTTP against the real server with the demo loaded: the
// held queue with the offending words marked, approval onto the article
// page, bulk rejection, roles, a ban, and the status page with its appeal
// (once only) settled by a moderator.
//
// As in comments_test.cc, each comment comes from its own address and email
// (the server trusts 127.0.0.1 as a proxy) to stay clear of rate limits.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <cctype>
#include <regex>
#include <string>
#include <tuple>
#include <vector>

#include "common/text.h"
#include "support/herald_process.h"
#include "support/http_client.h"

namespace herald::testing {
namespace {

using nlohmann::json;

constexpr const char* kArticle = "425881";
constexpr const char* kCommentsApi = "/api/v1/articles/425881/comments";

int NextSerial() {
  static std::atomic<int> serial{0};
  return ++serial;
}

std::string AddressFor(int n) {
  return "10.77." + std::to_string((n >> 8) & 255) + "." + std::to_string(n & 255);
}

json Parse(const HttpResponse& r) {
  json j = json::parse(r.body, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << "not JSON: " << r.body.substr(0, 500);
  return j;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// The key in a status URL ("...?key=KEY").
std::string KeyOf(const std::string& status_url) {
  size_t at = status_url.find("key=");
  return at == std::string::npos ? std::string() : status_url.substr(at + 4);
}

class ModerationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new HeraldServer();
    moderator_ = new std::string(Token("moderation test", "moderator"));
    reporter_ = new std::string(Token("reporting test", "reporter"));
    HttpResponse r = Get(server_->port(), std::string("/news/") + kArticle);
    EXPECT_EQ(r.status, 301);
    path_ = new std::string(r.Header("location"));
  }
  static void TearDownTestSuite() {
    delete server_;
    delete moderator_;
    delete reporter_;
    delete path_;
  }

  static std::string Token(const std::string& name, const std::string& role) {
    CommandResult r = RunHerald(
        {"token", "create", "--name", name, "--role", role, "--data", server_->data_dir()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::string token = r.out;
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
    return token;
  }

  static int port() { return server_->port(); }

  // Posts a comment as `email` (a new reader unless given) from a new address.
  static HttpResponse PostComment(const std::string& body, std::string email = "") {
    int n = NextSerial();
    if (email.empty()) email = "moderation" + std::to_string(n) + "@example.org";
    json j = {{"name", "Reader " + std::to_string(n)}, {"email", email}, {"body", body}};
    return Fetch(port(),
                 {"POST",
                  kCommentsApi,
                  {{"Content-Type", "application/json"}, {"X-Forwarded-For", AddressFor(n)}},
                  j.dump()});
  }
  static json Posted(const std::string& body, const std::string& email = "") {
    HttpResponse r = PostComment(body, email);
    EXPECT_EQ(r.status, 201) << r.body;
    return Parse(r);
  }

  static HttpResponse Moderator(const std::string& method, const std::string& target,
                                const std::string& body = "") {
    return FetchApi(port(), method, target, *moderator_, body);
  }

  // The queue item of comment `id` in queue `kind`, or null.
  static json QueueItem(const std::string& kind, int64_t id) {
    HttpResponse r = Moderator("GET", "/api/v1/moderation/queue?kind=" + kind + "&limit=500");
    EXPECT_EQ(r.status, 200) << r.body;
    json q = Parse(r);
    EXPECT_EQ(q["kind"], kind);
    EXPECT_TRUE(q["counts"].contains(kind)) << q;
    for (const json& item : q["items"]) {
      if (item["comment"]["id"] == id) return item;
    }
    return nullptr;
  }

  static std::string ArticlePage() {
    HttpResponse r = Get(port(), *path_);
    EXPECT_EQ(r.status, 200);
    return r.body;
  }

  // The appeal form's token on a status page.
  static std::string AppealToken(const std::string& html) {
    static const std::regex token(R"re(name="token" value="([^"]+)")re");
    std::smatch m;
    EXPECT_TRUE(std::regex_search(html, m, token)) << "no appeal form:\n" << html;
    return m.size() > 1 ? m[1].str() : "";
  }

  static HttpResponse Appeal(int64_t id, const std::string& key, const std::string& token,
                             const std::string& text) {
    return Fetch(port(), {"POST",
                          "/en/comments/" + std::to_string(id) + "/appeal",
                          {{"Content-Type", "application/x-www-form-urlencoded"}},
                          "key=" + key + "&token=" + PercentEncode(token) +
                              "&appeal=" + PercentEncode(text)});
  }

  static HeraldServer* server_;
  static std::string* moderator_;
  static std::string* reporter_;
  static std::string* path_;
};
HeraldServer* ModerationTest::server_ = nullptr;
std::string* ModerationTest::moderator_ = nullptr;
std::string* ModerationTest::reporter_ = nullptr;
std::string* ModerationTest::path_ = nullptr;

TEST_F(ModerationTest, HeldCommentIsQueuedWithItsWordsMarkedAndApprovalPublishesIt) {
  std::string body = "Shamkhani is a thief and a liar, says reader " + std::to_string(NextSerial());
  json posted = Posted(body);
  ASSERT_EQ(posted["status"], "pending") << posted;
  int64_t id = posted["id"];
  EXPECT_TRUE(posted["status_url"].get<std::string>().starts_with(
      "/en/comments/" + std::to_string(id) + "/status?key="))
      << posted;

  json item = QueueItem("held", id);
  ASSERT_FALSE(item.is_null()) << "not in the held queue";
  const json& c = item["comment"];
  std::string html = c["body_html"];
  EXPECT_TRUE(Contains(html, "<mark>Shamkhani</mark>")) << html;
  EXPECT_TRUE(Contains(html, "<mark>thief</mark>")) << html;
  std::string unmarked = std::regex_replace(html, std::regex("</?mark>"), "");
  EXPECT_EQ(unmarked, "<p>" + body + "</p>");
  bool libel = false;
  for (const json& r : c["reasons"]) {
    libel = libel || (r["code"] == "libel_risk" && !r["message"].get<std::string>().empty());
  }
  EXPECT_TRUE(libel) << c["reasons"];
  EXPECT_GE(c["risk"].get<double>(), 0.9) << "libel risk is near the top of the queue";
  EXPECT_EQ(item["article"]["id"].get<int64_t>(), std::stoll(kArticle));
  EXPECT_TRUE(item["commenter"]["id"].is_number_integer());
  EXPECT_FALSE(Contains(ArticlePage(), "Shamkhani is a thief and a liar, says reader"));

  HttpResponse approved =
      Moderator("POST", "/api/v1/comments/" + std::to_string(id) + "/approve", "{}");
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_TRUE(Contains(ArticlePage(), body)) << "approved, not on the article page";
  EXPECT_TRUE(QueueItem("held", id).is_null()) << "still held";
}

TEST_F(ModerationTest, BulkRejectDecidesEveryComment) {
  std::vector<int64_t> ids;
  for (int i = 0; i < 2; ++i) {
    json j = Posted("Nous espérons que la trêve tiendra à Alep, numéro " +
                    std::to_string(NextSerial()) + ".");
    ASSERT_EQ(j["status"], "pending") << j;
    ids.push_back(j["id"]);
  }
  HttpResponse r = Moderator("POST", "/api/v1/moderation/bulk",
                             json({{"ids", {ids[0], ids[1], 999999999}},
                                   {"action", "reject"},
                                   {"reason", "language"},
                                   {"note", "Please write in English."}})
                                 .dump());
  ASSERT_EQ(r.status, 200) << r.body;
  json results = Parse(r)["results"];
  ASSERT_EQ(results.size(), 3u) << results;
  EXPECT_EQ(results[0], json({{"id", ids[0]}, {"status", "rejected"}}));
  EXPECT_EQ(results[1], json({{"id", ids[1]}, {"status", "rejected"}}));
  EXPECT_EQ(results[2]["error"]["code"], "not_found");
  for (int64_t id : ids) {
    EXPECT_TRUE(QueueItem("held", id).is_null());
    EXPECT_EQ(Parse(Moderator("GET", "/api/v1/comments/" + std::to_string(id)))["status"],
              "rejected");
  }
  EXPECT_EQ(Moderator("POST", "/api/v1/moderation/bulk",
                      json({{"ids", {ids[0]}}, {"action", "delete"}}).dump())
                .status,
            400);
}

TEST_F(ModerationTest, AReporterMayNotModerate) {
  json j = Posted("Nous verrons bien ce que la conférence décidera demain, lecteur " +
                  std::to_string(NextSerial()) + ".");
  int64_t id = j["id"];
  json item = QueueItem("held", id);
  ASSERT_FALSE(item.is_null());
  std::string commenter = "/api/v1/commenters/" + item["commenter"]["id"].dump();
  for (const auto& [method, target, body] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"GET", "/api/v1/moderation/queue", ""},
           {"POST", "/api/v1/moderation/bulk", json({{"ids", {id}}, {"action", "approve"}}).dump()},
           {"GET", commenter, ""},
           {"POST", commenter + "/ban", "{}"},
           {"POST", "/api/v1/comments/" + std::to_string(id) + "/approve", "{}"}}) {
    SCOPED_TRACE(method + " " + target);
    HttpResponse r = FetchApi(port(), method, target, *reporter_, body);
    EXPECT_EQ(r.status, 403) << r.body;
    EXPECT_EQ(Parse(r)["error"]["code"], "forbidden");
    EXPECT_EQ(FetchApi(port(), method, target, "", body).status, 401);
  }
  EXPECT_FALSE(QueueItem("held", id).is_null()) << "a refused request decided the comment";
}

TEST_F(ModerationTest, ABannedCommenterIsRefusedTheirNextComment) {
  int n = NextSerial();
  std::string email = "banned" + std::to_string(n) + "@example.org";
  json j =
      Posted("Je ne suis pas d'accord avec cet article, lecteur " + std::to_string(n) + ".", email);
  json item = QueueItem("held", j["id"]);
  ASSERT_FALSE(item.is_null());
  std::string commenter = "/api/v1/commenters/" + item["commenter"]["id"].dump();

  HttpResponse r = Moderator("GET", commenter);
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(Parse(r)["comments"].size(), 1u);
  r = Moderator("POST", commenter + "/ban", "{}");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Parse(r)["commenter"]["banned_until"], "forever");

  HttpResponse refused =
      PostComment("Thank you for the report on the talks in Aleppo; I hope the truce holds (" +
                      std::to_string(n) + ").",
                  email);
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(Parse(refused)["error"]["code"], "banned");

  r = Moderator("POST", commenter + "/unban", "{}");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(Parse(r)["commenter"]["banned_until"].is_null());
}

TEST_F(ModerationTest, StatusPageShowsTheRejectionAndTakesOneAppeal) {
  json posted =
      Posted("This report is f.u.c.k.i.n.g nonsense, reader " + std::to_string(NextSerial()));
  ASSERT_EQ(posted["status"], "rejected") << posted;
  int64_t id = posted["id"];
  std::string url = posted["status_url"];
  std::string key = KeyOf(url);
  ASSERT_EQ(key.size(), 64u) << url;
  HttpResponse r = Moderator(
      "POST", "/api/v1/comments/" + std::to_string(id) + "/reject",
      json({{"reason", "banned_word"}, {"note", "Please make your point without swearing."}})
          .dump());
  ASSERT_EQ(r.status, 200) << r.body;

  HttpResponse page = Get(port(), url);
  ASSERT_EQ(page.status, 200) << page.body.substr(0, 300);
  EXPECT_EQ(page.Header("cache-control"), "no-store");
  EXPECT_TRUE(Contains(page.body, "<meta name=\"robots\" content=\"noindex\">"));
  EXPECT_TRUE(Contains(page.body, "<meta name=\"referrer\" content=\"no-referrer\">"));
  EXPECT_TRUE(Contains(page.body, "Your comment was not accepted."));
  EXPECT_TRUE(Contains(page.body, "It contains words that are not allowed here."));
  EXPECT_TRUE(Contains(page.body, "Please make your point without swearing."));
  std::string token = AppealToken(page.body);

  // A wrong key is a missing comment.
  std::string wrong = key;
  wrong[5] = wrong[5] == '0' ? '1' : '0';
  EXPECT_EQ(Get(port(), "/en/comments/" + std::to_string(id) + "/status?key=" + wrong).status, 404);
  EXPECT_EQ(Get(port(), "/en/comments/" + std::to_string(id) + "/status").status, 404);
  EXPECT_EQ(Appeal(id, wrong, token, "Let me explain.").status, 404);

  HttpResponse sent = Appeal(id, key, token, "I was quoting the minister, not swearing.");
  ASSERT_EQ(sent.status, 303) << sent.body.substr(0, 300);
  std::string location = sent.Header("location");
  EXPECT_TRUE(location.starts_with(url + "&appealed=1")) << location;
  page = Get(port(), location.substr(0, location.find('#')));
  EXPECT_TRUE(Contains(page.body, "Your appeal was sent")) << page.body;
  EXPECT_TRUE(Contains(page.body, "Your appeal is waiting for a moderator."));

  json item = QueueItem("appeals", id);
  ASSERT_FALSE(item.is_null()) << "not in the appeals queue";
  EXPECT_EQ(item["comment"]["appeal"]["state"], "pending");
  EXPECT_EQ(item["comment"]["appeal"]["text"], "I was quoting the minister, not swearing.");

  HttpResponse twice = Appeal(id, key, token, "Please, once more.");
  EXPECT_EQ(twice.status, 409);
  HttpResponse twice_json = Fetch(port(), {"POST",
                                           "/api/v1/comments/" + std::to_string(id) + "/appeal",
                                           {{"Content-Type", "application/json"}},
                                           json({{"key", key}, {"text", "And again."}}).dump()});
  EXPECT_EQ(twice_json.status, 409) << twice_json.body;

  // The moderator looks again and keeps the rejection: upheld.
  r = Moderator(
      "POST", "/api/v1/comments/" + std::to_string(id) + "/reject",
      json({{"reason", "banned_word"}, {"note", "The rule holds for quotes too."}}).dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(QueueItem("appeals", id).is_null());
  page = Get(port(), url);
  EXPECT_TRUE(Contains(page.body, "A moderator looked at your appeal and kept the decision."));
  EXPECT_TRUE(Contains(page.body, "The rule holds for quotes too."));
  HttpResponse status =
      Get(port(), "/api/v1/comments/" + std::to_string(id) + "/status?key=" + key);
  ASSERT_EQ(status.status, 200) << status.body;
  EXPECT_EQ(Parse(status)["appeal"]["state"], "upheld");
}

TEST_F(ModerationTest, AnOverturnedAppealPublishesTheComment) {
  int n = NextSerial();
  std::string body = "What f.u.c.k.i.n.g good news for the families, reader " + std::to_string(n);
  json posted = Posted(body);
  ASSERT_EQ(posted["status"], "rejected") << posted;
  int64_t id = posted["id"];
  std::string url = posted["status_url"];
  HttpResponse page = Get(port(), url);
  ASSERT_EQ(page.status, 200);
  HttpResponse sent = Appeal(id, KeyOf(url), AppealToken(page.body), "It is joy, not abuse.");
  ASSERT_EQ(sent.status, 303) << sent.body.substr(0, 300);

  HttpResponse r = Moderator("POST", "/api/v1/moderation/bulk",
                             json({{"ids", {id}}, {"action", "approve"}}).dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Parse(r)["results"][0]["status"], "published");
  page = Get(port(), url);
  EXPECT_TRUE(Contains(page.body, "A moderator looked at your appeal and published your comment."))
      << page.body;
  EXPECT_TRUE(Contains(page.body, "Your comment is published."));
  EXPECT_TRUE(Contains(ArticlePage(), "good news for the families, reader " + std::to_string(n)));
}

}  // namespace
}  // namespace herald::testing
