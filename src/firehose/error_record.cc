#include "firehose/error_record.h"

#include "base/base64.h"
#include "base/json.h"
#include "base/value.h"

namespace millrace::firehose {

namespace {

// `code_key`/`message_key` differ between shapes (errorCode vs lastErrorCode).
Value Common(const ErrorRecordBase& r, std::string_view code_key, std::string_view message_key) {
  Value v = Value::MakeObject();
  v.Set("attemptsMade", r.attempts_made);
  v.Set("arrivalTimestamp", r.arrival_millis);
  v.Set(std::string(code_key), r.error_code);
  v.Set(std::string(message_key), r.error_message);
  v.Set("attemptEndingTimestamp", r.attempt_ending_millis);
  v.Set("rawData", base64::Encode(r.raw_data));
  return v;
}

std::string Line(const Value& v) {
  return json::Write(v) + "\n";
}

}  // namespace

std::string ProcessingFailedLine(const ProcessingFailedRecord& record) {
  Value v = Common(record, "errorCode", "errorMessage");
  v.Set("lambdaArn", record.lambda_arn);
  return Line(v);
}

std::string ConversionFailedLine(const ConversionFailedRecord& record) {
  Value v = Common(record, "lastErrorCode", "lastErrorMessage");
  if (!record.sequence_number.empty()) {
    v.Set("sequenceNumber", record.sequence_number);
    v.Set("subSequenceNumber", record.sub_sequence_number);
  }
  Value table = Value::MakeObject();
  table.Set("catalogId", record.table.catalog_id);
  table.Set("databaseName", record.table.database_name);
  table.Set("tableName", record.table.table_name);
  table.Set("region", record.table.region);
  table.Set("versionId", record.table.version_id);
  table.Set("catalogArn", record.table.catalog_arn);
  v.Set("dataCatalogTable", std::move(table));
  return Line(v);
}

std::string PartitioningFailedLine(const ErrorRecordBase& record) {
  return Line(Common(record, "errorCode", "errorMessage"));
}

}  // namespace millrace::firehose
