// ProcessorConfig: a destination's ProcessingConfiguration ({Enabled, Processors: [{Type,
// Parameters: [{ParameterName, ParameterValue}]}]}) parsed from the API document and checked,
// with typed views of each processor's parameters. Plain values: thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace millrace {
class Value;
}

namespace millrace::firehose {

enum class ProcessorType : uint8_t {
  kRecordDeAggregation,
  kDecompression,
  kCloudWatchLogProcessing,
  kLambda,
  kMetadataExtraction,
  kAppendDelimiterToRecord,
};
std::string_view ProcessorTypeName(ProcessorType type);

struct ProcessorParameter {
  std::string name;
  std::string value;
};

struct Processor {
  ProcessorType type = ProcessorType::kLambda;
  std::vector<ProcessorParameter> parameters;
  // The value of parameter `name`, or nullptr.
  const std::string* Find(std::string_view name) const;
};

struct ProcessingConfiguration {
  bool enabled = false;
  std::vector<Processor> processors;
  // The first processor of `type`, or nullptr (also when !enabled).
  const Processor* Find(ProcessorType type) const;
};

// Parses the API's ProcessingConfiguration object. Checks types and parameter names against the
// model, parameter values (1-5120 characters, not blank), at most one processor per type, and each
// processor's parameters through the typed views below. Errors: InvalidArgument.
Result<ProcessingConfiguration> ParseProcessingConfiguration(const Value& document);

// MetadataExtraction: MetadataExtractionQuery (compiled by JqPartitionQuery) and
// JsonParsingEngine, which must be "JQ-1.6".
struct MetadataExtractionSettings {
  std::string query;
};
Result<MetadataExtractionSettings> MetadataExtractionFrom(const Processor& processor);

// Lambda: LambdaArn (required; how it names a hook: transform_hook.h), NumberOfRetries (0-300,
// default 3), BufferSizeInMBs (0.2-3, default 1), BufferIntervalInSeconds (60-900, default 60),
// RoleArn (kept, unused).
struct LambdaSettings {
  std::string lambda_arn;
  int32_t number_of_retries = 3;
  double buffer_size_mb = 1;
  int32_t buffer_interval_seconds = 60;
  std::string role_arn;
};
Result<LambdaSettings> LambdaFrom(const Processor& processor);

// RecordDeAggregation: SubRecordType JSON or DELIMITED; Delimiter (base64, required for
// DELIMITED) decoded here.
enum class SubRecordType : uint8_t { kJson, kDelimited };
struct DeAggregationSettings {
  SubRecordType sub_record_type = SubRecordType::kJson;
  std::string delimiter;  // decoded bytes; empty for JSON
};
Result<DeAggregationSettings> DeAggregationFrom(const Processor& processor);

// Decompression: CompressionFormat, which must be GZIP (CloudWatch Logs subscription records).
Status DecompressionFrom(const Processor& processor);

// CloudWatchLogProcessing: DataMessageExtraction "true" or "false" (required); true keeps only
// the log events' messages (cloudwatch_logs.h).
Result<bool> DataMessageExtractionFrom(const Processor& processor);

// AppendDelimiterToRecord: Delimiter (base64, optional) — the bytes appended to every record;
// "\n" when absent.
Result<std::string> AppendDelimiterFrom(const Processor& processor);

}  // namespace millrace::firehose
