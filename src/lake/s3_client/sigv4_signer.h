// AWS Signature Version 4 for S3 requests (header-based, single-chunk payload): the canonical
// request, the string to sign and the signing-key chain. Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace millrace::lake::s3 {

struct SigningCredentials {
  std::string access_key;
  std::string secret_key;
  std::string region = "us-east-1";
  std::string service = "s3";
};

struct SigningRequest {
  std::string method;                                       // "GET"
  std::string path;                                         // decoded: "/bucket/a b.txt"
  std::vector<std::pair<std::string, std::string>> query;   // decoded names and values
  std::vector<std::pair<std::string, std::string>> headers;  // all signed; must include host,
                                                             // x-amz-date, x-amz-content-sha256
  std::string payload_sha256;                               // hex, or "UNSIGNED-PAYLOAD"
};

// The Authorization header value for `request` at `amz_date` ("20130524T000000Z").
std::string SignV4(const SigningRequest& request, const SigningCredentials& credentials,
                   std::string_view amz_date);

// Helpers the client needs too.
std::string Sha256HexOf(std::string_view bytes);
std::string AmzDate(int64_t epoch_ms);  // "YYYYMMDDTHHMMSSZ"

}  // namespace millrace::lake::s3
