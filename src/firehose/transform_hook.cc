#include "firehose/transform_hook.h"

#include <algorithm>
#include <optional>
#include <thread>

#include "base/clock.h"
#include "firehose/error_record.h"
#include "firehose/random_names.h"
#include "firehose/transform_transport.h"

namespace millrace::firehose {

namespace {

constexpr std::string_view kCommandScheme = "command:";

std::optional<TransformTarget> Direct(std::string_view text) {
  if (text.starts_with("http://") || text.starts_with("https://")) {
    return TransformTarget{TransformTarget::Kind::kHttp, std::string(text)};
  }
  if (text.starts_with(kCommandScheme) && text.size() > kCommandScheme.size()) {
    return TransformTarget{TransformTarget::Kind::kCommand,
                           std::string(text.substr(kCommandScheme.size()))};
  }
  return std::nullopt;
}

// "arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]" -> "<name>".
std::string_view FunctionName(std::string_view arn) {
  constexpr std::string_view kFunction = ":function:";
  const size_t at = arn.find(kFunction);
  if (at == std::string_view::npos) return {};
  std::string_view name = arn.substr(at + kFunction.size());
  return name.substr(0, name.find(':'));
}

}  // namespace

Result<TransformTarget> ResolveTransformTarget(std::string_view lambda_arn,
                                               const TransformHookMap& hooks) {
  if (auto direct = Direct(lambda_arn)) return *direct;
  auto it = hooks.find(lambda_arn);
  if (it == hooks.end()) {
    const std::string_view name = FunctionName(lambda_arn);
    if (!name.empty()) it = hooks.find(name);
  }
  if (it == hooks.end()) {
    return Status::NotFound("no transform is configured for LambdaArn '" + std::string(lambda_arn) +
                            "': use an http(s):// URL, command:<shell command>, or map the "
                            "function with --firehose-lambda NAME=URL|command:...");
  }
  if (auto direct = Direct(it->second)) return *direct;
  return Status::InvalidArgument("the transform configured for '" + it->first + "' ('" +
                                 it->second + "') is neither an http(s):// URL nor command:...");
}

Result<TransformHook> TransformHook::Create(std::string_view lambda_arn,
                                            const TransformHookMap& hooks,
                                            TransformHookOptions options) {
  MR_ASSIGN_OR_RETURN(TransformTarget target, ResolveTransformTarget(lambda_arn, hooks));
  return TransformHook(std::string(lambda_arn), std::move(target), options);
}

Result<std::string> TransformHook::Call(const std::string& event, std::string* error_code) const {
  Result<std::string> body =
      target_.kind == TransformTarget::Kind::kHttp
          ? PostJson(target_.location, event, options_.timeout, options_.max_response_bytes)
          : RunCommand(target_.location, event, options_.timeout, options_.max_response_bytes);
  if (!body.ok()) {
    *error_code = std::string(body.status().code() == StatusCode::kInternal ? kLambdaFunctionError
                                                                            : kLambdaInvokeFailed);
  }
  return body;
}

TransformOutcome TransformHook::Invoke(TransformRequest request) const {
  if (request.invocation_id.empty()) request.invocation_id = RandomUuidV4();
  const std::string event = BuildTransformEvent(request);
  TransformOutcome outcome;
  std::string error_code;
  const int32_t attempts = 1 + std::max<int32_t>(options_.number_of_retries, 0);
  for (int32_t attempt = 1; attempt <= attempts; ++attempt) {
    if (attempt > 1 && options_.retry_delay.count() > 0) {
      std::this_thread::sleep_for(options_.retry_delay);
    }
    outcome.attempts_made = attempt;
    Result<std::string> body = Call(event, &error_code);
    if (body.ok()) {
      auto records = ParseTransformResponse(*body, request, &error_code);
      if (records.ok()) {
        outcome.batch_status = Status::Ok();
        outcome.records = std::move(*records);
        outcome.attempt_ending_millis = WallMillis();
        return outcome;
      }
      outcome.batch_status = records.status();
    } else {
      outcome.batch_status = body.status();
    }
  }
  outcome.attempt_ending_millis = WallMillis();
  outcome.records.reserve(request.records.size());
  for (const TransformInputRecord& r : request.records) {
    TransformedRecord failed;
    failed.record_id = r.record_id;
    failed.result = TransformResult::kProcessingFailed;
    failed.error_code = error_code;
    failed.error_message = outcome.batch_status.message();
    outcome.records.push_back(std::move(failed));
  }
  return outcome;
}

std::vector<TransformOutcome> TransformHook::InvokeInBatches(TransformRequest request,
                                                             size_t max_batch_bytes) const {
  // What one record adds to the event: its data in base64 plus the JSON around it.
  auto event_bytes = [](const TransformInputRecord& r) {
    size_t bytes = (r.data.size() + 2) / 3 * 4 + r.record_id.size() + 96;
    if (r.kinesis) {
      bytes += r.kinesis->shard_id.size() + r.kinesis->partition_key.size() +
               r.kinesis->sequence_number.size() + r.kinesis->subsequence_number.size() + 160;
    }
    return bytes;
  };
  const size_t event_base = request.delivery_stream_arn.size() + request.region.size() +
                            request.source_kinesis_stream_arn.size() + 160;
  std::vector<TransformOutcome> outcomes;
  std::vector<TransformInputRecord> all = std::move(request.records);
  size_t next = 0;
  while (next < all.size()) {
    TransformRequest slice;
    slice.delivery_stream_arn = request.delivery_stream_arn;
    slice.region = request.region;
    slice.source_kinesis_stream_arn = request.source_kinesis_stream_arn;
    size_t data_bytes = 0;
    size_t payload = event_base;
    while (next < all.size()) {
      const TransformInputRecord& r = all[next];
      const bool fits = data_bytes + r.data.size() <= max_batch_bytes &&
                        payload + event_bytes(r) <= kMaxTransformPayloadBytes;
      if (!slice.records.empty() && !fits) break;
      data_bytes += r.data.size();
      payload += event_bytes(r);
      slice.records.push_back(std::move(all[next++]));
    }
    outcomes.push_back(Invoke(std::move(slice)));
  }
  return outcomes;
}

}  // namespace millrace::firehose
