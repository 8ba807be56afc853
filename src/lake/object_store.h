// ObjectStore: S3 buckets and objects on the local disk. An object's bytes live at
// <data>/lake/<bucket>/<key> (readable by local tools), its metadata in a sidecar under
// <data>/lake-meta/, and every write is published atomically (temporary file in <data>/lake-tmp,
// fsync, rename, fsync the directory): a reader sees the old object or the new one, never part of
// one, and a crash leaves none. Errors are LakeError statuses (lake/errors.h).
// Thread-safe: any method from any thread. Methods block on disk I/O (callers on an event loop
// run the ones that fsync elsewhere: Commit, CopyObject, CompleteMultipartUpload, DeleteBucket).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "lake/byte_range.h"
#include "lake/file_io.h"
#include "lake/object_meta.h"

namespace millrace::lake {

class Md5;

struct BucketInfo {
  std::string name;
  int64_t created_ms = 0;
};

// Receives an object's (or a part's) bytes; nothing is visible until Commit().
// Not thread-safe. Destroying it uncommitted discards the bytes.
class ObjectWriter {
 public:
  ~ObjectWriter();
  Status Append(std::string_view bytes);
  uint64_t size() const { return size_; }
  // Publishes the bytes. `content_md5` (raw 16 bytes), if given, must match (else BadDigest).
  Result<ObjectMeta> Commit(std::optional<std::string> content_md5 = std::nullopt);

 private:
  friend class ObjectStore;
  using Publisher = std::function<Result<ObjectMeta>(ObjectWriter&, std::string md5)>;
  ObjectWriter(std::string tmp_path, FileHandle file, Publisher publish);

  std::string tmp_path_;
  FileHandle file_;
  std::unique_ptr<Md5> md5_;
  uint64_t size_ = 0;
  Publisher publish_;
  bool done_ = false;
};

// A consistent view of one object's bytes (the file stays readable if the object is replaced).
// Not thread-safe.
class ObjectReader {
 public:
  const ObjectMeta& meta() const { return meta_; }
  uint64_t offset() const { return offset_; }  // of the range being read
  uint64_t length() const { return length_; }
  // Replaces `out` with the next at most `max_bytes` of the range; empty at its end.
  Status Read(std::string& out, size_t max_bytes);

 private:
  friend class ObjectStore;
  ObjectReader(FileHandle file, ObjectMeta meta, uint64_t offset, uint64_t length)
      : file_(std::move(file)), meta_(std::move(meta)), offset_(offset), length_(length) {}
  FileHandle file_;
  ObjectMeta meta_;
  uint64_t offset_;
  uint64_t length_;
  uint64_t position_ = 0;
};

struct ListOptions {
  std::string prefix;
  std::string delimiter;    // empty: no grouping
  std::string start_after;  // exclusive; also a continuation marker (a key or a common prefix)
  uint32_t max_keys = 1000;
};

struct ListResult {
  std::vector<ObjectMeta> objects;          // S3 order (bytewise)
  std::vector<std::string> common_prefixes;  // in order, merged with objects for max_keys
  bool truncated = false;
  std::string last;  // the last key or common prefix returned: the next page's start_after
};

struct CompletedPart {
  int32_t part_number = 0;
  std::string etag;  // quotes optional
};

struct PartInfo {
  int32_t part_number = 0;
  std::string etag;  // MD5 hex
  uint64_t size = 0;
  int64_t last_modified_ms = 0;
};

struct UploadInfo {
  std::string bucket;
  std::string key;
  ObjectAttributes attributes;
  int64_t initiated_ms = 0;
};

class ObjectStore {
 public:
  // Opens (creating if needed) the store under `data_dir`; removes temporaries a crash left.
  static Result<std::unique_ptr<ObjectStore>> Open(const std::string& data_dir);

  Status CreateBucket(std::string_view bucket);
  Status DeleteBucket(std::string_view bucket);  // BucketNotEmpty unless empty
  Status HeadBucket(std::string_view bucket);
  Result<std::vector<BucketInfo>> ListBuckets();

