// Shard iterators: opaque, tamper-evident tokens naming a read position in one shard.
//
// A token is base64 of a small big-endian record (version, stream name, stream epoch, shard
// index, next offset, creation time) followed by HMAC-SHA256 of that record under a per-server
// secret key (format in docs/kinesis.md). Without the key a client can neither forge a token
// nor change any bit of one unnoticed; a token older than five minutes is refused as expired.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"
#include "kinesis/errors.h"

namespace millrace::kinesis {

// Where GetRecords continues, and when the iterator was issued.
struct ShardIteratorPosition {
  std::string stream_name;    // 1..128 bytes
  uint64_t stream_epoch = 0;  // the stream's creation time in seconds, as in sequence numbers
  int32_t shard_index = 0;
  int64_t next_offset = 0;  // log offset of the next record to return
  int64_t created_ms = 0;   // wall-clock milliseconds since the Unix epoch at issue

  bool operator==(const ShardIteratorPosition&) const = default;
};

// Encodes and checks iterator tokens under one secret key. Immutable after construction, so one
// instance may be shared by every thread.
class ShardIteratorCodec {
 public:
  static constexpr size_t kKeySize = 32;
  static constexpr int64_t kLifetimeMs = 300'000;  // iterators expire after 5 minutes
  static constexpr size_t kMaxTokenSize = 512;     // the model's limit on ShardIterator

  // REQUIRES: key.size() == kKeySize. The key is copied.
  explicit ShardIteratorCodec(std::string_view key);

  // A codec with a fresh random key from the OS entropy source (iterators then do not survive a
  // restart, which clients handle by asking for a new one). Fails only if no entropy is available.
  static Result<ShardIteratorCodec> WithRandomKey();

  // The token for `position`; at most 256 characters.
  // REQUIRES: 1 <= stream_name.size() <= 128, shard_index >= 0, next_offset >= 0.
  std::string Encode(const ShardIteratorPosition& position) const;

  // The position `token` carries, checked against the key and against the clock at `now_ms`.
  //   InvalidArgumentException "Invalid ShardIterator."  malformed, tampered or foreign token
  //   ExpiredIteratorException                            issued more than 5 minutes before now
  KinesisResult<ShardIteratorPosition> Decode(std::string_view token, int64_t now_ms) const;

 private:
  std::string key_;
};

// Java's Date.toString() in UTC, as AWS prints times in iterator errors:
// "Thu Jan 22 01:22:02 UTC 2015".
std::string FormatAmzUtcTime(int64_t epoch_ms);

}  // namespace millrace::kinesis
