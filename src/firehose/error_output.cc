#include "firehose/error_output.h"

#include "base/base64.h"
#include "base/json.h"
#include "base/value.h"

namespace millrace::firehose {

std::string FormatErrorRecord(const ErrorRecordInfo& info, std::string_view raw) {
  Value v = Value::MakeObject();
  v.Set("attemptsMade", Value(info.attempts));
  v.Set("arrivalTimestamp", Value(info.arrival_ms));
  v.Set(info.conversion ? "ErrorCode" : "errorCode", Value(info.error_code));
  v.Set(info.conversion ? "ErrorMessage" : "errorMessage", Value(info.error_message));
  v.Set("attemptEndingTimestamp", Value(info.attempt_end_ms));
  v.Set("rawData", Value(base64::Encode(raw)));
  if (info.conversion) {
    Value table = Value::MakeObject();
    table.Set("catalogId", info.catalog_id.empty() ? Value() : Value(info.catalog_id));
    table.Set("databaseName", Value(info.database));
    table.Set("tableName", Value(info.table));
    table.Set("region", Value(info.region));
    table.Set("versionId", Value(info.version_id));
    v.Set("dataCatalogTable", std::move(table));
  }
  std::string line = json::Write(v);
  line.push_back('\n');
  return line;
}

}  // namespace millrace::firehose
