// Where a new shard iterator starts: GetShardIterator's five iterator types resolved to a log
// offset, with the errors Kinesis gives for inconsistent requests. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "kinesis/errors.h"

namespace millrace::kinesis {

enum class ShardIteratorType : uint8_t {
  kAtSequenceNumber,
  kAfterSequenceNumber,
  kTrimHorizon,
  kLatest,
  kAtTimestamp,
};

std::string_view ShardIteratorTypeName(ShardIteratorType type);
// The type named `text`, or a ValidationException on "shardIteratorType".
KinesisResult<ShardIteratorType> ParseShardIteratorType(std::string_view text);

struct IteratorStartRequest {
  ShardIteratorType type = ShardIteratorType::kLatest;
  std::optional<std::string> starting_sequence_number;
  std::optional<int64_t> timestamp_ms;  // AT_TIMESTAMP
};

// The shard a request names, and what the log holds of it.
struct IteratorTarget {
  std::string_view stream_name;
  std::string_view account_id;
  uint64_t stream_epoch = 0;
  int32_t shard_index = 0;
  int64_t log_start_offset = 0;  // first offset still retained (the trim horizon)
  int64_t log_end_offset = 0;    // one past the last record; a closed shard's ending offset
};

// The first offset whose record arrived at or after `timestamp_ms`, or the log end if none did.
using OffsetForTimestampFn = std::function<int64_t(int64_t timestamp_ms)>;

// The offset an iterator of `request` starts at, always within [log_start_offset,
// log_end_offset]: AT_SEQUENCE_NUMBER the record's offset, AFTER_SEQUENCE_NUMBER the next one,
// TRIM_HORIZON the oldest retained record, LATEST just past the newest (the end of a closed
// shard), AT_TIMESTAMP the first record that arrived at or after the timestamp. A position
// already trimmed moves up to the trim horizon. InvalidArgumentException for a sequence number
// with TRIM_HORIZON or LATEST, none with AT/AFTER_SEQUENCE_NUMBER, no timestamp or one later than
// `now_ms` with AT_TIMESTAMP, and for sequence numbers ResolveSequenceNumber refuses.
KinesisResult<int64_t> ResolveIteratorStart(const IteratorStartRequest& request,
                                            const IteratorTarget& target,
                                            const OffsetForTimestampFn& offset_for_timestamp,
                                            int64_t now_ms);

}  // namespace millrace::kinesis
