#include "firehose/processor_config.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "base/base64.h"
#include "base/value.h"
#include "firehose/jq_partition_query.h"

namespace millrace::firehose {

namespace {

constexpr std::string_view kParameterNames[] = {
    "LambdaArn", "NumberOfRetries",   "MetadataExtractionQuery", "JsonParsingEngine",
    "RoleArn",   "BufferSizeInMBs",   "BufferIntervalInSeconds", "SubRecordType",
    "Delimiter", "CompressionFormat", "DataMessageExtraction",
};

Result<ProcessorType> ParseType(std::string_view name) {
  for (auto type : {ProcessorType::kRecordDeAggregation, ProcessorType::kDecompression,
                    ProcessorType::kCloudWatchLogProcessing, ProcessorType::kLambda,
                    ProcessorType::kMetadataExtraction, ProcessorType::kAppendDelimiterToRecord}) {
    if (ProcessorTypeName(type) == name) return type;
  }
  return Status::InvalidArgument(
      "Processor Type '" + std::string(name) +
      "' is not one of RecordDeAggregation, Decompression, CloudWatchLogProcessing, Lambda, "
      "MetadataExtraction, AppendDelimiterToRecord");
}

std::string Where(const Processor& p, std::string_view parameter) {
  return std::string(ProcessorTypeName(p.type)) + " processor parameter " + std::string(parameter);
}

// An integer parameter within [lo, hi], or `fallback` when absent.
Result<int32_t> IntParameter(const Processor& p, std::string_view name, int32_t lo, int32_t hi,
                             int32_t fallback) {
  const std::string* text = p.Find(name);
  if (text == nullptr) return fallback;
  int32_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < lo || value > hi) {
    return Status::InvalidArgument(Where(p, name) + " must be an integer from " +
                                   std::to_string(lo) + " to " + std::to_string(hi) + ", not '" +
                                   *text + "'");
  }
  return value;
}

Result<std::string> Base64Parameter(const Processor& p, std::string_view name) {
  const std::string* text = p.Find(name);
  if (text == nullptr) return std::string();
  std::optional<std::string> decoded = base64::Decode(*text);
  if (!decoded || decoded->empty()) {
    return Status::InvalidArgument(Where(p, name) + " must be base64 of at least one byte, not '" +
                                   *text + "'");
  }
  return *decoded;
}

}  // namespace

std::string_view ProcessorTypeName(ProcessorType type) {
  switch (type) {
    case ProcessorType::kRecordDeAggregation:
      return "RecordDeAggregation";
    case ProcessorType::kDecompression:
      return "Decompression";
    case ProcessorType::kCloudWatchLogProcessing:
      return "CloudWatchLogProcessing";
    case ProcessorType::kLambda:
      return "Lambda";
    case ProcessorType::kMetadataExtraction:
      return "MetadataExtraction";
    case ProcessorType::kAppendDelimiterToRecord:
      return "AppendDelimiterToRecord";
  }
  return "Lambda";
}

const std::string* Processor::Find(std::string_view name) const {
  for (const auto& p : parameters) {
    if (p.name == name) return &p.value;
  }
  return nullptr;
}

const Processor* ProcessingConfiguration::Find(ProcessorType type) const {
  if (!enabled) return nullptr;
  for (const auto& p : processors) {
    if (p.type == type) return &p;
  }
  return nullptr;
}

Result<ProcessingConfiguration> ParseProcessingConfiguration(const Value& document) {
  ProcessingConfiguration config;
  if (document.is_null()) return config;
  if (!document.is_object()) {
    return Status::InvalidArgument("ProcessingConfiguration must be a structure");
  }
  if (document.Has("Enabled")) {
    MR_ASSIGN_OR_RETURN(config.enabled, document.GetBool("Enabled"));
  }
  if (!document.Has("Processors")) return config;
  MR_ASSIGN_OR_RETURN(const Value::Array* processors, document.GetArray("Processors"));
  for (const Value& entry : *processors) {
    Processor processor;
    MR_ASSIGN_OR_RETURN(std::string type, entry.GetString("Type"));
    MR_ASSIGN_OR_RETURN(processor.type, ParseType(type));
    for (const Processor& seen : config.processors) {
      if (seen.type == processor.type) {
        return Status::InvalidArgument("ProcessingConfiguration lists the " + type +
                                       " processor more than once");
      }
    }
    if (entry.Has("Parameters")) {
      MR_ASSIGN_OR_RETURN(const Value::Array* parameters, entry.GetArray("Parameters"));
      for (const Value& parameter : *parameters) {
        ProcessorParameter p;
        MR_ASSIGN_OR_RETURN(p.name, parameter.GetString("ParameterName"));
        MR_ASSIGN_OR_RETURN(p.value, parameter.GetString("ParameterValue"));
        if (std::find(std::begin(kParameterNames), std::end(kParameterNames), p.name) ==
            std::end(kParameterNames)) {
          return Status::InvalidArgument("ParameterName '" + p.name + "' is not a known " +
                                         "processor parameter");
        }
        const bool blank = std::all_of(p.value.begin(), p.value.end(), [](char c) {
          return std::isspace(static_cast<unsigned char>(c)) != 0;
        });
        if (p.value.empty() || p.value.size() > 5120 || blank) {
          return Status::InvalidArgument("ParameterValue of " + p.name +
                                         " must be 1 to 5120 characters and not blank");
        }
        if (processor.Find(p.name) != nullptr) {
          return Status::InvalidArgument(type + " processor lists the parameter " + p.name +
                                         " more than once");
        }
        processor.parameters.push_back(std::move(p));
      }
    }
    switch (processor.type) {
      case ProcessorType::kMetadataExtraction:
        MR_RETURN_IF_ERROR(MetadataExtractionFrom(processor).status());
        break;
      case ProcessorType::kLambda:
        MR_RETURN_IF_ERROR(LambdaFrom(processor).status());
        break;
      case ProcessorType::kRecordDeAggregation:
        MR_RETURN_IF_ERROR(DeAggregationFrom(processor).status());
        break;
      case ProcessorType::kAppendDelimiterToRecord:
        MR_RETURN_IF_ERROR(AppendDelimiterFrom(processor).status());
        break;
      case ProcessorType::kDecompression:
        MR_RETURN_IF_ERROR(DecompressionFrom(processor));
        break;
      case ProcessorType::kCloudWatchLogProcessing:
        MR_RETURN_IF_ERROR(DataMessageExtractionFrom(processor).status());
        break;
      default:
        break;
    }
    config.processors.push_back(std::move(processor));
  }
  return config;
}

