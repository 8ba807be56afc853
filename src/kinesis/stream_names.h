// Names and ARNs of streams and consumers: their validation and their text forms.
//
// Stream and consumer names are 1..128 of [a-zA-Z0-9_.-]. ARNs:
//   stream    arn:aws:kinesis:<region>:<account>:stream/<name>
//   consumer  arn:aws:kinesis:<region>:<account>:stream/<name>/consumer/<consumer>:<epoch seconds>
// Model violations are ValidationExceptions worded as AWS words them; the Check* functions
// append the failures to a list so a handler can report every member of a request at once.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kinesis/errors.h"

namespace millrace::kinesis {

inline constexpr size_t kMaxNameLength = 128;  // stream and consumer names
inline constexpr size_t kMaxArnLength = 2048;

// Appends a failure for each model constraint of a stream name that `name` breaks: the pattern
// [a-zA-Z0-9_.-]+ first, then the length 1..128. `member_path` as in the request ("streamName").
void CheckStreamName(std::string_view name, std::string_view member_path,
                     std::vector<std::string>* failures);
// The same for a consumer name ("consumerName").
void CheckConsumerName(std::string_view name, std::string_view member_path,
                       std::vector<std::string>* failures);
// A ValidationException for `name` as the member "streamName", or OK.
KinesisStatus ValidateStreamName(std::string_view name);

struct StreamArn {
  std::string partition;  // "aws", "aws-cn", ...
  std::string region;
  std::string account_id;  // 12 digits
  std::string stream_name;

  bool operator==(const StreamArn&) const = default;
};

struct ConsumerArn {
  StreamArn stream;
  std::string consumer_name;
  int64_t creation_epoch_seconds = 0;

  bool operator==(const ConsumerArn&) const = default;
};

std::string FormatStreamArn(std::string_view region, std::string_view account_id,
                            std::string_view stream_name);
std::string FormatConsumerArn(std::string_view region, std::string_view account_id,
                              std::string_view stream_name, std::string_view consumer_name,
                              int64_t creation_epoch_seconds);

// Parses a stream ARN given as the member "streamARN". Text outside the model (length 1..2048,
// pattern arn:aws.*:kinesis:.*:\d{12}:stream/.+) is a ValidationException; an ARN of that shape
// whose region is empty or whose name is not a valid stream name is an InvalidArgumentException.
KinesisResult<StreamArn> ParseStreamArn(std::string_view arn);
// Parses a consumer ARN given as the member "consumerARN", with the same two kinds of error.
KinesisResult<ConsumerArn> ParseConsumerArn(std::string_view arn);

// The stream a request names with StreamName, StreamARN or both, on the server of `region` and
// `account_id`. Neither given, or the two naming different streams, is an InvalidArgumentException;
// an ARN of another region or account is a ResourceNotFoundException (no such stream here).
KinesisResult<std::string> ResolveStreamName(const std::optional<std::string>& stream_name,
                                             const std::optional<std::string>& stream_arn,
                                             std::string_view region, std::string_view account_id);

}  // namespace millrace::kinesis
