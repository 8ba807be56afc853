// The records Firehose writes under the ErrorOutputPrefix: one JSON object per line, the
// record's bytes base64-encoded in rawData. Processing failures (transform, dynamic
// partitioning) carry errorCode/errorMessage; format-conversion failures carry ErrorCode/
// ErrorMessage and the catalog table. Thread-safe pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace millrace::firehose {

struct ErrorRecordInfo {
  std::string error_code;     // e.g. "DynamicPartitioning.MetadataExtractionFailed"
  std::string error_message;
  int64_t arrival_ms = 0;
  int64_t attempt_end_ms = 0;
  int32_t attempts = 1;
  bool conversion = false;    // a format-conversion failure: adds dataCatalogTable
  std::string catalog_id, database, table, region, version_id;
};

// One error-output line, '\n'-terminated.
std::string FormatErrorRecord(const ErrorRecordInfo& info, std::string_view raw);

}  // namespace millrace::firehose
