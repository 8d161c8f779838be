// Crash safety: the real server is SIGKILLed, round after round, while
// client threads post comments and create and publish articles as fast as
// they can; after each kill the database file is opened directly (SQLite C
// API, with Herald's search tokenizer registered so the FTS5 index can be
// checked too) and the server is restarted on it, and every write the
// server acknowledged must be there, whole, with exactly what was sent.
// Writes cut off by the kill may or may not be there, but never in part.
// A second test kills `herald demo load` and `herald serve` during start-up
// (migrations, demo load) and checks the file stays sound.
//
// comments_test.cc (CommentsDurabilityTest) checks one kill of comment
// writers through the API; this file repeats it with articles, content and
// integrity checks. Rounds: HERALD_TORTURE_ROUNDS (default 20); the kill
// delays come from a seed printed at the start, HERALD_CRASH_SEED=N
// replays them (the interleaving of requests is the scheduler's).
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "support/herald_process.h"
#include "support/http_client.h"
#include "support/sqlite_db.h"

namespace herald::testing {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr int64_t kDemoArticle = 425881;
constexpr int kCommentWriters = 3;
constexpr int kArticleWriters = 2;
// Creating a database and running its migrations takes about 5-30 ms here
// (ASan build) after the file appears; start-up kills aim at that window.
constexpr int64_t kMigrationUs = 40'000;

int EnvInt(const char* name, int fallback) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return fallback;
  return std::atoi(v);
}

// The seed of the kill delays: HERALD_CRASH_SEED, or a fresh one, printed
// once so that a failing run can be replayed.
uint64_t Seed() {
  static const uint64_t seed = [] {
    const char* v = std::getenv("HERALD_CRASH_SEED");
    uint64_t s = (v != nullptr && *v != '\0')
                     ? std::strtoull(v, nullptr, 10)
                     : (uint64_t{std::random_device{}()} << 32) | std::random_device{}();
    std::printf("[ crash    ] seed %llu (HERALD_CRASH_SEED=%llu replays the kill delays)\n",
                static_cast<unsigned long long>(s), static_cast<unsigned long long>(s));
    std::fflush(stdout);
    return s;
  }();
  return seed;
}

std::string AddressFor(int n) {
  return "10." + std::to_string((n >> 16) & 255) + "." + std::to_string((n >> 8) & 255) + "." +
         std::to_string(n & 255);
}

// --- HTTP that a kill may cut -------------------------------------------------

// Sends one request on its own connection and returns the answer, or status
// 0 when the connection fails, is cut, or the answer is not whole (its body
// shorter than its Content-Length): an answer the client did not fully get
// acknowledges nothing. No test failure here; the callers decide.
HttpResponse TryRequest(int port, const std::string& method, const std::string& target,
                        const std::string& token, const std::string& forwarded_for,
                        const std::string& body) {
  std::string raw = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  if (!token.empty()) raw += "Authorization: Bearer " + token + "\r\n";
  if (!forwarded_for.empty()) raw += "X-Forwarded-For: " + forwarded_for + "\r\n";
  if (!body.empty()) raw += "Content-Type: application/json\r\n";
  if (method != "GET") raw += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  raw += "\r\n" + body;

  const std::string out = TryExchange(port, raw, 20);
  HttpResponse r = ParseResponse(out, false);
  if (r.status == 0) return r;
  std::string length = r.Header("content-length");
  if (length.empty() || r.body.size() != std::stoul(length)) return {};
  return r;
}

// --- What the clients sent and what the server acknowledged -----------------

struct SentComment {
  int64_t article_id = 0;
  std::string name, email, body;
};
struct AckedComment {
  int64_t id = 0;
  SentComment sent;
  std::string status;
  int round = 0;
};
struct SentArticle {
  std::string headline, lead, body;
};
struct AckedArticle {
  int64_t id = 0;
  SentArticle sent;
  bool publish_acked = false;
  int round = 0;
};

// Shared by the writer threads; everything under `mu`.
struct Ledger {
  std::mutex mu;
  std::vector<AckedComment> comments;
  std::vector<AckedArticle> articles;
  std::vector<int64_t> published;                    // publish acknowledged
  std::map<std::string, SentComment> sent_comments;  // every attempt, by email
  std::map<std::string, SentArticle> sent_articles;  // every attempt, by headline
  std::vector<std::string> refusals;                 // complete non-2xx answers
  int cut_before_kill = 0;                           // connection failures while alive
};

