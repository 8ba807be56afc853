// CloudWatch Logs subscription records, as the Decompression and CloudWatchLogProcessing
// processors handle them: CloudWatch Logs sends each batch of log events to Firehose as one
// gzip-compressed JSON record {messageType, owner, logGroup, logStream, subscriptionFilters,
// logEvents: [{id, timestamp, message}]}. Decompression un-gzips it; message extraction keeps only
// the events' messages. Pure functions: thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace millrace::firehose {

// The default cap on one decompressed record (a guard against decompression bombs).
inline constexpr size_t kMaxDecompressedRecordBytes = 64 << 20;

// `record` un-gzipped (one or more gzip members). Errors: InvalidArgument when it is not gzip or
// is truncated; ResourceExhausted past `max_output_bytes`.
Result<std::string> GunzipRecord(std::string_view record,
                                 size_t max_output_bytes = kMaxDecompressedRecordBytes);

struct CloudWatchLogEvent {
  std::string id;
  int64_t timestamp_millis = 0;
  std::string message;
};

struct CloudWatchLogsBatch {
  bool control_message = false;  // messageType CONTROL_MESSAGE: a reachability probe, no data
  std::string owner;
  std::string log_group;
  std::string log_stream;
  std::vector<CloudWatchLogEvent> events;
};

// Parses a decompressed subscription record. Errors: InvalidArgument when it is not JSON or lacks
// messageType / a logEvents array of {message} objects (for DATA_MESSAGE).
Result<CloudWatchLogsBatch> ParseCloudWatchLogsRecord(std::string_view json_text);

// Message extraction (DataMessageExtraction=true): the records Firehose delivers for one
// decompressed subscription record — each event's message followed by a newline; none for a
// control message.
Result<std::vector<std::string>> ExtractCloudWatchLogMessages(std::string_view json_text);

}  // namespace millrace::firehose
