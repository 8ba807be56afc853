// ObjectMeta: what the lake knows about one object besides its bytes, and the sidecar file format
// that stores it (JSON, docs/lake.md "Sidecar metadata").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace millrace::lake {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// What the writer of an object chooses (PutObject headers).
struct ObjectAttributes {
  std::string content_type = "binary/octet-stream";
  HeaderList headers;        // stored standard headers: content-encoding, cache-control ...
  HeaderList user_metadata;  // x-amz-meta-<name> without the prefix, names lower-case
};

struct ObjectMeta {
  std::string key;
  uint64_t size = 0;
  std::string etag;  // without quotes: MD5 hex, or "<md5 of part md5s>-<parts>" for multipart
  int64_t last_modified_ms = 0;
  ObjectAttributes attributes;
  // Identity of the data file it describes (inode, modification time in ns); a mismatch means
  // the sidecar is stale (a crash between the two renames of a publish, or a foreign file).
  uint64_t inode = 0;
  int64_t file_mtime_ns = 0;
};

std::string EncodeObjectMeta(const ObjectMeta& meta);
Result<ObjectMeta> DecodeObjectMeta(std::string_view text);

}  // namespace millrace::lake