Result<MetadataExtractionSettings> MetadataExtractionFrom(const Processor& processor) {
  const std::string* query = processor.Find("MetadataExtractionQuery");
  if (query == nullptr) {
    return Status::InvalidArgument(
        "MetadataExtraction processor requires the MetadataExtractionQuery parameter");
  }
  const std::string* engine = processor.Find("JsonParsingEngine");
  if (engine == nullptr || *engine != "JQ-1.6") {
    return Status::InvalidArgument(
        "MetadataExtraction processor requires JsonParsingEngine JQ-1.6");
  }
  MR_RETURN_IF_ERROR(JqPartitionQuery::Compile(*query).status());
  return MetadataExtractionSettings{*query};
}

Result<LambdaSettings> LambdaFrom(const Processor& processor) {
  LambdaSettings settings;
  const std::string* arn = processor.Find("LambdaArn");
  if (arn == nullptr) {
    return Status::InvalidArgument("Lambda processor requires the LambdaArn parameter");
  }
  settings.lambda_arn = *arn;
  if (const std::string* role = processor.Find("RoleArn")) settings.role_arn = *role;
  MR_ASSIGN_OR_RETURN(settings.number_of_retries,
                      IntParameter(processor, "NumberOfRetries", 0, 300, 3));
  MR_ASSIGN_OR_RETURN(settings.buffer_interval_seconds,
                      IntParameter(processor, "BufferIntervalInSeconds", 60, 900, 60));
  if (const std::string* size = processor.Find("BufferSizeInMBs")) {
    double mb = 0;
    auto [end, ec] = std::from_chars(size->data(), size->data() + size->size(), mb);
    if (ec != std::errc() || end != size->data() + size->size() || mb < 0.2 || mb > 3) {
      return Status::InvalidArgument(Where(processor, "BufferSizeInMBs") +
                                     " must be a number from 0.2 to 3, not '" + *size + "'");
    }
    settings.buffer_size_mb = mb;
  }
  return settings;
}

Result<DeAggregationSettings> DeAggregationFrom(const Processor& processor) {
  DeAggregationSettings settings;
  const std::string* type = processor.Find("SubRecordType");
  if (type == nullptr || (*type != "JSON" && *type != "DELIMITED")) {
    return Status::InvalidArgument(
        "RecordDeAggregation processor requires SubRecordType JSON or DELIMITED");
  }
  if (*type == "JSON") return settings;
  settings.sub_record_type = SubRecordType::kDelimited;
  MR_ASSIGN_OR_RETURN(settings.delimiter, Base64Parameter(processor, "Delimiter"));
  if (settings.delimiter.empty()) {
    return Status::InvalidArgument(
        "RecordDeAggregation with SubRecordType DELIMITED requires a base64 Delimiter");
  }
  return settings;
}

Status DecompressionFrom(const Processor& processor) {
  const std::string* format = processor.Find("CompressionFormat");
  if (format != nullptr && *format != "GZIP") {
    return Status::InvalidArgument(
        "Decompression processor supports CompressionFormat GZIP, not '" + *format + "'");
  }
  return Status::Ok();
}

Result<bool> DataMessageExtractionFrom(const Processor& processor) {
  const std::string* value = processor.Find("DataMessageExtraction");
  if (value == nullptr || (*value != "true" && *value != "false")) {
    return Status::InvalidArgument(
        "CloudWatchLogProcessing processor requires DataMessageExtraction true or false");
  }
  return *value == "true";
}

Result<std::string> AppendDelimiterFrom(const Processor& processor) {
  MR_ASSIGN_OR_RETURN(std::string delimiter, Base64Parameter(processor, "Delimiter"));
  if (delimiter.empty()) delimiter = "\n";
  return delimiter;
}

}  // namespace millrace::firehose
