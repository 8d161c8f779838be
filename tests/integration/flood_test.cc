// A comment flood through the real server: client threads post comments
// as fast as the server takes them, each from its own forwarded address
// and email and with its own text, while a reader keeps fetching the front
// page and the article being commented on. Every page must be answered,
// and afterwards every comment the server acknowledged (201 with an id)
// must be in the database file with exactly what was sent.
//
// Size: HERALD_FLOOD_COMMENTS (default 3,000; `make torture` sends
// 100,000). Throughput and the reader's latency are printed, never
// asserted.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/herald_process.h"
#include "support/http_client.h"
#include "support/latency.h"
#include "support/sqlite_db.h"

namespace herald::testing {
namespace {

using nlohmann::json;

constexpr const char* kArticle = "425881";
constexpr int kWriters = 6;

int FloodSize() {
  const char* v = std::getenv("HERALD_FLOOD_COMMENTS");
  if (v == nullptr || *v == '\0') return 3000;
  return std::max(1, std::atoi(v));
}

// One address per comment, from 10.0.0.1 up: no per-address limit is hit.
std::string AddressFor(int n) {
  return "10." + std::to_string((n >> 16) & 255) + "." + std::to_string((n >> 8) & 255) + "." +
         std::to_string(n & 255);
}

struct Sent {
  std::string name, email, body;
};

// What the writers were told, under `mu`.
struct Ledger {
  std::mutex mu;
  std::map<int64_t, std::pair<Sent, std::string>> acked;  // id -> what was sent, status
  std::map<int, int> refused;                             // status -> count
  std::vector<std::string> examples;                      // a few refusals, for the log
};

void Writer(int port, int total, std::atomic<int>& serial, Ledger& ledger) {
  const std::string target = std::string("/api/v1/articles/") + kArticle + "/comments";
  while (true) {
    const int n = ++serial;
    if (n > total) return;
    Sent c{"Flood " + std::to_string(n), "flood" + std::to_string(n) + "@example.org",
           "Thank you for this clear report on the talks in Tehran and Moscow. I hope the "
           "ceasefire in Aleppo holds and that the families can go home safely soon (flood " +
               std::to_string(n) + ")."};
    json payload = {{"name", c.name}, {"email", c.email}, {"body", c.body}};
    HttpResponse r =
        Fetch(port, {"POST",
                     target,
                     {{"Content-Type", "application/json"}, {"X-Forwarded-For", AddressFor(n)}},
                     payload.dump()});
    json j = json::parse(r.body, nullptr, false);
    std::lock_guard lock(ledger.mu);
    if (r.status == 201 && !j.is_discarded() && j.contains("id") && j["id"].is_number_integer()) {
      ledger.acked[j["id"].get<int64_t>()] = {std::move(c), j.value("status", "")};
      continue;
    }
    ++ledger.refused[r.status];
    if (ledger.examples.size() < 5) {
      ledger.examples.push_back(std::to_string(r.status) + ": " + r.body.substr(0, 200));
    }
  }
}

TEST(FloodTest, EveryAcknowledgedCommentIsStoredAndPagesKeepBeingServed) {
  const int total = FloodSize();
  HeraldServer server;
  const int port = server.port();
  ASSERT_NE(port, 0);
  HttpResponse moved = Get(port, std::string("/news/") + kArticle);
  ASSERT_EQ(moved.status, 301);
  const std::string article = moved.Header("location");

  Ledger ledger;
  std::atomic<int> serial{0};
  std::atomic<bool> done{false};
  std::vector<double> latencies_ms;
  int reader_failures = 0;
  std::thread reader([&] {
    for (int i = 0; !done.load(); ++i) {
      const std::string page = i % 2 == 0 ? std::string("/en/") : article;
      const auto start = Clock::now();
      HttpResponse r = Get(port, page);
      latencies_ms.push_back(Seconds(Clock::now() - start) * 1000);
      if (r.status != 200 || r.body.find("</html>") == std::string::npos) {
        ++reader_failures;
        ADD_FAILURE() << page << " answered " << r.status << " during the flood";
      }
    }
  });

  const auto start = Clock::now();
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&] { Writer(port, total, serial, ledger); });
  }
  for (std::thread& t : writers) t.join();
  const double elapsed = Seconds(Clock::now() - start);
  done = true;
  reader.join();
  ASSERT_EQ(server.Stop(), 0) << "the server did not stop cleanly";

  // Read back what the file holds.
  Db db(server.data_dir() + "/herald.db");
  ASSERT_EQ(db.error(), "");
  std::map<int64_t, Row> stored;  // id -> name, email, body, status, article
  for (Row& r : db.Query("SELECT c.id, c.name, m.email, c.body, c.status, c.article_id "
                         "FROM comments c JOIN commenters m ON m.id = c.commenter_id "
                         "WHERE c.name LIKE 'Flood %'")) {
    stored[std::stoll(r[0])] = {r[1], r[2], r[3], r[4], r[5]};
  }
  int found = 0, lost = 0;
  for (const auto& [id, acked] : ledger.acked) {
    const auto& [sent, status] = acked;
    auto it = stored.find(id);
    const Row expected = {sent.name, sent.email, sent.body, status, kArticle};
    if (it != stored.end() && it->second == expected) {
      ++found;
      continue;
    }
    ++lost;
    if (lost <= 10) {
      ADD_FAILURE() << "LOST: comment " << id << " (" << sent.name << ") was acknowledged but "
                    << (it == stored.end() ? "is not in the database" : "is not as sent");
    }
  }
  int refused = 0;
  for (const auto& [status, count] : ledger.refused) refused += count;
  const int unacknowledged_stored = static_cast<int>(stored.size()) - found;

  std::printf(
      "[ flood    ] %d comments from %d addresses by %d writers in %.1f s: %.0f a second\n"
      "[ flood    ] acknowledged %zu, found %d, lost %d, refused %d, stored without an "
      "acknowledgement %d\n"
      "[ flood    ] reader: %zu pages (front and article), p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
      total, total, kWriters, elapsed, static_cast<double>(ledger.acked.size()) / elapsed,
      ledger.acked.size(), found, lost, refused, unacknowledged_stored, latencies_ms.size(),
      Percentile(latencies_ms, 0.5), Percentile(latencies_ms, 0.99), Percentile(latencies_ms, 1.0));
  for (const std::string& e : ledger.examples) std::printf("[ flood    ] refused %s\n", e.c_str());

  EXPECT_EQ(lost, 0);
  EXPECT_EQ(reader_failures, 0);
  EXPECT_FALSE(latencies_ms.empty());
  // Each comment is civil, unique and from its own address and email: the
  // server must take them all, not shed any as busy or limited.
  EXPECT_EQ(refused, 0);
  EXPECT_EQ(static_cast<int>(ledger.acked.size()), total);
  EXPECT_EQ(unacknowledged_stored, 0) << "comments stored whose answer never came";
}

}  // namespace
}  // namespace herald::testing
