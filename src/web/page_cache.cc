#include "web/page_cache.h"

#include <algorithm>

namespace herald {

CachedPage::CachedPage(Response response, int64_t last_modified, int64_t stored_at,
                       std::atomic<size_t>* account)
    : status_(response.status),
      content_type_(std::move(response.content_type)),
      tags_(std::move(response.cache_tags)),
      etag_(EntityTag(response.body)),
      last_modified_(last_modified),
      stored_at_(stored_at),
      compressible_(IsCompressible(content_type_) && response.body.size() >= kMinCompressBytes),
      identity_(std::make_shared<const std::string>(std::move(response.body))),
      account_(account) {
  HeaderList headers = std::move(response.headers);
  headers.emplace_back("ETag", etag_);
  headers.emplace_back("Last-Modified", HttpDate(last_modified_));
  if (compressible_) headers.emplace_back("Vary", "Accept-Encoding");
  headers_ = std::make_shared<const HeaderList>(std::move(headers));
  bytes_ = identity_->size();
}

std::shared_ptr<const std::string> CachedPage::Body(ContentEncoding encoding,
                                                    ContentEncoding& used) const {
  used = ContentEncoding::kIdentity;
  if (encoding == ContentEncoding::kIdentity || !compressible_) return identity_;
  std::shared_ptr<const std::string>& slot = encoding == ContentEncoding::kGzip ? gzip_ : brotli_;
  {
    std::lock_guard lock(variants_mutex_);
    if (slot) {
      used = encoding;
      return slot;
    }
  }
  // Compressed outside the lock: two first requests may both compress, which
  // is cheaper than making every reader of the page wait on one.
  auto compressed = Compress(*identity_, encoding, CompressionEffort::kOnce);
  if (!compressed) return identity_;
  std::lock_guard lock(variants_mutex_);
  if (!slot) {
    slot = std::make_shared<const std::string>(std::move(*compressed));
    bytes_.fetch_add(slot->size(), std::memory_order_relaxed);
    if (account_ != nullptr) account_->fetch_add(slot->size(), std::memory_order_relaxed);
  }
  used = encoding;
  return slot;
}

PageCache::PageCache(PageCacheOptions options, int64_t started_at)
    : options_(options), cleared_at_(started_at) {}

std::shared_ptr<const CachedPage> PageCache::Find(const std::string& key, int64_t now) {
  if (!options_.store_pages) return nullptr;
  std::shared_lock lock(mutex_);
  auto it = pages_.find(key);
  if (it == pages_.end() || now - it->second.page->stored_at() >= options_.ttl_seconds) {
    return nullptr;
  }
  hits_.fetch_add(1, std::memory_order_relaxed);
  it->second.page->referenced.store(true, std::memory_order_relaxed);
  return it->second.page;
}

int64_t PageCache::LastModifiedLocked(const std::vector<std::string>& tags) const {
  int64_t latest = cleared_at_;
  for (const std::string& tag : tags) {
    auto it = clocks_.find(tag);
    if (it != clocks_.end()) latest = std::max(latest, it->second.changed_at);
  }
  return latest;
}

int64_t PageCache::LastModified(const std::vector<std::string>& tags) const {
  std::shared_lock lock(mutex_);
  return LastModifiedLocked(tags);
}

std::shared_ptr<const CachedPage> PageCache::Store(const std::string& key, Response response,
                                                   uint64_t epoch, int64_t now) {
  // The page (its ETag hashes the whole body) is made outside the exclusive
  // lock, so hits on other pages are not held up by it. A change between
  // here and the insert below fails the freshness check, so the
  // Last-Modified read here is never kept stale.
  const int64_t last_modified = LastModified(response.cache_tags);
  auto page = std::make_shared<const CachedPage>(std::move(response), last_modified, now, &bytes_);
  if (!options_.store_pages) return page;
  misses_.fetch_add(1, std::memory_order_relaxed);

  std::unique_lock lock(mutex_);
  bool fresh = cleared_epoch_ < epoch;
  for (const std::string& tag : page->tags()) {
    auto it = clocks_.find(tag);
    if (it != clocks_.end() && it->second.epoch >= epoch) fresh = false;
  }
  if (!fresh || page->bytes() > options_.max_bytes / 4) return page;

  if (auto old = pages_.find(key); old != pages_.end()) RemoveLocked(old);
  order_.push_back(key);
  pages_.emplace(key, Entry{page, std::prev(order_.end())});
  for (const std::string& tag : page->tags()) keys_by_tag_[tag].insert(key);
  bytes_.fetch_add(page->bytes(), std::memory_order_relaxed);
  stores_.fetch_add(1, std::memory_order_relaxed);
  EvictLocked();
  return page;
}

size_t PageCache::Invalidate(const std::vector<std::string>& tags, int64_t now) {
  std::unique_lock lock(mutex_);
  uint64_t epoch = epoch_.fetch_add(1, std::memory_order_acq_rel);
  size_t dropped = 0;
  for (const std::string& tag : tags) {
    TagClock& clock = clocks_[tag];
    clock.epoch = epoch;
    clock.changed_at = std::max(clock.changed_at, now);
    auto keys = keys_by_tag_.find(tag);
    if (keys == keys_by_tag_.end()) continue;
    // RemoveLocked edits keys_by_tag_, so take the keys out first.
    std::unordered_set<std::string> doomed = std::move(keys->second);
    keys_by_tag_.erase(keys);
    for (const std::string& key : doomed) {
      if (auto it = pages_.find(key); it != pages_.end()) {
        RemoveLocked(it);
        ++dropped;
      }
    }
  }
  invalidated_.fetch_add(dropped, std::memory_order_relaxed);
  return dropped;
}

void PageCache::Clear(int64_t now) {
  std::unique_lock lock(mutex_);
  cleared_epoch_ = epoch_.fetch_add(1, std::memory_order_acq_rel);
  cleared_at_ = std::max(cleared_at_, now);
  for (auto& [tag, clock] : clocks_) clock.changed_at = std::max(clock.changed_at, now);
  invalidated_.fetch_add(pages_.size(), std::memory_order_relaxed);
  pages_.clear();
  order_.clear();
  keys_by_tag_.clear();
  bytes_ = 0;
}

void PageCache::RemoveLocked(std::unordered_map<std::string, Entry>::iterator it) {
  const CachedPage& page = *it->second.page;
  for (const std::string& tag : page.tags()) {
    auto keys = keys_by_tag_.find(tag);
    if (keys == keys_by_tag_.end()) continue;
    keys->second.erase(it->first);
    if (keys->second.empty()) keys_by_tag_.erase(keys);
  }
  bytes_.fetch_sub(std::min(bytes_.load(), page.bytes()), std::memory_order_relaxed);
  order_.erase(it->second.order);
  pages_.erase(it);
}

void PageCache::EvictLocked() {
  // Second chance: a page asked for since the last sweep goes to the back
  // once; the sweep ends after two rounds at most.
  size_t budget = 2 * order_.size();
  while (bytes_.load(std::memory_order_relaxed) > options_.max_bytes && !order_.empty() &&
         budget-- > 0) {
    auto it = pages_.find(order_.front());
    if (it->second.page->referenced.exchange(false, std::memory_order_relaxed)) {
      order_.splice(order_.end(), order_, order_.begin());
      continue;
    }
    RemoveLocked(it);
    evicted_.fetch_add(1, std::memory_order_relaxed);
  }
}

PageCacheStats PageCache::Stats() const {
  std::shared_lock lock(mutex_);
  return PageCacheStats{hits_.load(),    misses_.load(), stores_.load(), invalidated_.load(),
                        evicted_.load(), pages_.size(),  bytes_.load()};
}

}  // namespace herald
