// App: Herald's request handling, from a Request to a Response.
//
// App owns no sockets; server.cc feeds it. It routes public pages
// (site_handlers.cc), the JSON API (api_handlers.cc) and operational
// endpoints (/healthz, /metrics). Handle() is thread-safe and never throws:
// a failure inside a handler becomes a 500 page and a log line.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "comments/comment_service.h"
#include "config/config.h"
#include "store/store.h"
#include "web/handlers.h"
#include "web/http.h"
#include "web/page_cache.h"

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
  // Public pages come from the page cache when it holds them; every GET
  // answer carries validators (ETag, and Last-Modified for pages) and may
  // be a 304, and text is compressed when the client accepts it. After a
  // request that may have written, the change log is read and the pages it
  // changed are dropped before the answer goes out, so the client's next
  // request sees its change.
  Response Handle(const Request& request);

  // Answers a GET or HEAD of `target` (the request-target as received) from
  // the page cache, or returns nullopt when the cache does not hold it. The
  // server tries this before it parses the rest of the request: a hit needs
  // only these headers.
  std::optional<Response> AnswerFromCache(const std::string& target,
                                          const ConditionalHeaders& conditions);

  // Reads the store's change log and drops the pages it names. Runs after
  // every write request and once a second (Tick), which is how changes made
  // by other processes or nodes reach this one's cache.
  void SyncChanges(int64_t now);

  // Publishes scheduled articles that are due at `now`. Returns how many it
  // published.
  int PublishDue(int64_t now);

  // The server's once-a-second work: store housekeeping, PublishDue, then
  // SyncChanges.
  int Tick(int64_t now);

  const Config& config() const { return config_; }
  Metrics& metrics() { return metrics_; }
  PageCache& page_cache() { return cache_; }

 private:
  Response Route(const Request& request, int64_t now);
  // Answers a GET from a page: 304, or the body in the best encoding.
  static Response FromPage(const CachedPage& page, const ConditionalHeaders& conditions);
  // Adds validators and compression to a response that is not kept.
  Response Finish(const Request& request, Response response, int64_t last_modified);
  static DeskKeys LoadDeskKeys(Store& store);
  Response Healthz();
  Response MetricsPage();

  Config config_;
  Store& store_;
  CommentService* comments_;
  Metrics metrics_;
  DeskKeys keys_;
  PageCache cache_;
  std::mutex sync_mutex_;   // One reader of the change log at a time.
  int64_t change_seq_ = 0;  // The last change applied to cache_; under sync_mutex_.
};

}  // namespace herald