// Posts comments until the server goes away: each to the demo article or to
// an article whose publish was acknowledged, from its own address and email.
void CommentWriter(int port, int round, int w, Ledger& ledger, std::atomic<bool>& killed,
                   std::atomic<int>& serial) {
  std::mt19937_64 rng(Seed() ^ (static_cast<uint64_t>(round) << 20) ^ static_cast<uint64_t>(w));
  while (true) {
    const int n = ++serial;
    SentComment c;
    c.article_id = kDemoArticle;
    {
      std::lock_guard lock(ledger.mu);
      if (!ledger.published.empty() && rng() % 2 == 0) {
        c.article_id = ledger.published[rng() % ledger.published.size()];
      }
    }
    c.name = "Crash " + std::to_string(round) + "-" + std::to_string(w) + "-" + std::to_string(n);
    c.email = "crash" + std::to_string(n) + "@example.org";
    c.body =
        "Thank you for this clear report on the talks in Tehran and Moscow. I hope the ceasefire "
        "in Aleppo holds and that the families can go home safely soon (note " +
        std::to_string(n) + ").";
    {
      std::lock_guard lock(ledger.mu);
      ledger.sent_comments[c.email] = c;
    }
    json payload = {{"name", c.name}, {"email", c.email}, {"body", c.body}};
    HttpResponse r =
        TryRequest(port, "POST", "/api/v1/articles/" + std::to_string(c.article_id) + "/comments",
                   "", AddressFor(n), payload.dump());
    if (r.status == 0) {
      if (killed.load()) return;
      std::lock_guard lock(ledger.mu);
      ++ledger.cut_before_kill;
      continue;
    }
    json j = json::parse(r.body, nullptr, false);
    std::lock_guard lock(ledger.mu);
    if (r.status != 201 || j.is_discarded() || !j.contains("id") || !j["id"].is_number_integer()) {
      ledger.refusals.push_back("comment " + std::to_string(r.status) + ": " +
                                r.body.substr(0, 200));
      continue;
    }
    ledger.comments.push_back({j["id"].get<int64_t>(), c, j.value("status", ""), round});
  }
}

// Creates articles and publishes each as soon as it is acknowledged.
void ArticleWriter(int port, const std::string& token, int round, int w, Ledger& ledger,
                   std::atomic<bool>& killed, std::atomic<int>& serial) {
  while (true) {
    const int n = ++serial;
    SentArticle a;
    a.headline = "Crash round " + std::to_string(round) + " story " + std::to_string(n);
    a.lead =
        "The lead of story " + std::to_string(n) + ", written by writer " + std::to_string(w) + ".";
    a.body = "First paragraph of story " + std::to_string(n) +
             ".\n\nSecond paragraph, with *emphasis*, of story " + std::to_string(n) + ".";
    {
      std::lock_guard lock(ledger.mu);
      ledger.sent_articles[a.headline] = a;
    }
    json payload = {{"edition", "en"},  {"section", "politics"}, {"headline", a.headline},
                    {"lead", a.lead},   {"body", a.body},        {"tags", {"crash"}},
                    {"byline", "Crash"}};
    HttpResponse r = TryRequest(port, "POST", "/api/v1/articles", token, "", payload.dump());
    if (r.status == 0) {
      if (killed.load()) return;
      std::lock_guard lock(ledger.mu);
      ++ledger.cut_before_kill;
      continue;
    }
    json j = json::parse(r.body, nullptr, false);
    size_t index = 0;
    {
      std::lock_guard lock(ledger.mu);
      if (r.status != 201 || j.is_discarded() || !j.contains("id") ||
          !j["id"].is_number_integer()) {
        ledger.refusals.push_back("article " + std::to_string(r.status) + ": " +
                                  r.body.substr(0, 200));
        continue;
      }
      index = ledger.articles.size();
      ledger.articles.push_back({j["id"].get<int64_t>(), a, false, round});
    }
    const int64_t id = j["id"].get<int64_t>();
    r = TryRequest(port, "POST", "/api/v1/articles/" + std::to_string(id) + "/publish", token, "",
                   "");
    if (r.status == 0) {
      if (killed.load()) return;
      std::lock_guard lock(ledger.mu);
      ++ledger.cut_before_kill;
      continue;
    }
    j = json::parse(r.body, nullptr, false);
    std::lock_guard lock(ledger.mu);
    if (r.status != 200 || j.is_discarded() || j.value("status", "") != "published") {
      ledger.refusals.push_back("publish " + std::to_string(r.status) + ": " +
                                r.body.substr(0, 200));
      continue;
    }
    ledger.articles[index].publish_acked = true;
    ledger.published.push_back(id);
  }
}

