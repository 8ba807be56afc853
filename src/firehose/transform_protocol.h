// The Lambda data-transformation protocol, as Firehose speaks it to a transform function: the
// event JSON it sends and the response it accepts. Pure functions: thread-safe.
//
// Event: {invocationId, deliveryStreamArn, region, [sourceKinesisStreamArn,] records:
// [{recordId, approximateArrivalTimestamp (epoch ms), data (base64), [kinesisRecordMetadata:
// {shardId, partitionKey, approximateArrivalTimestamp, sequenceNumber, subsequenceNumber}]}]}.
// Response: {records: [{recordId, result: Ok|Dropped|ProcessingFailed, data (base64),
// [metadata: {partitionKeys: {name: value}}]}]}; every recordId of the event exactly once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "firehose/partition_keys.h"

namespace millrace::firehose {

// Where a record came from when the stream reads a Kinesis data stream.
struct KinesisRecordMetadata {
  std::string shard_id;
  std::string partition_key;
  int64_t approximate_arrival_millis = 0;
  std::string sequence_number;
  std::string subsequence_number;
};

struct TransformInputRecord {
  std::string record_id;
  int64_t approximate_arrival_millis = 0;
  std::string data;  // raw bytes; the event carries them base64
  std::optional<KinesisRecordMetadata> kinesis;
};

struct TransformRequest {
  std::string invocation_id;  // a fresh UUID per invocation when empty
  std::string delivery_stream_arn;
  std::string region;
  std::string source_kinesis_stream_arn;  // empty for Direct PUT
  std::vector<TransformInputRecord> records;
};

enum class TransformResult : uint8_t { kOk, kDropped, kProcessingFailed };

struct TransformedRecord {
  std::string record_id;
  TransformResult result = TransformResult::kOk;
  std::string data;  // decoded bytes (Ok records)
  PartitionKeys partition_keys;
  // ProcessingFailed only: why (Lambda.ProcessingFailedStatus when the transform said so, the
  // batch's failure otherwise), for the processing-failed error record.
  std::string error_code;
  std::string error_message;
};

// The event JSON for `request`. REQUIRES: request.invocation_id is set.
std::string BuildTransformEvent(const TransformRequest& request);

// Parses and checks a response against its request; returns the answers in the request's record
// order. Errors: InvalidArgument whose message names the problem (not JSON, no records array, an
// unknown result, data that is not base64, partition keys that are not an object of scalars, a
// recordId missing, repeated or not in the request). `*error_code` (when non-null) receives the
// matching Lambda.* code from error_record.h.
Result<std::vector<TransformedRecord>> ParseTransformResponse(std::string_view body,
                                                              const TransformRequest& request,
                                                              std::string* error_code = nullptr);

}  // namespace millrace::firehose
