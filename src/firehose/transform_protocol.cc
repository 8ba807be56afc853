#include "firehose/transform_protocol.h"

#include <unordered_map>

#include "base/base64.h"
#include "base/json.h"
#include "base/value.h"
#include "firehose/error_record.h"

namespace millrace::firehose {

std::string BuildTransformEvent(const TransformRequest& request) {
  Value event = Value::MakeObject();
  event.Set("invocationId", request.invocation_id);
  event.Set("deliveryStreamArn", request.delivery_stream_arn);
  if (!request.source_kinesis_stream_arn.empty()) {
    event.Set("sourceKinesisStreamArn", request.source_kinesis_stream_arn);
  }
  event.Set("region", request.region);
  Value records = Value::MakeArray();
  for (const TransformInputRecord& r : request.records) {
    Value record = Value::MakeObject();
    record.Set("recordId", r.record_id);
    record.Set("approximateArrivalTimestamp", r.approximate_arrival_millis);
    record.Set("data", base64::Encode(r.data));
    if (r.kinesis) {
      Value meta = Value::MakeObject();
      meta.Set("shardId", r.kinesis->shard_id);
      meta.Set("partitionKey", r.kinesis->partition_key);
      meta.Set("approximateArrivalTimestamp", r.kinesis->approximate_arrival_millis);
      meta.Set("sequenceNumber", r.kinesis->sequence_number);
      meta.Set("subsequenceNumber", r.kinesis->subsequence_number);
      record.Set("kinesisRecordMetadata", std::move(meta));
    }
    records.Append(std::move(record));
  }
  event.Set("records", std::move(records));
  return json::Write(event);
}

namespace {

Status Invalid(std::string* error_code, std::string_view code, std::string message) {
  if (error_code) *error_code = std::string(code);
  return Status::InvalidArgument(std::move(message));
}

Result<std::string> ScalarText(const Value& v, std::string_view what) {
  switch (v.kind()) {
    case Value::Kind::kString:
      return v.string_value();
    case Value::Kind::kInt:
      return std::to_string(v.int_value());
    case Value::Kind::kBool:
      return std::string(v.bool_value() ? "true" : "false");
    case Value::Kind::kDouble:
      return json::Write(v);
    default:
      return Status::InvalidArgument(std::string(what) + " must be a string, not " +
                                     std::string(Value::KindName(v.kind())));
  }
}

}  // namespace

Result<std::vector<TransformedRecord>> ParseTransformResponse(std::string_view body,
                                                              const TransformRequest& request,
                                                              std::string* error_code) {
  json::ParseLimits limits;
  limits.max_bytes = 64 << 20;
  auto parsed = json::Parse(body, limits);
  if (!parsed.ok()) {
    return Invalid(error_code, kLambdaInvalidResponse,
                   "the transform's response is not JSON: " + parsed.status().message());
  }
  const Value& document = *parsed;
  const Value* records = document.Find("records");
  if (!document.is_object() || records == nullptr || !records->is_array()) {
    return Invalid(error_code, kLambdaInvalidResponse,
                   "the transform's response has no records array");
  }
  std::unordered_map<std::string_view, size_t> index;
  for (size_t i = 0; i < request.records.size(); ++i) index[request.records[i].record_id] = i;
  std::vector<std::optional<TransformedRecord>> answers(request.records.size());
  for (const Value& entry : records->array()) {
    auto id = entry.GetString("recordId");
    if (!id.ok()) {
      return Invalid(error_code, kLambdaInvalidResponse,
                     "a record in the transform's response has no recordId");
    }
    auto it = index.find(*id);
    if (it == index.end()) {
      return Invalid(error_code, kLambdaRecordIdNotInRequest,
                     "the transform returned recordId '" + *id + "', which was not sent to it");
    }
    if (answers[it->second]) {
      return Invalid(error_code, kLambdaDuplicatedRecordId,
                     "the transform returned recordId '" + *id + "' more than once");
    }
    TransformedRecord answer;
    answer.record_id = *id;
    auto result = entry.GetString("result");
    if (!result.ok()) {
      return Invalid(error_code, kLambdaInvalidResponse, "record '" + *id + "' has no result");
    }
    if (*result == "Ok") {
      answer.result = TransformResult::kOk;
    } else if (*result == "Dropped") {
      answer.result = TransformResult::kDropped;
    } else if (*result == "ProcessingFailed") {
      answer.result = TransformResult::kProcessingFailed;
      answer.error_code = std::string(kLambdaProcessingFailedStatus);
      answer.error_message = "The transform returned ProcessingFailed for this record";
    } else {
      return Invalid(error_code, kLambdaInvalidResponse,
                     "record '" + *id + "' has the result '" + *result +
                         "'; expected Ok, Dropped or ProcessingFailed");
    }
    if (answer.result == TransformResult::kOk) {
      auto data = entry.GetString("data");
      std::optional<std::string> decoded;
      if (data.ok()) decoded = base64::Decode(*data);
      if (!decoded) {
        return Invalid(error_code, kLambdaInvalidResponse,
                       "record '" + *id + "' is Ok but its data is missing or not base64");
      }
      answer.data = std::move(*decoded);
    }
    if (const Value* metadata = entry.Find("metadata"); metadata && !metadata->is_null()) {
      const Value* keys = metadata->Find("partitionKeys");
      if (keys && !keys->is_null()) {
        if (!keys->is_object()) {
          return Invalid(error_code, kLambdaInvalidResponse,
                         "record '" + *id + "': metadata.partitionKeys must be an object");
        }
        for (const auto& [name, value] : keys->object()) {
          auto text = ScalarText(value, "partition key '" + name + "'");
          if (!text.ok()) {
            return Invalid(error_code, kLambdaInvalidResponse,
                           "record '" + *id + "': " + text.status().message());
          }
          answer.partition_keys.Set(name, std::move(*text));
        }
      }
    }
    answers[it->second] = std::move(answer);
  }
  std::vector<TransformedRecord> out;
  out.reserve(answers.size());
  for (size_t i = 0; i < answers.size(); ++i) {
    if (!answers[i]) {
      return Invalid(
          error_code, kLambdaMissingRecordId,
          "the transform did not return recordId '" + request.records[i].record_id + "'");
    }
    out.push_back(std::move(*answers[i]));
  }
  return out;
}

}  // namespace millrace::firehose