// --- The database, read directly ---------------------------------------------

// The file as SQLite and Herald need it: integrity_check "ok", no broken
// foreign key, a search index that matches its content, and no article or
// comment written in part (each article has its index entry and its
// current revision, each comment its first history event).
void CheckSound(Db& db) {
  std::vector<Row> integrity = db.Query("PRAGMA integrity_check");
  ASSERT_EQ(integrity.size(), 1u);
  EXPECT_EQ(integrity[0][0], "ok") << "PRAGMA integrity_check";
  EXPECT_TRUE(db.Query("PRAGMA foreign_key_check").empty()) << "PRAGMA foreign_key_check";
  // An FTS5 integrity-check answers SQLITE_CORRUPT_VTAB if the index and
  // its content disagree (Query fails the test then).
  if (!db.Query("SELECT 1 FROM sqlite_master WHERE name = 'article_search'").empty()) {
    db.Query("INSERT INTO article_search (article_search) VALUES ('integrity-check')");
    EXPECT_TRUE(db.Query("SELECT a.id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM "
                         "article_search s WHERE s.rowid = a.id)")
                    .empty())
        << "articles missing from the search index";
    EXPECT_TRUE(db.Query("SELECT rowid FROM article_search WHERE rowid NOT IN "
                         "(SELECT id FROM articles)")
                    .empty())
        << "search entries without their article";
  }
  if (!db.Query("SELECT 1 FROM sqlite_master WHERE name = 'article_revisions'").empty()) {
    EXPECT_TRUE(db.Query("SELECT a.id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM "
                         "article_revisions r WHERE r.article_id = a.id AND "
                         "r.revision = a.revision)")
                    .empty())
        << "articles without their current revision";
  }
  if (!db.Query("SELECT 1 FROM sqlite_master WHERE name = 'comment_events'").empty()) {
    EXPECT_TRUE(db.Query("SELECT c.id FROM comments c WHERE NOT EXISTS (SELECT 1 FROM "
                         "comment_events e WHERE e.comment_id = c.id)")
                    .empty())
        << "comments without their screening event";
  }
}

struct Landed {
  int comments = 0;  // of the test's comments in the file, acknowledged or not
  int articles = 0;
  int lost = 0;  // acknowledged writes missing or not as acknowledged
};

