// PageCache: rendered public pages kept in memory, with their validators and
// compressed forms, dropped precisely when what they show changes.
//
// A page enters with the cache tags its handler gave it (web/http.h) and
// leaves when any of those tags is invalidated, when it is older than the
// time to live, or when the cache is over its size and the page was not
// asked for since the last sweep (second-chance eviction).
//
// The cache also keeps a clock per tag, which it keeps even when it stores
// no pages: when each tag last changed. A page's Last-Modified is the latest
// change of its tags, and a render that began before a change of its tags
// is not stored (it may show the old state). Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "web/http.h"
#include "web/http_cache.h"

namespace herald {

// A page as the cache keeps it. Immutable once stored, except for the
// compressed forms, which are made on first demand.
class CachedPage {
 public:
  // `account`, when given, is added the size of every compressed form made
  // (the cache's byte count); it must outlive the page.
  CachedPage(Response response, int64_t last_modified, int64_t stored_at,
             std::atomic<size_t>* account);

  int status() const { return status_; }
  const std::string& content_type() const { return content_type_; }
  // The handler's headers, then ETag, Last-Modified and (for compressible
  // pages) Vary: everything a 200 or 304 of this page sends but
  // Content-Encoding.
  const std::shared_ptr<const HeaderList>& headers() const { return headers_; }
  const std::vector<std::string>& tags() const { return tags_; }
  const std::string& etag() const { return etag_; }
  int64_t last_modified() const { return last_modified_; }
  int64_t stored_at() const { return stored_at_; }
  bool compressible() const { return compressible_; }

  // Returns the body in `encoding`, compressing it the first time a client
  // asks for that encoding. Falls back to identity if compression fails;
  // `used` says which encoding the returned body is in.
  std::shared_ptr<const std::string> Body(ContentEncoding encoding, ContentEncoding& used) const;

  // Bytes held: the body and every compressed form made so far.
  size_t bytes() const { return bytes_.load(std::memory_order_relaxed); }

  // Second-chance flag, set on every hit.
  mutable std::atomic<bool> referenced{false};

 private:
  int status_;
  std::string content_type_;
  std::vector<std::string> tags_;
  std::string etag_;
  int64_t last_modified_;
  int64_t stored_at_;
  bool compressible_;
  std::shared_ptr<const HeaderList> headers_;
  std::shared_ptr<const std::string> identity_;
  mutable std::mutex variants_mutex_;
  mutable std::shared_ptr<const std::string> gzip_;
  mutable std::shared_ptr<const std::string> brotli_;
  mutable std::atomic<size_t> bytes_{0};
  std::atomic<size_t>* account_;
};

struct PageCacheOptions {
  bool store_pages = true;                      // False: validators only, no pages kept.
  size_t max_bytes = size_t{64} * 1024 * 1024;  // Bodies and compressed forms.
  int64_t ttl_seconds = 60;                     // A page is rendered again after this.
};

struct PageCacheStats {
  uint64_t hits = 0;
  uint64_t misses = 0;  // Shareable pages rendered because the cache did not hold them.
  uint64_t stores = 0;
  uint64_t invalidated = 0;  // Pages dropped because a tag changed.
  uint64_t evicted = 0;      // Pages dropped for space or age.
  size_t pages = 0;
  size_t bytes = 0;
};

class PageCache {
 public:
  PageCache(PageCacheOptions options, int64_t started_at);

  PageCache(const PageCache&) = delete;
  PageCache& operator=(const PageCache&) = delete;

  // Returns a counter to read before rendering a page and pass to Store:
  // it orders the render against invalidations.
  uint64_t Epoch() const { return epoch_.load(std::memory_order_acquire); }

  // Returns the page stored under `key` and younger than the time to live
  // at `now`, or null.
  std::shared_ptr<const CachedPage> Find(const std::string& key, int64_t now);

  // Returns the Last-Modified time for a page with `tags`: the latest time
  // any of them changed, or the cache's start when none has.
  int64_t LastModified(const std::vector<std::string>& tags) const;

  // Makes a page of `response` (validators computed once) and stores it
  // under `key`, unless pages are not kept, or one of its tags changed after
  // `epoch` (the render may predate the change). Returns the page either way.
  std::shared_ptr<const CachedPage> Store(const std::string& key, Response response, uint64_t epoch,
                                          int64_t now);

  // Records that everything tagged with any of `tags` changed at `now`, and
  // drops those pages. Returns how many pages were dropped.
  size_t Invalidate(const std::vector<std::string>& tags, int64_t now);

  // Drops every page and treats every tag as changed at `now` (when what
  // changed is unknown, e.g. after missing part of the change log).
  void Clear(int64_t now);

  PageCacheStats Stats() const;

 private:
  struct Entry {
    std::shared_ptr<const CachedPage> page;
    std::list<std::string>::iterator order;  // Position in order_.
  };
  struct TagClock {
    uint64_t epoch = 0;
    int64_t changed_at = 0;
  };

  // Callers hold mutex_ exclusively.
  void RemoveLocked(std::unordered_map<std::string, Entry>::iterator it);
  void EvictLocked();
  int64_t LastModifiedLocked(const std::vector<std::string>& tags) const;

  const PageCacheOptions options_;
  std::atomic<uint64_t> epoch_{1};

  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, Entry> pages_;
  std::list<std::string> order_;  // Keys, oldest stored first.
  std::unordered_map<std::string, std::unordered_set<std::string>> keys_by_tag_;
  std::unordered_map<std::string, TagClock> clocks_;
  uint64_t cleared_epoch_ = 0;
  int64_t cleared_at_;
  std::atomic<size_t> bytes_{0};

  std::atomic<uint64_t> hits_{0};
  std::atomic<uint64_t> misses_{0};
  std::atomic<uint64_t> stores_{0};
  std::atomic<uint64_t> invalidated_{0};
  std::atomic<uint64_t> evicted_{0};
};

}  // namespace herald
