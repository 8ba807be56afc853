// AwsBodyCodec: how a request/response body maps onto Value for one wire encoding. The AWS layer
// picks the codec by the request's Content-Type and answers in the same encoding. JSON 1.1 is
// built in; a CBOR codec (application/x-amz-cbor-1.1) plugs in the same way.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "base/value.h"

namespace millrace::net::aws {

class AwsBodyCodec {
 public:
  virtual ~AwsBodyCodec() = default;
  // The Content-Type this codec answers with, e.g. "application/x-amz-json-1.1".
  virtual std::string_view content_type() const = 0;
  // True if a request with this Content-Type is in this codec's encoding.
  virtual bool Accepts(std::string_view content_type) const = 0;
  // REQUIRES: body is not empty. InvalidArgument for a malformed body.
  virtual Result<Value> Decode(std::string_view body, uint64_t max_bytes) const = 0;
  virtual std::string Encode(const Value& value) const = 0;
};

// AWS JSON 1.1 (also accepts 1.0 and plain application/json).
class AwsJsonCodec final : public AwsBodyCodec {
 public:
  std::string_view content_type() const override { return "application/x-amz-json-1.1"; }
  bool Accepts(std::string_view content_type) const override;
  Result<Value> Decode(std::string_view body, uint64_t max_bytes) const override;
  std::string Encode(const Value& value) const override;
};

}  // namespace millrace::net::aws