// Every acknowledged write of `ledger` (all rounds so far) is in the file
// with what was sent; every write of the test's that is in the file is one
// that was sent, whole.
Landed CheckWrites(Db& db, Ledger& ledger) {
  std::lock_guard lock(ledger.mu);
  Landed landed;
  EXPECT_EQ(db.Query("SELECT id FROM articles WHERE id = ?1", kDemoArticle).size(), 1u)
      << "the demo article";

  std::map<int64_t, Row> comments;  // id -> article_id, name, body, status, email
  for (Row& r : db.Query("SELECT c.id, c.article_id, c.name, c.body, c.status, m.email "
                         "FROM comments c JOIN commenters m ON m.id = c.commenter_id "
                         "WHERE c.name LIKE 'Crash %'")) {
    comments[std::stoll(r[0])] = {r[1], r[2], r[3], r[4], r[5]};
  }
  landed.comments = static_cast<int>(comments.size());
  std::set<int64_t> ids;
  for (const AckedComment& c : ledger.comments) {
    EXPECT_TRUE(ids.insert(c.id).second) << "two comments acknowledged with id " << c.id;
    auto it = comments.find(c.id);
    if (it == comments.end()) {
      ++landed.lost;
      ADD_FAILURE() << "LOST: comment " << c.id << " (round " << c.round
                    << ") was acknowledged but is not in the database";
      continue;
    }
    const Row& r = it->second;
    const Row expected = {std::to_string(c.sent.article_id), c.sent.name, c.sent.body, c.status,
                          c.sent.email};
    landed.lost += r == expected ? 0 : 1;
    EXPECT_EQ(r, expected) << "comment " << c.id
                           << ": article, name, body, the status it was acknowledged with, email";
  }
  for (const auto& [id, r] : comments) {
    auto sent = ledger.sent_comments.find(r[4]);
    if (sent == ledger.sent_comments.end()) {
      ADD_FAILURE() << "comment " << id << " from " << r[4] << " was never sent";
      continue;
    }
    EXPECT_EQ(r[0], std::to_string(sent->second.article_id)) << "comment " << id;
    EXPECT_EQ(r[1], sent->second.name) << "comment " << id << " is not whole";
    EXPECT_EQ(r[2], sent->second.body) << "comment " << id << " is not whole";
    EXPECT_TRUE(r[3] == "published" || r[3] == "pending" || r[3] == "rejected") << r[3];
  }

  std::map<int64_t, Row> articles;  // id -> headline, lead, body, status, body_html
  for (Row& r : db.Query("SELECT id, headline, lead, body, status, body_html FROM articles "
                         "WHERE headline LIKE 'Crash round %'")) {
    articles[std::stoll(r[0])] = {r[1], r[2], r[3], r[4], r[5]};
  }
  landed.articles = static_cast<int>(articles.size());
  ids.clear();
  for (const AckedArticle& a : ledger.articles) {
    EXPECT_TRUE(ids.insert(a.id).second) << "two articles acknowledged with id " << a.id;
    auto it = articles.find(a.id);
    if (it == articles.end()) {
      ++landed.lost;
      ADD_FAILURE() << "LOST: article " << a.id << " (round " << a.round
                    << ") was acknowledged but is not in the database";
      continue;
    }
    const Row& r = it->second;
    const bool same = r[0] == a.sent.headline && r[1] == a.sent.lead && r[2] == a.sent.body &&
                      (!a.publish_acked || r[3] == "published");
    landed.lost += same ? 0 : 1;
    EXPECT_EQ(r[0], a.sent.headline) << "article " << a.id;
    EXPECT_EQ(r[1], a.sent.lead) << "article " << a.id;
    EXPECT_EQ(r[2], a.sent.body) << "article " << a.id;
    if (a.publish_acked) {
      EXPECT_EQ(r[3], "published")
          << "LOST: article " << a.id << " (round " << a.round << "): its publish was acknowledged";
    }
  }
  for (const auto& [id, r] : articles) {
    auto sent = ledger.sent_articles.find(r[0]);
    if (sent == ledger.sent_articles.end()) {
      ADD_FAILURE() << "article " << id << " '" << r[0] << "' was never sent";
      continue;
    }
    EXPECT_EQ(r[1], sent->second.lead) << "article " << id << " is not whole";
    EXPECT_EQ(r[2], sent->second.body) << "article " << id << " is not whole";
    EXPECT_NE(r[4].find("<em>emphasis</em>"), std::string::npos) << "article " << id;
    EXPECT_TRUE(r[3] == "draft" || r[3] == "published") << "article " << id << ": " << r[3];
  }
  return landed;
}

