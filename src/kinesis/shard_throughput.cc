#include "kinesis/shard_throughput.h"

#include <algorithm>
#include <string>

#include "kinesis/shard_id.h"

namespace millrace::kinesis {

TokenBucket::TokenBucket(int64_t rate_per_second, int64_t now_ms)
    : rate_(rate_per_second),
      capacity_(rate_per_second * 1000),
      level_milli_(capacity_),
      last_ms_(now_ms) {}

void TokenBucket::Refill(int64_t now_ms) {
  if (now_ms <= last_ms_) return;  // a clock that stands still (or steps back) adds nothing
  // Past the time to fill from empty (plus any debt) the bucket is full; clamping the elapsed
  // time keeps the product far from overflow.
  int64_t to_full_ms = (capacity_ - level_milli_) / rate_ + 1;
  int64_t elapsed = std::min(now_ms - last_ms_, to_full_ms);
  level_milli_ = std::min(capacity_, level_milli_ + rate_ * elapsed);
  last_ms_ = now_ms;
}

bool TokenBucket::TryTake(int64_t amount, int64_t now_ms) {
  Refill(now_ms);
  int64_t need = amount * 1000;
  if (level_milli_ < need && level_milli_ < capacity_) return false;
  level_milli_ -= need;
  return true;
}

void TokenBucket::Take(int64_t amount, int64_t now_ms) {
  Refill(now_ms);
  level_milli_ -= amount * 1000;
}

bool TokenBucket::HasCredit(int64_t now_ms) {
  Refill(now_ms);
  return level_milli_ > 0;
}

int64_t TokenBucket::Available(int64_t now_ms) {
  Refill(now_ms);
  return level_milli_ >= 0 ? level_milli_ / 1000 : -((-level_milli_ + 999) / 1000);
}

ShardWriteThrottle::ShardWriteThrottle(const ThroughputLimits& limits, int64_t now_ms)
    : records_(limits.write_records_per_second, now_ms),
      bytes_(limits.write_bytes_per_second, now_ms) {}

bool ShardWriteThrottle::TryWrite(int64_t bytes, int64_t now_ms) {
  // Check the record count first without taking, so a refusal by bytes leaves it untouched.
  if (records_.Available(now_ms) < 1) return false;
  if (!bytes_.TryTake(bytes, now_ms)) return false;
  records_.Take(1, now_ms);
  return true;
}

ShardReadThrottle::ShardReadThrottle(const ThroughputLimits& limits, int64_t now_ms)
    : calls_(limits.read_calls_per_second, now_ms), bytes_(limits.read_bytes_per_second, now_ms) {}

bool ShardReadThrottle::TryStartRead(int64_t now_ms) {
  if (!bytes_.HasCredit(now_ms)) return false;
  return calls_.TryTake(1, now_ms);
}

void ShardReadThrottle::FinishRead(int64_t bytes, int64_t now_ms) {
  bytes_.Take(bytes, now_ms);
}

KinesisStatus RateExceeded(int32_t shard_index, std::string_view stream_name,
                           std::string_view account_id) {
  return KinesisStatus(Errc::kProvisionedThroughputExceeded,
                       "Rate exceeded for shard " + FormatShardId(shard_index) + " in stream " +
                           std::string(stream_name) + " under account " + std::string(account_id) +
                           ".");
}

}  // namespace millrace::kinesis
