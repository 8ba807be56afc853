// What an AWS Signature Version 4 "Authorization" header says about the caller, parsed
// tolerantly: nothing here verifies a signature (that comes later, behind a flag), and a missing
// or garbled header yields the defaults rather than an error.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace millrace::net::aws {

inline constexpr std::string_view kDefaultRegion = "us-east-1";
inline constexpr std::string_view kDefaultAccountId = "000000000000";

struct SigV4Credential {
  bool present = false;  // the header was a parseable AWS4-HMAC-SHA256 header
  std::string access_key;
  std::string date;  // YYYYMMDD from the credential scope
  std::string region{kDefaultRegion};
  std::string service;
  std::string signed_headers;  // "host;x-amz-date", as sent
  std::string signature;       // hex, as sent
  std::string account_id{kDefaultAccountId};
};

// Parses `Authorization: AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/kinesis/aws4_request,
// SignedHeaders=..., Signature=...`. Never fails.
SigV4Credential ParseAuthorization(std::optional<std::string_view> header);

}  // namespace millrace::net::aws
