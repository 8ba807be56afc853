#include "kinesis/stream_names.h"

#include <algorithm>

namespace millrace::kinesis {

namespace {

constexpr std::string_view kNamePattern = "[a-zA-Z0-9_.-]+";
constexpr std::string_view kStreamArnPattern = "arn:aws.*:kinesis:.*:\\d{12}:stream/.+";
constexpr std::string_view kConsumerArnPattern =
    "^(arn):aws.*:kinesis:.*:\\d{12}:.*stream\\/[a-zA-Z0-9_.-]+\\/consumer\\/"
    "[a-zA-Z0-9_.-]+:[0-9]+";

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}

bool IsName(std::string_view s) {
  return !s.empty() && s.size() <= kMaxNameLength && std::all_of(s.begin(), s.end(), IsNameChar);
}

bool IsDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void CheckName(std::string_view name, std::string_view member_path,
               std::vector<std::string>* failures) {
  std::string value(name);
  if (name.empty() || !std::all_of(name.begin(), name.end(), IsNameChar)) {
    failures->push_back(ConstraintFailure(
        member_path, &value,
        "Member must satisfy regular expression pattern: " + std::string(kNamePattern)));
  }
  if (name.empty()) {
    failures->push_back(ConstraintFailure(member_path, &value,
                                          "Member must have length greater than or equal to 1"));
  }
  if (name.size() > kMaxNameLength) {
    failures->push_back(ConstraintFailure(
        member_path, &value,
        "Member must have length less than or equal to " + std::to_string(kMaxNameLength)));
  }
}

// The fields of "arn:<partition>:kinesis:<region>:<account>:<resource>", or nullopt when the text
// does not have that shape (partition starting "aws", service "kinesis", 12-digit account).
struct ArnFields {
  std::string_view partition, region, account, resource;
};
std::optional<ArnFields> SplitArn(std::string_view arn) {
  std::string_view parts[5];
  for (std::string_view& part : parts) {
    size_t colon = arn.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    part = arn.substr(0, colon);
    arn.remove_prefix(colon + 1);
  }
  if (parts[0] != "arn" || parts[1].substr(0, 3) != "aws" || parts[2] != "kinesis") {
    return std::nullopt;
  }
  if (parts[4].size() != 12 || !IsDigits(parts[4])) return std::nullopt;
  return ArnFields{parts[1], parts[3], parts[4], arn};
}

KinesisStatus ArnLengthError(std::string_view arn, std::string_view member_path) {
  std::string value(arn);
  return ValidationError(member_path, &value,
                         arn.empty() ? "Member must have length greater than or equal to 1"
                                     : "Member must have length less than or equal to 2048");
}

KinesisStatus ArnPatternError(std::string_view arn, std::string_view member_path,
                              std::string_view pattern) {
  std::string value(arn);
  return ValidationError(member_path, &value,
                         "Member must satisfy regular expression pattern: " + std::string(pattern));
}

}  // namespace

void CheckStreamName(std::string_view name, std::string_view member_path,
                     std::vector<std::string>* failures) {
  CheckName(name, member_path, failures);
}

void CheckConsumerName(std::string_view name, std::string_view member_path,
                       std::vector<std::string>* failures) {
  CheckName(name, member_path, failures);
}

KinesisStatus ValidateStreamName(std::string_view name) {
  std::vector<std::string> failures;
  CheckStreamName(name, "streamName", &failures);
  if (failures.empty()) return KinesisStatus::Ok();
  return ValidationError(failures);
}

std::string FormatStreamArn(std::string_view region, std::string_view account_id,
                            std::string_view stream_name) {
  std::string arn = "arn:aws:kinesis:";
  arn += region;
  arn += ':';
  arn += account_id;
  arn += ":stream/";
  arn += stream_name;
  return arn;
}

std::string FormatConsumerArn(std::string_view region, std::string_view account_id,
                              std::string_view stream_name, std::string_view consumer_name,
                              int64_t creation_epoch_seconds) {
  std::string arn = FormatStreamArn(region, account_id, stream_name);
  arn += "/consumer/";
  arn += consumer_name;
  arn += ':';
  arn += std::to_string(creation_epoch_seconds);
  return arn;
}

KinesisResult<StreamArn> ParseStreamArn(std::string_view arn) {
  constexpr std::string_view kMember = "streamARN";
  if (arn.empty() || arn.size() > kMaxArnLength) return ArnLengthError(arn, kMember);
  std::optional<ArnFields> f = SplitArn(arn);
  if (!f || f->resource.substr(0, 7) != "stream/" || f->resource.size() == 7) {
    return ArnPatternError(arn, kMember, kStreamArnPattern);
  }
  std::string_view name = f->resource.substr(7);
  if (f->region.empty() || !IsName(name)) {
    return InvalidArgument("StreamARN " + std::string(arn) + " is not a valid stream ARN.");
  }
  return StreamArn{std::string(f->partition), std::string(f->region), std::string(f->account),
                   std::string(name)};
}

KinesisResult<ConsumerArn> ParseConsumerArn(std::string_view arn) {
  constexpr std::string_view kMember = "consumerARN";
  if (arn.empty() || arn.size() > kMaxArnLength) return ArnLengthError(arn, kMember);
  std::optional<ArnFields> f = SplitArn(arn);
  // resource = stream/<name>/consumer/<consumer>:<epoch>
  std::string_view resource = f ? f->resource : std::string_view();
  size_t consumer_at = resource.find("/consumer/");
  size_t colon = resource.rfind(':');
  if (!f || resource.substr(0, 7) != "stream/" || consumer_at == std::string_view::npos ||
      colon == std::string_view::npos || colon < consumer_at) {
    return ArnPatternError(arn, kMember, kConsumerArnPattern);
  }
  std::string_view stream = resource.substr(7, consumer_at - 7);
  std::string_view consumer = resource.substr(consumer_at + 10, colon - consumer_at - 10);
  std::string_view epoch = resource.substr(colon + 1);
  if (!IsName(stream) || !IsName(consumer) || !IsDigits(epoch)) {
    return ArnPatternError(arn, kMember, kConsumerArnPattern);
  }
  if (f->region.empty() || epoch.size() > 18) {
    return InvalidArgument("ConsumerARN " + std::string(arn) + " is not a valid consumer ARN.");
  }
  ConsumerArn out;
  out.stream = {std::string(f->partition), std::string(f->region), std::string(f->account),
                std::string(stream)};
  out.consumer_name = std::string(consumer);
  out.creation_epoch_seconds = std::stoll(std::string(epoch));
  return out;
}

KinesisResult<std::string> ResolveStreamName(const std::optional<std::string>& stream_name,
                                             const std::optional<std::string>& stream_arn,
                                             std::string_view region, std::string_view account_id) {
  if (!stream_name && !stream_arn) {
    return InvalidArgument("Neither StreamARN nor StreamName was provided.");
  }
  std::vector<std::string> failures;
  if (stream_name) CheckStreamName(*stream_name, "streamName", &failures);
  if (!failures.empty()) return ValidationError(failures);
  if (!stream_arn) return *stream_name;

  MR_ASSIGN_OR_RETURN(StreamArn arn, ParseStreamArn(*stream_arn));
  if (stream_name && *stream_name != arn.stream_name) {
    return InvalidArgument("StreamARN " + *stream_arn + " and StreamName " + *stream_name +
                           " do not name the same stream.");
  }
  if (arn.region != region || arn.account_id != account_id) {
    return ResourceNotFound("Stream " + arn.stream_name + " under account " + arn.account_id +
                            " not found.");
  }
  return arn.stream_name;
}

}  // namespace millrace::kinesis
