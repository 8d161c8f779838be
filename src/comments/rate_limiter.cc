#include "comments/rate_limiter.h"

#include <algorithm>

namespace herald {

int64_t RateLimiter::Acquire(const std::string& key, int limit, int64_t window, int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  longest_window_ = std::max(longest_window_, window);
  if (now - last_prune_ >= 60) Prune(now);
  std::deque<int64_t>& times = events_[key];
  while (!times.empty() && times.front() <= now - window) times.pop_front();
  if (static_cast<int>(times.size()) >= std::max(limit, 0)) {
    return times.empty() ? window : std::max<int64_t>(1, times.front() + window - now);
  }
  times.push_back(now);
  return 0;
}

void RateLimiter::Prune(int64_t now) {
  // Forget keys with no event in any window, so memory follows the number
  // of recent commenters, not of all commenters ever.
  for (auto it = events_.begin(); it != events_.end();) {
    if (it->second.empty() || it->second.back() <= now - longest_window_) {
      it = events_.erase(it);
    } else {
      ++it;
    }
  }
  last_prune_ = now;
}

}  // namespace herald
