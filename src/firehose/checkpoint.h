// Source checkpoints: per partition of a delivery stream's source topic, the offset delivery
// resumes from after a restart, and the rule that makes delivery at-least-once: a partition's
// checkpoint never passes a record that is still in an unpublished buffer.
// Plain functions and values; thread-compatible.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/status.h"

namespace millrace::firehose {

struct SourceCheckpoint {
  std::string topic;
  std::map<int32_t, int64_t> offsets;  // partition -> first offset not yet delivered
  bool operator==(const SourceCheckpoint&) const = default;
};

// The stored text form: "version=1\ntopic=<topic>\n" then one "<partition> <offset>" line per
// partition, then "end\n" (a file without it is torn and rejected).
std::string EncodeCheckpoint(const SourceCheckpoint& checkpoint);
// Corruption for anything that is not a whole encoded checkpoint.
Result<SourceCheckpoint> DecodeCheckpoint(const std::string& text);

// Writes the checkpoint to `path` atomically (temp file, fsync, rename, fsync the directory).
Status SaveCheckpoint(const std::string& path, const SourceCheckpoint& checkpoint);
// NotFound when there is no file at `path`.
Result<SourceCheckpoint> LoadCheckpoint(const std::string& path);

// The offsets that are safe to commit: for each partition, the lowest of its read position (the
// next offset to read) and the lowest offset any open buffer still holds from it. `held` has one
// map per open buffer (partition -> lowest offset held). Partitions only in `held` are ignored
// (REQUIRES: every held partition has a read position above its held offsets).
std::map<int32_t, int64_t> SafeOffsets(const std::map<int32_t, int64_t>& read_positions,
                                       const std::vector<const std::map<int32_t, int64_t>*>& held);

}  // namespace millrace::firehose
