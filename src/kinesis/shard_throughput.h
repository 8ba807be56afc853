// Per-shard provisioned throughput, enforced as Kinesis does for streams that opt into it:
// writes 1,000 records/s and 1 MiB/s, reads 5 GetRecords calls/s and 2 MiB/s per shard.
//
// Each limit is a token bucket holding at most one second of its rate. A request that needs more
// than the bucket holds is refused, except that a full bucket always admits one request and goes
// into debt: so a record larger than one second of bytes (up to 10 MiB) still gets in, and a
// 10 MiB GetRecords response blocks the shard's reads until the debt is repaid at 2 MiB/s
// (four to five seconds, AWS documents five). Times are monotonic milliseconds supplied by the
// caller. Not thread-safe: one instance per shard, guarded by its owner.
#pragma once

#include <cstdint>
#include <string_view>

#include "kinesis/errors.h"

namespace millrace::kinesis {

struct ThroughputLimits {
  int64_t write_records_per_second = 1'000;
  int64_t write_bytes_per_second = 1 << 20;
  int64_t read_calls_per_second = 5;
  int64_t read_bytes_per_second = 2 << 20;
};

// A token bucket refilled continuously at `rate_per_second`, holding at most one second's worth.
class TokenBucket {
 public:
  // Starts full at `now_ms`. REQUIRES: rate_per_second >= 1.
  TokenBucket(int64_t rate_per_second, int64_t now_ms);

  // Takes `amount` if the bucket holds that much, or if it is full (then it goes into debt).
  // Returns whether it took it.
  bool TryTake(int64_t amount, int64_t now_ms);
  // Takes `amount` unconditionally, going into debt if need be.
  void Take(int64_t amount, int64_t now_ms);
  // True when the bucket is not in debt.
  bool HasCredit(int64_t now_ms);
  // Whole tokens available now (negative while in debt).
  int64_t Available(int64_t now_ms);

 private:
  void Refill(int64_t now_ms);

  int64_t rate_;         // tokens per second == milli-tokens per millisecond
  int64_t capacity_;     // in milli-tokens: one second of rate
  int64_t level_milli_;  // may be negative (debt)
  int64_t last_ms_;
};

// The write side of one shard: PutRecord and each PutRecords entry.
class ShardWriteThrottle {
 public:
  ShardWriteThrottle(const ThroughputLimits& limits, int64_t now_ms);
  // Admits one record of `bytes` (data plus partition key), taking from both buckets, or
  // neither.
  bool TryWrite(int64_t bytes, int64_t now_ms);

 private:
  TokenBucket records_;
  TokenBucket bytes_;
};

// The read side of one shard: GetRecords calls.
class ShardReadThrottle {
 public:
  ShardReadThrottle(const ThroughputLimits& limits, int64_t now_ms);
  // Admits one GetRecords call if the shard has a call to spare and its bytes are not in debt.
  bool TryStartRead(int64_t now_ms);
  // Charges the bytes the admitted call returned (possibly into debt).
  void FinishRead(int64_t bytes, int64_t now_ms);

 private:
  TokenBucket calls_;
  TokenBucket bytes_;
};

// ProvisionedThroughputExceededException "Rate exceeded for shard <id> in stream <s> under
// account <a>."; PutRecords puts the same name and message on the refused entry.
KinesisStatus RateExceeded(int32_t shard_index, std::string_view stream_name,
                           std::string_view account_id);

}  // namespace millrace::kinesis
