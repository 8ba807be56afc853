// S3Client: a small S3 client (libcurl, SigV4-signed requests, path-style addressing) so that the
// lake's writers can target an external S3-compatible store instead of the local disk.
// Blocking: call it from worker threads, never from an event-loop thread. Thread-safe (each call
// uses its own curl handle). Errors: S3 error documents become LakeError statuses with the same
// code (NoSuchKey, NoSuchBucket ...); transport failures are IOError.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace millrace::lake::s3 {

struct S3ClientOptions {
  std::string endpoint = "http://127.0.0.1:4566";  // scheme://host[:port], no trailing '/'
  std::string region = "us-east-1";
  std::string access_key = "test";
  std::string secret_key = "test";
  int64_t timeout_ms = 60000;
};

struct S3ObjectHead {
  uint64_t size = 0;
  std::string etag;  // without quotes
  std::string content_type;
};

class S3Client {
 public:
  explicit S3Client(S3ClientOptions options);

  Status CreateBucket(std::string_view bucket);
  // The stored object's ETag (without quotes).
  Result<std::string> PutObject(std::string_view bucket, std::string_view key,
                                std::string_view body,
                                std::string_view content_type = "binary/octet-stream");
  Result<std::string> GetObject(std::string_view bucket, std::string_view key);
  Result<S3ObjectHead> HeadObject(std::string_view bucket, std::string_view key);
  Status DeleteObject(std::string_view bucket, std::string_view key);

 private:
  struct Reply;
  Result<Reply> Send(std::string_view method, std::string_view bucket, std::string_view key,
                     std::string_view body, std::string_view content_type);

  S3ClientOptions options_;
};

}  // namespace millrace::lake::s3