  // REQUIRES for all object calls: the key passes ValidateKey (checked: InvalidArgument ...).
  Result<std::unique_ptr<ObjectWriter>> BeginPut(std::string_view bucket, std::string_view key,
                                                 ObjectAttributes attributes);
  Result<ObjectMeta> PutObject(std::string_view bucket, std::string_view key,
                               ObjectAttributes attributes, std::string_view bytes);
  Result<ObjectMeta> HeadObject(std::string_view bucket, std::string_view key);
  Result<std::unique_ptr<ObjectReader>> GetObject(std::string_view bucket, std::string_view key,
                                                  std::optional<ByteRange> range = std::nullopt);
  // Deleting a missing key succeeds, as in S3.
  Status DeleteObject(std::string_view bucket, std::string_view key);
  // `attributes` replaces the source's (MetadataDirective REPLACE); nullopt copies them.
  Result<ObjectMeta> CopyObject(std::string_view src_bucket, std::string_view src_key,
                                std::string_view dst_bucket, std::string_view dst_key,
                                std::optional<ObjectAttributes> attributes);
  Result<ListResult> ListObjects(std::string_view bucket, const ListOptions& options);

  // Multipart uploads; upload ids are opaque hex strings.
  Result<std::string> CreateMultipartUpload(std::string_view bucket, std::string_view key,
                                            ObjectAttributes attributes);
  // REQUIRES: 1 <= part_number <= 10000 (InvalidArgument otherwise).
  Result<std::unique_ptr<ObjectWriter>> BeginUploadPart(std::string_view bucket,
                                                        std::string_view key,
                                                        std::string_view upload_id,
                                                        int32_t part_number);
  Result<std::vector<PartInfo>> ListParts(std::string_view bucket, std::string_view key,
                                          std::string_view upload_id);
  Result<ObjectMeta> CompleteMultipartUpload(std::string_view bucket, std::string_view key,
                                             std::string_view upload_id,
                                             const std::vector<CompletedPart>& parts);
  Status AbortMultipartUpload(std::string_view bucket, std::string_view key,
                              std::string_view upload_id);

  // Smallest size of every part but the last (S3: 5 MiB). Tests lower it.
  void set_min_part_size(uint64_t bytes) { min_part_size_ = bytes; }

  const std::string& root() const { return root_; }
  std::string BucketPath(std::string_view bucket) const;
  std::string ObjectPath(std::string_view bucket, std::string_view key) const;

 private:
  explicit ObjectStore(std::string data_dir);

  std::string MetaPath(std::string_view bucket, std::string_view key) const;
  std::string UploadPath(std::string_view upload_id) const;
  Status CheckBucket(std::string_view bucket) const;
  Result<std::unique_ptr<ObjectWriter>> NewWriter(ObjectWriter::Publisher publish);
  // Moves a synced temporary file to the object's path and writes its sidecar.
  Result<ObjectMeta> Publish(std::string_view bucket, std::string_view key, const std::string& tmp,
                             ObjectMeta meta);
  // The sidecar for an open data file, recomputed when missing or stale (`*computed` is set).
  Result<ObjectMeta> MetaFor(std::string_view bucket, std::string_view key, int fd,
                             bool* computed);
  // Stores computed metadata as the key's sidecar if the key still names the file it describes.
  // REQUIRES: namespace_mu_ not held.
  void RememberMeta(std::string_view bucket, const ObjectMeta& meta);
  void RemoveEmptyParents(std::string_view bucket, std::string_view key);
  Result<UploadInfo> LoadUpload(std::string_view bucket, std::string_view key,
                                std::string_view upload_id);

  std::string root_;       // <data>/lake
  std::string meta_root_;  // <data>/lake-meta
  std::string tmp_root_;   // <data>/lake-tmp
  uint64_t min_part_size_ = 5ull << 20;
  // Exclusive for changes to the namespace (publish, delete, bucket create/delete), shared for
  // opening an object with its sidecar, so the two are always seen as a pair.
  mutable std::shared_mutex namespace_mu_;
};

}  // namespace millrace::lake