// The restarted server answers for this round's acknowledged writes.
void CheckThroughApi(int port, const std::string& token, Ledger& ledger, int round) {
  std::vector<AckedComment> comments;
  std::vector<AckedArticle> articles;
  {
    std::lock_guard lock(ledger.mu);
    for (const AckedComment& c : ledger.comments)
      if (c.round == round) comments.push_back(c);
    for (const AckedArticle& a : ledger.articles)
      if (a.round == round) articles.push_back(a);
  }
  for (const AckedComment& c : comments) {
    HttpResponse r = FetchApi(port, "GET", "/api/v1/comments/" + std::to_string(c.id), token);
    ASSERT_EQ(r.status, 200) << "comment " << c.id << ": " << r.body;
    json j = json::parse(r.body, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << r.body;
    EXPECT_EQ(j.value("status", ""), c.status) << "comment " << c.id;
    EXPECT_EQ(j.value("body", ""), c.sent.body) << "comment " << c.id;
    EXPECT_EQ(j.value("article_id", int64_t{0}), c.sent.article_id) << "comment " << c.id;
  }
  for (const AckedArticle& a : articles) {
    HttpResponse r = FetchApi(port, "GET", "/api/v1/articles/" + std::to_string(a.id), token);
    ASSERT_EQ(r.status, 200) << "article " << a.id << ": " << r.body;
    json j = json::parse(r.body, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << r.body;
    EXPECT_EQ(j.value("headline", ""), a.sent.headline) << "article " << a.id;
    EXPECT_EQ(j.value("body", ""), a.sent.body) << "article " << a.id;
    if (a.publish_acked) {
      EXPECT_EQ(j.value("status", ""), "published") << "article " << a.id;
      EXPECT_EQ(Get(port, "/news/" + std::to_string(a.id)).status, 301)
          << "published article " << a.id << " is on the site";
    }
  }
}

TEST(CrashTest, AcknowledgedWritesSurviveRepeatedSigkill) {
  const int rounds = std::max(1, EnvInt("HERALD_TORTURE_ROUNDS", 20));
  std::mt19937_64 rng(Seed());
  // Odd rounds kill within 50-400 ms of the start, mid-burst; even rounds
  // after 1-1.6 s, when the server's once-a-second housekeeping (a WAL
  // checkpoint, Store::Maintain) has run and may be running.
  std::uniform_int_distribution<int> early_ms(50, 400), late_ms(1000, 1600);
  const auto started = Clock::now();

  // `first` owns the data directory (removed with it); the restarts serve
  // it as it is.
  auto first = std::make_unique<HeraldServer>();
  ASSERT_NE(first->port(), 0);
  HeraldServer* server = first.get();
  std::unique_ptr<HeraldServer> restarted;
  const std::string data_dir = first->data_dir();
  const std::string db_path = data_dir + "/herald.db";
  const std::string token = first->CreateToken();
  ASSERT_FALSE(token.empty());

  Ledger ledger;
  std::atomic<int> serial{0};
  int landed_unacked_comments = 0, landed_unacked_articles = 0, lost = 0;
  for (int round = 1; round <= rounds; ++round) {
    const int delay = round % 2 == 1 ? early_ms(rng) : late_ms(rng);
    SCOPED_TRACE("round " + std::to_string(round) + " of " + std::to_string(rounds) +
                 ", kill after " + std::to_string(delay) +
                 " ms, HERALD_CRASH_SEED=" + std::to_string(Seed()));
    const int port = server->port();
    ASSERT_NE(port, 0);
    std::atomic<bool> killed{false};
    std::vector<std::thread> writers;
    for (int w = 0; w < kCommentWriters; ++w) {
      writers.emplace_back(CommentWriter, port, round, w, std::ref(ledger), std::ref(killed),
                           std::ref(serial));
    }
    for (int w = 0; w < kArticleWriters; ++w) {
      writers.emplace_back(ArticleWriter, port, std::cref(token), round, w, std::ref(ledger),
                           std::ref(killed), std::ref(serial));
    }
    std::this_thread::sleep_for(milliseconds(delay));
    killed = true;
    EXPECT_EQ(server->Kill(), 128 + SIGKILL);
    for (std::thread& t : writers) t.join();
    server = nullptr;
    {
      std::lock_guard lock(ledger.mu);
      EXPECT_EQ(ledger.cut_before_kill, 0) << "requests cut while the server was alive";
      EXPECT_TRUE(ledger.refusals.empty())
          << ledger.refusals.size() << " refused, the first: " << ledger.refusals.front();
      ledger.refusals.clear();
      ledger.cut_before_kill = 0;
    }

    {
      Db db(db_path);
      ASSERT_EQ(db.error(), "");
      CheckSound(db);
      Landed landed = CheckWrites(db, ledger);
      lost = landed.lost;
      std::lock_guard lock(ledger.mu);
      landed_unacked_comments = landed.comments - static_cast<int>(ledger.comments.size());
      landed_unacked_articles = landed.articles - static_cast<int>(ledger.articles.size());
    }
    if (::testing::Test::HasFailure()) break;

    restarted = HeraldServer::ServeExisting(data_dir);
    server = restarted.get();
    ASSERT_NE(server->port(), 0) << "the server does not start after the kill";
    CheckThroughApi(server->port(), token, ledger, round);
    if (::testing::Test::HasFailure()) break;
  }
  if (server != nullptr) {
    // The last restart serves and takes writes; a clean stop at the end.
    HttpResponse r = FetchApi(server->port(), "GET", "/api/v1/articles/425881", "");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(server->Stop(), 0);
  }

  std::lock_guard lock(ledger.mu);
  int published = 0;
  for (const AckedArticle& a : ledger.articles) published += a.publish_acked ? 1 : 0;
  const auto seconds =
      std::chrono::duration_cast<std::chrono::duration<double>>(Clock::now() - started).count();
  std::printf(
      "[ crash    ] %d rounds, %zu comments and %zu articles (%d published) acknowledged, lost "
      "%d; in-flight writes found whole after the last kill: %d comments, %d articles; seed "
      "%llu; %.1f s\n",
      rounds, ledger.comments.size(), ledger.articles.size(), published, lost,
      landed_unacked_comments, landed_unacked_articles, static_cast<unsigned long long>(Seed()),
      seconds);
  RecordProperty("rounds", rounds);
  RecordProperty("acknowledged_comments", static_cast<int>(ledger.comments.size()));
  RecordProperty("acknowledged_articles", static_cast<int>(ledger.articles.size()));
  EXPECT_GT(ledger.comments.size(), 0u) << "no comment was acknowledged: the test tested nothing";
  EXPECT_GT(ledger.articles.size(), 0u) << "no article was acknowledged: the test tested nothing";
}

// --- Kills during start-up ----------------------------------------------------

// Starts build/herald with `args`, its output discarded.
pid_t Spawn(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(HERALD_BINARY));
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    int null = ::open("/dev/null", O_RDWR);
    ::dup2(null, 0);
    ::dup2(null, 1);
    ::dup2(null, 2);
    ::execv(HERALD_BINARY, argv.data());
    ::_exit(127);
  }
  return pid;
}

