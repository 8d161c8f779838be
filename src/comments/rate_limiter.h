// RateLimiter: counts events per key in a sliding window, in memory.
//
// One per process; several nodes each count their own share (see
// docs/OPERATIONS.md). Thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace herald {

class RateLimiter {
 public:
  // Records an event for `key` at `now` and returns 0 if fewer than `limit`
  // events were recorded in the `window` seconds before it; otherwise
  // records nothing and returns the seconds until the next event would be
  // allowed (at least 1).
  int64_t Acquire(const std::string& key, int limit, int64_t window, int64_t now);

 private:
  void Prune(int64_t now);

  std::mutex mu_;
  std::unordered_map<std::string, std::deque<int64_t>> events_;  // Guarded by mu_.
  int64_t last_prune_ = 0;
  int64_t longest_window_ = 0;
};

}  // namespace herald
