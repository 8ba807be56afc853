// The records Firehose writes under ErrorOutputPrefix for data it could not deliver as asked: one
// JSON object per line, the original bytes base64 in `rawData`. Three shapes, by
// error-output-type: processing failures (the transform failed or returned ProcessingFailed),
// format-conversion failures (with the Glue table), and dynamic-partitioning failures (the keys
// could not be extracted or the prefix evaluated). Pure functions: thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace millrace::firehose {

// error-output-type of dynamic-partitioning failures (millrace's name; see docs/firehose.md).
inline constexpr std::string_view kPartitioningFailed = "partitioning-failed";

// errorCode values for processing failures (transform hook) and conversion failures.
inline constexpr std::string_view kLambdaProcessingFailedStatus = "Lambda.ProcessingFailedStatus";
inline constexpr std::string_view kLambdaFunctionError = "Lambda.FunctionError";
inline constexpr std::string_view kLambdaInvokeFailed = "Lambda.InvokeFailed";
inline constexpr std::string_view kLambdaInvalidResponse = "Lambda.InvalidResponse";
inline constexpr std::string_view kLambdaMissingRecordId = "Lambda.MissingRecordId";
inline constexpr std::string_view kLambdaDuplicatedRecordId = "Lambda.DuplicatedRecordId";
inline constexpr std::string_view kLambdaRecordIdNotInRequest = "Lambda.RecordIdNotInRequest";
inline constexpr std::string_view kConversionParseError = "DataFormatConversion.ParseError";
inline constexpr std::string_view kConversionMalformedData = "DataFormatConversion.MalformedData";
inline constexpr std::string_view kConversionInvalidSchema = "DataFormatConversion.InvalidSchema";
inline constexpr std::string_view kPartitionKeyMissing = "DynamicPartitioning.PartitionKeyMissing";
inline constexpr std::string_view kPrefixEvaluationFailed =
    "DynamicPartitioning.PrefixEvaluationFailed";

// Fields every shape has. Times are epoch milliseconds.
struct ErrorRecordBase {
  int64_t attempts_made = 1;
  int64_t arrival_millis = 0;
  std::string error_code;
  std::string error_message;
  int64_t attempt_ending_millis = 0;
  std::string raw_data;  // the record's bytes, written base64
};

// processing-failed: {attemptsMade, arrivalTimestamp, errorCode, errorMessage,
// attemptEndingTimestamp, rawData, lambdaArn}.
struct ProcessingFailedRecord : ErrorRecordBase {
  std::string lambda_arn;
};
std::string ProcessingFailedLine(const ProcessingFailedRecord& record);

struct DataCatalogTable {
  std::string catalog_id;
  std::string database_name;
  std::string table_name;
  std::string region;
  std::string version_id = "LATEST";
  std::string catalog_arn;
};

// format-conversion-failed: {attemptsMade, arrivalTimestamp, lastErrorCode, lastErrorMessage,
// attemptEndingTimestamp, rawData, sequenceNumber, subSequenceNumber, dataCatalogTable{...}}.
// sequenceNumber/subSequenceNumber are written only for a Kinesis source (non-empty).
struct ConversionFailedRecord : ErrorRecordBase {
  std::string sequence_number;
  int64_t sub_sequence_number = 0;
  DataCatalogTable table;
};
std::string ConversionFailedLine(const ConversionFailedRecord& record);

// Dynamic partitioning: {attemptsMade, arrivalTimestamp, errorCode, errorMessage,
// attemptEndingTimestamp, rawData}; errorCode e.g. DynamicPartitioning.MetadataExtractionFailed.
std::string PartitioningFailedLine(const ErrorRecordBase& record);

}  // namespace millrace::firehose
