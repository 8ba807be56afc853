// Sequence numbers: the decimal strings that name one record of one shard.
//
// millrace's layout (docs/kinesis.md) is 40 decimal digits, fixed width, with no leading zero:
//
//   digit  0       version, always 1
//   digits 1..10   stream epoch: the stream's creation time in seconds since the Unix epoch
//   digits 11..20  shard index (0 .. 2^31-1)
//   digits 21..39  log offset within the shard (0 .. 2^63-1)
//
// so a number decodes back to its exact log position, numbers of one shard compare (as integers
// and as strings) in offset order, and a number from another shard, or from an earlier stream
// of the same name, is recognised as such. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "kinesis/errors.h"

namespace millrace::kinesis {

inline constexpr size_t kSequenceNumberDigits = 40;
inline constexpr uint64_t kMaxStreamEpoch = 9'999'999'999;

// The log position a sequence number names.
struct SequencePosition {
  uint64_t stream_epoch = 0;  // the stream's creation time, seconds since the Unix epoch
  int32_t shard_index = 0;
  int64_t offset = 0;

  bool operator==(const SequencePosition&) const = default;
};

// REQUIRES: stream_epoch <= kMaxStreamEpoch, shard_index >= 0, offset >= 0.
std::string EncodeSequenceNumber(const SequencePosition& position);

// The position `text` encodes, or nullopt if it is not a millrace sequence number (wrong length
// or version, non-digits, a field out of range).
std::optional<SequencePosition> DecodeSequenceNumber(std::string_view text);

// What a request says around a sequence number, for error messages.
struct SequenceNumberContext {
  std::string_view member_name;  // "StartingSequenceNumber"
  std::string_view member_path;  // "startingSequenceNumber", for ValidationException
  std::string_view operation;    // "GetShardIterator"
  std::string_view stream_name;
  std::string_view account_id;
};

// The log offset that `text` names in shard `shard_index` of the stream created at
// `stream_epoch`. Errors, as Kinesis reports them:
//   ValidationException       text outside the model pattern 0|([1-9]\d{0,128})
//   InvalidArgumentException  not a sequence number at all; a number of another shard
//                             ("It encodes shardId-..."); a number of another stream.
KinesisResult<int64_t> ResolveSequenceNumber(std::string_view text, uint64_t stream_epoch,
                                             int32_t shard_index,
                                             const SequenceNumberContext& context);

// PutRecord's SequenceNumberForOrdering: text outside the model pattern is a ValidationException
// on "sequenceNumberForOrdering"; text that is not a sequence number of this stream (any shard)
// is an InvalidArgumentException "ExclusiveMinimumSequenceNumber <text> used in PutRecord on
// stream <s> under account <a> is invalid." Order is kept by the log, so a valid number changes
// nothing.
KinesisStatus CheckSequenceNumberForOrdering(std::string_view text, uint64_t stream_epoch,
                                             std::string_view stream_name,
                                             std::string_view account_id);

}  // namespace millrace::kinesis
