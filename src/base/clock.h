// Time sources. Wall time for timestamps users see; monotonic time for durations and deadlines.
#pragma once

#include <chrono>
#include <cstdint>

namespace millrace {

// Milliseconds since the Unix epoch (UTC), as Kafka and Kinesis timestamps are.
inline int64_t WallMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Nanoseconds on a clock that never goes backwards; only differences mean anything.
inline int64_t MonotonicNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace millrace
