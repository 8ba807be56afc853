// TransformHook: the Lambda processor of a delivery stream, with the transform running where
// millrace can reach it instead of in AWS Lambda. The processor's LambdaArn names the hook:
//   "http://..." or "https://..."  POST the event JSON there (transform_transport.h);
//   "command:<shell command>"      run the command with the event on stdin, response on stdout;
//   anything else (a Lambda ARN)   looked up in the server's map, by the whole ARN or by the
//                                  function name inside it, whose value is one of the two above.
// Invoke sends one batch, retries a failed invocation NumberOfRetries times, and checks that
// every record was answered exactly once, as Firehose does. Blocking (run it off the event loop);
// immutable after Create: thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "firehose/transform_protocol.h"

namespace millrace::firehose {

// Configured transforms: a Lambda ARN or function name -> "http(s)://..." or "command:...".
using TransformHookMap = std::map<std::string, std::string, std::less<>>;

struct TransformTarget {
  enum class Kind : uint8_t { kHttp, kCommand };
  Kind kind = Kind::kHttp;
  std::string location;  // the URL, or the shell command
};

// Errors: NotFound when `lambda_arn` is neither a URL, nor a command, nor configured;
// InvalidArgument when a configured value is neither.
Result<TransformTarget> ResolveTransformTarget(std::string_view lambda_arn,
                                               const TransformHookMap& hooks);

// Lambda's limit on a synchronous invocation's request and response payloads.
inline constexpr size_t kMaxTransformPayloadBytes = 6 * 1024 * 1024;

struct TransformHookOptions {
  int32_t number_of_retries = 3;                 // the processor's NumberOfRetries
  std::chrono::milliseconds timeout{60'000};     // per attempt
  std::chrono::milliseconds retry_delay{1'000};  // before each retry
  size_t max_response_bytes = kMaxTransformPayloadBytes;
};

struct TransformOutcome {
  int32_t attempts_made = 0;
  int64_t attempt_ending_millis = 0;
  // OK when the transform answered every record; otherwise why the batch failed after every
  // attempt, and then every record is ProcessingFailed with that code and message.
  Status batch_status;
  // One per request record, in request order.
  std::vector<TransformedRecord> records;
};

class TransformHook {
 public:
  static Result<TransformHook> Create(std::string_view lambda_arn, const TransformHookMap& hooks,
                                      TransformHookOptions options = {});

  // Sends `request` (an invocation id is generated when it has none). Never fails as a call: a
  // failed batch is reported in the outcome, its records marked ProcessingFailed.
  TransformOutcome Invoke(TransformRequest request) const;

  // Invoke over consecutive slices of `request.records`, each holding at most `max_batch_bytes`
  // of record data (the processor's BufferSizeInMBs) and an event within Lambda's 6 MiB request
  // limit, but always at least one record. One outcome per slice, in order; the slices'
  // records together are the request's, in order. Every slice gets its own invocation id.
  std::vector<TransformOutcome> InvokeInBatches(TransformRequest request,
                                                size_t max_batch_bytes) const;

  const std::string& lambda_arn() const { return lambda_arn_; }
  const TransformTarget& target() const { return target_; }

 private:
  TransformHook(std::string lambda_arn, TransformTarget target, TransformHookOptions options)
      : lambda_arn_(std::move(lambda_arn)), target_(std::move(target)), options_(options) {}
  // One invocation: the response body, or why there is none (`*error_code` set).
  Result<std::string> Call(const std::string& event, std::string* error_code) const;

  std::string lambda_arn_;
  TransformTarget target_;
  TransformHookOptions options_;
};

}  // namespace millrace::firehose
