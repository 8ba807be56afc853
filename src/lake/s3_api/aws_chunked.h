// AwsChunkedDecoder: decodes the aws-chunked content encoding that AWS SDKs and the aws cli use for
// S3 uploads (x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-UNSIGNED-
// PAYLOAD-TRAILER ...): "<hex size>[;chunk-signature=...]\r\n<bytes>\r\n" repeated, a zero-size
// chunk, optional trailer lines, "\r\n". Chunk signatures are not verified. Incremental: feed any
// split of the input. Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace millrace::lake::s3 {

class AwsChunkedDecoder {
 public:
  // Appends the payload bytes found in `input` to `out`. IncompleteBody/InvalidRequest errors.
  Status Feed(std::string_view input, std::string& out);
  // True once the final chunk and the trailers are in.
  bool done() const { return state_ == State::kDone; }
  // True if the body may end here: done(), or after the final chunk without trailer lines.
  bool AcceptableEnd() const { return done() || (state_ == State::kTrailer && line_.empty()); }
  uint64_t decoded_bytes() const { return decoded_; }

 private:
  enum class State : uint8_t { kSizeLine, kData, kDataEnd, kTrailer, kDone };
  Status SizeLine(std::string_view line);

  State state_ = State::kSizeLine;
  std::string line_;
  uint64_t remaining_ = 0;
  uint64_t decoded_ = 0;
};

// True if the request's headers say its body is aws-chunked.
bool IsAwsChunked(std::string_view content_sha256, std::string_view content_encoding);

}  // namespace millrace::lake::s3
