#include "comments/rate_limiter.h"

#include <gtest/gtest.h>

namespace herald {
namespace {

TEST(RateLimiterTest, AllowsUpToTheLimitPerWindowThenSaysWhenToRetry) {
  RateLimiter limiter;
  EXPECT_EQ(limiter.Acquire("ip", 3, 60, 1000), 0);
  EXPECT_EQ(limiter.Acquire("ip", 3, 60, 1010), 0);
  EXPECT_EQ(limiter.Acquire("ip", 3, 60, 1020), 0);
  EXPECT_EQ(limiter.Acquire("ip", 3, 60, 1030), 30);  // The first leaves the window at 1060.
  EXPECT_EQ(limiter.Acquire("other", 3, 60, 1030), 0);
  EXPECT_EQ(limiter.Acquire("ip", 3, 60, 1060), 0);
}

TEST(RateLimiterTest, RefusedAttemptsDoNotExtendTheWait) {
  RateLimiter limiter;
  EXPECT_EQ(limiter.Acquire("ip", 1, 10, 0), 0);
  for (int t = 1; t < 10; ++t) EXPECT_GT(limiter.Acquire("ip", 1, 10, t), 0);
  EXPECT_EQ(limiter.Acquire("ip", 1, 10, 10), 0);
}

TEST(RateLimiterTest, ForgetsIdleKeys) {
  RateLimiter limiter;
  for (int i = 0; i < 1000; ++i) limiter.Acquire("ip" + std::to_string(i), 1, 60, 0);
  EXPECT_EQ(limiter.Acquire("ip1", 1, 60, 1000), 0);  // Long after: pruned and allowed.
}

}  // namespace
}  // namespace herald