// SIGKILLs `pid` after `delay` unless it ended by itself; returns its exit
// code, or -1 if it was killed.
int KillAfter(pid_t pid, std::chrono::microseconds delay) {
  std::this_thread::sleep_for(delay);
  int status = 0;
  if (::waitpid(pid, &status, WNOHANG) == 0) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
  }
  if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Waits until `path` exists (or `pid` ends), then KillAfter.
int KillAfterFileAppears(pid_t pid, const std::string& path, std::chrono::microseconds delay) {
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (!std::filesystem::exists(path) && Clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) {
      ADD_FAILURE() << "herald ended before creating " << path;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::microseconds(50));
  }
  return KillAfter(pid, delay);
}

// The database under `dir`, if any, opens and is sound. Returns what the
// kill left, "-" for no file or "vN:A" for schema version N and A articles.
std::string CheckSoundIfThere(const std::string& dir) {
  const std::string path = dir + "/herald.db";
  if (!std::filesystem::exists(path)) return "-";
  Db db(path);
  EXPECT_EQ(db.error(), "");
  if (!db.error().empty()) return "?";
  CheckSound(db);
  std::vector<Row> version = db.Query("PRAGMA user_version");
  std::vector<Row> articles;
  if (!db.Query("SELECT 1 FROM sqlite_master WHERE name = 'articles'").empty()) {
    articles = db.Query("SELECT count(*) FROM articles");
  }
  return "v" + (version.empty() ? "?" : version[0][0]) + ":" +
         (articles.empty() ? "0" : articles[0][0]);
}

std::map<std::string, std::string> Counts(const std::string& dir) {
  Db db(dir + "/herald.db");
  EXPECT_EQ(db.error(), "");
  std::map<std::string, std::string> counts;
  for (const char* table : {"articles", "sections", "article_tags", "article_search"}) {
    std::vector<Row> rows = db.Query(std::string("SELECT count(*) FROM ") + table);
    counts[table] = rows.empty() ? "?" : rows[0][0];
  }
  counts["user_version"] = db.Query("PRAGMA user_version")[0][0];
  return counts;
}

