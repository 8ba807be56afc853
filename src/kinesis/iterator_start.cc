#include "kinesis/iterator_start.h"

#include <algorithm>

#include "kinesis/sequence_number.h"

namespace millrace::kinesis {

namespace {

constexpr ShardIteratorType kAllTypes[] = {
    ShardIteratorType::kAtSequenceNumber, ShardIteratorType::kAfterSequenceNumber,
    ShardIteratorType::kTrimHorizon, ShardIteratorType::kLatest, ShardIteratorType::kAtTimestamp};

KinesisStatus WrongCombination(ShardIteratorType type, bool has_sequence_number) {
  return InvalidArgument(
      "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and "
      "StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. "
      "Request specified " +
      std::string(ShardIteratorTypeName(type)) +
      (has_sequence_number ? " and also a StartingSequenceNumber."
                           : " and no StartingSequenceNumber."));
}

}  // namespace

std::string_view ShardIteratorTypeName(ShardIteratorType type) {
  switch (type) {
    case ShardIteratorType::kAtSequenceNumber:
      return "AT_SEQUENCE_NUMBER";
    case ShardIteratorType::kAfterSequenceNumber:
      return "AFTER_SEQUENCE_NUMBER";
    case ShardIteratorType::kTrimHorizon:
      return "TRIM_HORIZON";
    case ShardIteratorType::kLatest:
      return "LATEST";
    case ShardIteratorType::kAtTimestamp:
      return "AT_TIMESTAMP";
  }
  return "LATEST";
}

KinesisResult<ShardIteratorType> ParseShardIteratorType(std::string_view text) {
  for (ShardIteratorType type : kAllTypes) {
    if (ShardIteratorTypeName(type) == text) return type;
  }
  std::string value(text);
  return ValidationError("shardIteratorType", &value,
                         "Member must satisfy enum value set: [AT_SEQUENCE_NUMBER, "
                         "AFTER_SEQUENCE_NUMBER, TRIM_HORIZON, LATEST, AT_TIMESTAMP]");
}

KinesisResult<int64_t> ResolveIteratorStart(const IteratorStartRequest& request,
                                            const IteratorTarget& target,
                                            const OffsetForTimestampFn& offset_for_timestamp,
                                            int64_t now_ms) {
  auto clamp = [&](int64_t offset) {
    return std::clamp(offset, target.log_start_offset,
                      std::max(target.log_start_offset, target.log_end_offset));
  };
  const bool has_sequence_number = request.starting_sequence_number.has_value();
  switch (request.type) {
    case ShardIteratorType::kAtSequenceNumber:
    case ShardIteratorType::kAfterSequenceNumber: {
      if (!has_sequence_number) return WrongCombination(request.type, false);
      SequenceNumberContext context{"StartingSequenceNumber", "startingSequenceNumber",
                                    "GetShardIterator", target.stream_name, target.account_id};
      MR_ASSIGN_OR_RETURN(int64_t offset,
                          ResolveSequenceNumber(*request.starting_sequence_number,
                                                target.stream_epoch, target.shard_index, context));
      if (request.type == ShardIteratorType::kAfterSequenceNumber && offset < INT64_MAX) ++offset;
      return clamp(offset);
    }
    case ShardIteratorType::kTrimHorizon:
    case ShardIteratorType::kLatest:
      if (has_sequence_number) return WrongCombination(request.type, true);
      return request.type == ShardIteratorType::kTrimHorizon ? clamp(target.log_start_offset)
                                                             : clamp(target.log_end_offset);
    case ShardIteratorType::kAtTimestamp: {
      if (!request.timestamp_ms) {
        return InvalidArgument(
            "Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current "
            "request has no timestamp parameter.");
      }
      if (*request.timestamp_ms > now_ms) {
        return InvalidArgument(
            "The timestampInMillis parameter cannot be greater than the "
            "currentTimestampInMillis. timestampInMillis: " +
            std::to_string(*request.timestamp_ms) +
            ", currentTimestampInMillis: " + std::to_string(now_ms));
      }
      return clamp(offset_for_timestamp(*request.timestamp_ms));
    }
  }
  return clamp(target.log_end_offset);
}

}  // namespace millrace::kinesis
