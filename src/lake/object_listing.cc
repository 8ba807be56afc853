// ObjectStore::ListObjects: S3 listing over the bucket's directory tree.
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <shared_mutex>

#include "lake/errors.h"
#include "lake/object_key.h"
#include "lake/object_store.h"

namespace millrace::lake {

namespace fs = std::filesystem;

namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

Result<ListResult> ObjectStore::ListObjects(std::string_view bucket, const ListOptions& options) {
  MR_RETURN_IF_ERROR(CheckBucket(bucket));
  // Walk only the deepest directory the prefix names; keys are the files' relative paths.
  std::string bucket_path = BucketPath(bucket);
  size_t slash = options.prefix.rfind('/');
  // A prefix whose directory part is no valid key path ("../x", "a//b") matches no key; walking
  // it could leave the bucket, so walk the bucket itself (the prefix filter then drops all).
  std::string start_dir = bucket_path;
  if (slash != std::string::npos && ValidateKey(options.prefix.substr(0, slash)).ok()) {
    start_dir += "/" + options.prefix.substr(0, slash);
  }
  std::vector<std::string> keys;
  {
    std::shared_lock lock(namespace_mu_);
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(start_dir, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
      if (!it->is_regular_file()) continue;
      std::string key = it->path().string().substr(bucket_path.size() + 1);
      if (StartsWith(key, options.prefix) && key > options.start_after) keys.push_back(std::move(key));
    }
  }
  std::sort(keys.begin(), keys.end());  // bytewise, as S3 orders UTF-8 keys

  ListResult result;
  const std::string& delimiter = options.delimiter;
  // A marker that is a common prefix means "after everything under it".
  bool marker_is_prefix = !delimiter.empty() && !options.start_after.empty() &&
                          StartsWith(options.start_after, options.prefix) &&
                          options.start_after.size() >= delimiter.size() &&
                          options.start_after.compare(options.start_after.size() - delimiter.size(),
                                                      delimiter.size(), delimiter) == 0;
  uint32_t count = 0;
  for (const std::string& key : keys) {
    if (marker_is_prefix && StartsWith(key, options.start_after)) continue;
    std::string common;
    if (!delimiter.empty()) {
      size_t at = key.find(delimiter, options.prefix.size());
      if (at != std::string::npos) common = key.substr(0, at + delimiter.size());
    }
    if (!common.empty() && !result.common_prefixes.empty() &&
        result.common_prefixes.back() == common) {
      continue;
    }
    if (count == options.max_keys) {
      result.truncated = true;
      break;
    }
    if (!common.empty()) {
      result.common_prefixes.push_back(common);
      result.last = common;
    } else {
      std::string path = bucket_path + "/" + key;
      Result<ObjectMeta> meta = Status::Internal("unset");
      bool computed = false;
      {
        std::shared_lock lock(namespace_mu_);
        FileHandle file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
        if (!file.valid()) continue;  // deleted since the walk
        meta = MetaFor(bucket, key, file.get(), &computed);
      }
      if (!meta.ok()) return meta.status();
      if (computed) RememberMeta(bucket, *meta);
      result.objects.push_back(std::move(meta).value());
      result.last = key;
    }
    ++count;
  }
  return result;
}

}  // namespace millrace::lake
