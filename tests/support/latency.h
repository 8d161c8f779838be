// Latency figures the load tests print (never assert on: timings do not go
// in pass/fail tests).
#pragma once

#include <algorithm>
#include <chrono>
#include <vector>

namespace herald::testing {

using Clock = std::chrono::steady_clock;

inline double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// The value at fraction `p` (0..1) of `values` once sorted; 0 when empty.
inline double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  size_t at = static_cast<size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(at, values.size() - 1)];
}

}  // namespace herald::testing
