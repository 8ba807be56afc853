#include "net/aws/aws_codec.h"

#include "base/json.h"

namespace millrace::net::aws {

bool AwsJsonCodec::Accepts(std::string_view content_type) const {
  return content_type.starts_with("application/x-amz-json-") ||
         content_type.starts_with("application/json");
}

Result<Value> AwsJsonCodec::Decode(std::string_view body, uint64_t max_bytes) const {
  json::ParseLimits limits;
  limits.max_bytes = max_bytes;
  return json::Parse(body, limits);
}

std::string AwsJsonCodec::Encode(const Value& value) const {
  return json::Write(value);
}

}  // namespace millrace::net::aws
