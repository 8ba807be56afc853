// GlueClient: a small client for the Glue JSON API (AWS JSON 1.1 over HTTP POST, SigV4-signed,
// libcurl), for tools that drive a running millrace (or AWS) such as `millrace catalog infer`.
// Blocking; thread-safe (each call uses its own curl handle).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"
#include "base/value.h"

namespace millrace::catalog {

struct GlueClientOptions {
  std::string endpoint = "http://127.0.0.1:4566";  // scheme://host[:port]
  std::string region = "us-east-1";
  std::string access_key = "test";
  std::string secret_key = "test";
  int64_t timeout_ms = 60000;
};

class GlueClient {
 public:
  explicit GlueClient(GlueClientOptions options);

  // Calls AWSGlue.<operation> with `request` as the body; the decoded answer. A Glue error
  // becomes the Status its exception names (EntityNotFoundException -> NotFound,
  // AlreadyExistsException -> AlreadyExists, InvalidInputException -> InvalidArgument, else
  // Internal) with "<type>: <message>"; transport failures are IOError.
  Result<Value> Call(std::string_view operation, const Value& request);

 private:
  GlueClientOptions options_;
};

}  // namespace millrace::catalog
