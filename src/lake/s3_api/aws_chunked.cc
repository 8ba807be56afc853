#include "lake/s3_api/aws_chunked.h"

#include <algorithm>

#include "lake/errors.h"

namespace millrace::lake::s3 {
namespace {

constexpr size_t kMaxLineBytes = 4096;

Status Bad(std::string_view why) {
  return LakeError(LakeErrc::kInvalidRequest, "malformed aws-chunked body: " + std::string(why));
}

}  // namespace

bool IsAwsChunked(std::string_view content_sha256, std::string_view content_encoding) {
  if (content_sha256.substr(0, 10) == "STREAMING-") return true;
  return content_encoding.find("aws-chunked") != std::string_view::npos;
}

Status AwsChunkedDecoder::SizeLine(std::string_view line) {
  std::string_view hex = line.substr(0, line.find(';'));
  while (!hex.empty() && hex.back() == ' ') hex.remove_suffix(1);
  if (hex.empty() || hex.size() > 15) return Bad("bad chunk size line");
  uint64_t size = 0;
  for (char c : hex) {
    int digit;
    if (c >= '0' && c <= '9') digit = c - '0';
    else if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    else return Bad("bad chunk size");
    size = size * 16 + static_cast<uint64_t>(digit);
  }
  remaining_ = size;
  state_ = size == 0 ? State::kTrailer : State::kData;
  return Status::Ok();
}

Status AwsChunkedDecoder::Feed(std::string_view input, std::string& out) {
  while (!input.empty()) {
    switch (state_) {
      case State::kDone:
        return Bad("bytes after the final chunk");
      case State::kData: {
        size_t n = static_cast<size_t>(std::min<uint64_t>(remaining_, input.size()));
        out.append(input.substr(0, n));
        input.remove_prefix(n);
        remaining_ -= n;
        decoded_ += n;
        if (remaining_ == 0) state_ = State::kDataEnd;
        break;
      }
      case State::kDataEnd:
      case State::kSizeLine:
      case State::kTrailer: {
        size_t nl = input.find('\n');
        size_t take = nl == std::string_view::npos ? input.size() : nl + 1;
        line_.append(input.substr(0, take));
        input.remove_prefix(take);
        if (line_.size() > kMaxLineBytes) return Bad("line too long");
        if (nl == std::string_view::npos) break;
        std::string line = std::move(line_);
        line_.clear();
        if (line.size() < 2 || line[line.size() - 2] != '\r') return Bad("line without CRLF");
        line.resize(line.size() - 2);
        if (state_ == State::kDataEnd) {
          if (!line.empty()) return Bad("chunk data longer than its size");
          state_ = State::kSizeLine;
        } else if (state_ == State::kSizeLine) {
          MR_RETURN_IF_ERROR(SizeLine(line));
        } else if (line.empty()) {
          state_ = State::kDone;  // trailers (checksums) end with an empty line
        }
        break;
      }
    }
  }
  return Status::Ok();
}

}  // namespace millrace::lake::s3
