// S3Client: a small S3 client (libcurl, SigV4-signed requests, path-style addressing) so that the
// lake's writers can target an external S3-compatible store instead of the local disk.
// Blocking: call it from worker threads, never from an event-loop thread. Thread-safe (each call
// uses its own curl handle). Errors: S3 error documents become LakeError statuses with the same
// code (NoSuchKey, NoSuchBucket ...); transport failures are IOError.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace millrace::lake::s3 {

struct S3ClientOptions {
  std::string endpoint = "http://127.0.0.1:4566";  // scheme://host[:port], no trailing '/'
  std::string region = "us-east-1";
  std::string access_key = "test";
  std::string secret_key = "test";
  int64_t timeout_ms = 60000;
};

// One page of ListObjectsV2.
struct S3ObjectListing {
  struct Entry {
    std::string key;
    uint64_t size = 0;
  };
  std::vector<Entry> objects;
  std::string next_continuation_token;  // empty on the last page
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
  // The same object as PutObject, uploaded with a multipart upload in parts of `part_bytes`
  // (S3 requires at least 5 MiB for every part but the last). An upload that fails midway is
  // aborted (best effort). Returns the stored object's ETag ("<md5 of part md5s>-<parts>").
  Result<std::string> PutObjectMultipart(std::string_view bucket, std::string_view key,
                                         std::string_view body, size_t part_bytes,
                                         std::string_view content_type = "binary/octet-stream");
  Result<std::string> GetObject(std::string_view bucket, std::string_view key);
  // `length` bytes from `offset` (fewer at the end of the object): a Range GET.
  Result<std::string> GetObjectRange(std::string_view bucket, std::string_view key,
                                     uint64_t offset, uint64_t length);
  // One page (up to `max_keys`, 0: the server's default of 1000) of the objects whose keys
  // start with `prefix`, in key order; pass the previous page's next_continuation_token.
  Result<S3ObjectListing> ListObjects(std::string_view bucket, std::string_view prefix,
                                      std::string_view continuation_token = "",
                                      uint32_t max_keys = 0);
  Result<S3ObjectHead> HeadObject(std::string_view bucket, std::string_view key);
  Status DeleteObject(std::string_view bucket, std::string_view key);

 private:
  struct Reply;
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  // `query`: decoded names and values; `headers`: extra signed headers (lower-case names).
  Result<Reply> Send(std::string_view method, std::string_view bucket, std::string_view key,
                     std::string_view body, std::string_view content_type,
                     const Pairs& query = {}, const Pairs& headers = {});

  S3ClientOptions options_;
};

}  // namespace millrace::lake::s3
