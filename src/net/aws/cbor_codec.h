// CBOR (RFC 8949) bodies for the AWS "application/x-amz-cbor-1.1" protocol, which the Java SDKs
// (v1 and v2) and hence the KCL use for Kinesis by default. CBOR maps onto Value one to one:
//
//   CBOR                                   Value
//   unsigned/negative integer              int (double when outside the int64 range)
//   half/single/double float               double
//   byte string                            bytes
//   text string (UTF-8)                    string
//   array / map with text-string keys      array / object
//   true, false / null, undefined          bool / null
//   tag 1 + integer                        timestamp: epoch MILLISECONDS (what the AWS SDKs send)
//   tag 1 + float                          timestamp: epoch seconds (RFC 8949)
//   any other tag                          the tagged item, tag ignored
//
// Indefinite-length strings, arrays and maps are accepted on input. Output uses definite lengths,
// the shortest integer heads, doubles for floats, and tag 1 + integer epoch milliseconds for
// timestamps. Decoding is strict: every length is checked against the bytes that remain, nesting
// is limited, and anything malformed is InvalidArgument (SerializationException to a client).
// Stateless and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"
#include "base/value.h"
#include "net/aws/aws_codec.h"

namespace millrace::net::aws {

struct CborLimits {
  uint64_t max_bytes = 16 << 20;  // a larger input is rejected before parsing
  int max_depth = 64;             // arrays, maps and tags nested deeper are rejected
};

// Decodes exactly one CBOR data item spanning all of `data`. InvalidArgument on malformed
// input, trailing bytes, or limits exceeded; the message names the byte offset.
Result<Value> DecodeCbor(std::string_view data, const CborLimits& limits = {});

// Encodes `value` as one CBOR data item. Object keys become text strings.
std::string EncodeCbor(const Value& value);

// The AwsBodyCodec for "application/x-amz-cbor-1.1" (accepts any "application/x-amz-cbor-").
class AwsCborCodec final : public AwsBodyCodec {
 public:
  static constexpr std::string_view kContentType = "application/x-amz-cbor-1.1";
  std::string_view content_type() const override { return kContentType; }
  bool Accepts(std::string_view content_type) const override;
  Result<Value> Decode(std::string_view body, uint64_t max_bytes) const override;
  std::string Encode(const Value& value) const override;
};

}  // namespace millrace::net::aws
