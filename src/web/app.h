// App: Herald's request handling, from a Request to a Response.
//
// App owns no sockets; server.cc feeds it. It routes public pages
// (site_handlers.cc), the JSON API (api_handlers.cc) and operational
// endpoints (/healthz, /metrics). Handle() is thread-safe and never throws:
// a failure inside a handler becomes a 500 page and a log line.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "comments/comment_service.h"
#include "config/config.h"
#include "store/store.h"
#include "web/http.h"

namespace herald {

// Request counters exported at /metrics. Lock-free.
struct Metrics {
  std::atomic<uint64_t> requests[6] = {};  // By status class: [1]=1xx ... [5]=5xx.
  std::atomic<uint64_t> request_micros{0};
  std::atomic<uint64_t> articles_published_by_schedule{0};
  int64_t started_at = 0;

  void Record(int status, uint64_t micros);
};

class App {
 public:
  // `store` and `comments` must outlive the App. Without a comment service
  // the article pages show comments closed and the comment API answers 503.
  App(Config config, Store& store, CommentService* comments = nullptr);

  // Answers one request. HEAD is answered as GET; the adapter drops the body.
  Response Handle(const Request& request);

  // Publishes scheduled articles that are due at `now`. Returns how many it
  // published.
  int PublishDue(int64_t now);

  // The server's once-a-second work: store housekeeping, then PublishDue.
  int Tick(int64_t now);

  const Config& config() const { return config_; }
  Metrics& metrics() { return metrics_; }

 private:
  Response Route(const Request& request, int64_t now);
  Response Healthz();
  Response MetricsPage();

  Config config_;
  Store& store_;
  CommentService* comments_;
  Metrics metrics_;
};

}  // namespace herald