TEST(CrashTest, KillsDuringStartupLeaveASoundDatabase) {
  std::mt19937_64 rng(Seed() + 1);
  const std::string reference = ReferenceArticlePath();

  // How long a whole demo load takes here, and what it makes.
  TempDir clean;
  auto t0 = Clock::now();
  CommandResult load =
      RunHerald({"demo", "load", "--data", clean.path(), "--reference", reference});
  ASSERT_EQ(load.exit_code, 0) << load.err;
  const auto demo_us =
      std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0).count();
  const auto expected = Counts(clean.path());

  // `demo load` killed at random points, again and again on one directory
  // (the first time while it creates and migrates the file), then run to
  // the end: the same site as a clean load.
  TempDir dir;
  int killed = 0;
  std::string left;  // what each kill left, for the summary
  for (int i = 0; i < 8; ++i) {
    const auto delay = i == 0 ? std::uniform_int_distribution<int64_t>(0, kMigrationUs)(rng)
                              : std::uniform_int_distribution<int64_t>(1000, demo_us)(rng);
    SCOPED_TRACE("demo load killed after " + std::to_string(delay) + " us");
    int code = KillAfterFileAppears(
        Spawn({"demo", "load", "--data", dir.path(), "--reference", reference}),
        dir.path() + "/herald.db", std::chrono::microseconds(delay));
    EXPECT_TRUE(code == -1 || code == 0) << "demo load after a kill exited with " << code;
    killed += code == -1 ? 1 : 0;
    left += " " + CheckSoundIfThere(dir.path());
  }
  left += " |";
  load = RunHerald({"demo", "load", "--data", dir.path(), "--reference", reference});
  ASSERT_EQ(load.exit_code, 0) << load.err;
  CheckSoundIfThere(dir.path());
  EXPECT_EQ(Counts(dir.path()), expected) << "a demo load after kills makes the same site";

  // `serve` killed while it opens the database and loads its models.
  auto t1 = Clock::now();
  auto probe = HeraldServer::ServeExisting(dir.path());
  ASSERT_NE(probe->port(), 0);
  const auto serve_us =
      std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t1).count();
  // A request first: a SIGTERM in the instant after "listening" would find
  // no handler yet (server.cc installs it after announcing the port).
  EXPECT_EQ(Get(probe->port(), "/healthz").status, 200);
  EXPECT_EQ(probe->Stop(), 0);
  const std::vector<std::string> serve = {"serve",     "--port",    "0", "--address",
                                          "127.0.0.1", "--threads", "2", "--data"};
  for (int i = 0; i < 4; ++i) {
    const auto delay = std::uniform_int_distribution<int64_t>(1000, serve_us)(rng);
    SCOPED_TRACE("serve killed after " + std::to_string(delay) + " us");
    std::vector<std::string> args = serve;
    args.push_back(dir.path());
    int code = KillAfter(Spawn(args), std::chrono::microseconds(delay));
    EXPECT_EQ(code, -1) << "serve ended by itself";
    killed += code == -1 ? 1 : 0;
    left += " " + CheckSoundIfThere(dir.path());
  }
  left += " |";

  // `serve` on empty directories, killed while it creates the file and runs
  // the migrations; each directory then takes the demo.
  for (int i = 0; i < 6; ++i) {
    TempDir empty;
    const auto delay = std::uniform_int_distribution<int64_t>(0, kMigrationUs)(rng);
    SCOPED_TRACE("serve on an empty directory killed " + std::to_string(delay) +
                 " us after herald.db appeared");
    std::vector<std::string> args = serve;
    args.push_back(empty.path());
    int code = KillAfterFileAppears(Spawn(args), empty.path() + "/herald.db",
                                    std::chrono::microseconds(delay));
    EXPECT_EQ(code, -1) << "serve ended by itself";
    killed += code == -1 ? 1 : 0;
    left += " " + CheckSoundIfThere(empty.path());
    load = RunHerald({"demo", "load", "--data", empty.path(), "--reference", reference});
    ASSERT_EQ(load.exit_code, 0) << load.err;
    CheckSoundIfThere(empty.path());
    EXPECT_EQ(Counts(empty.path()), expected);
  }

  auto server = HeraldServer::ServeExisting(dir.path());
  ASSERT_NE(server->port(), 0);
  EXPECT_EQ(Get(server->port(), "/news/425881").status, 301);
  EXPECT_EQ(server->Stop(), 0);
  std::printf(
      "[ crash    ] start-up: %d kills (demo load %.0f ms, serve start %.0f ms in full); "
      "left (schema version:articles):%s all sound\n",
      killed, demo_us / 1000.0, serve_us / 1000.0, left.c_str());
}

}  // namespace
}  // namespace herald::testing
