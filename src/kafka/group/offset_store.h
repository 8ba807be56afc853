// OffsetStore: committed consumer-group offsets, kept in memory and persisted one file per group
// under <dir> (written to a temporary file, fsynced, renamed into place, directory fsynced: a
// crash leaves the old or the new file, never a torn one). Thread-safe; Commit() blocks on
// fsync, so call it off the event loop.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"

namespace millrace::kafka {

struct CommittedOffset {
  int64_t offset = -1;
  int32_t leader_epoch = -1;
  std::string metadata;
  bool operator==(const CommittedOffset&) const = default;
};

using TopicPartition = std::pair<std::string, int32_t>;

class OffsetStore {
 public:
  // Loads every group file in `dir` (created if missing). Corrupt files are reported, not skipped.
  static Result<std::unique_ptr<OffsetStore>> Open(std::string dir);

  // Stores the offsets of `group` (merged with what it has) and makes the group's file durable
  // (fsync of file and directory) before returning. On an I/O error nothing changes in memory.
  Status Commit(const std::string& group, const std::map<TopicPartition, CommittedOffset>& offsets);
  std::optional<CommittedOffset> Get(const std::string& group, const TopicPartition& tp) const;
  // Everything committed for `group`.
  std::map<TopicPartition, CommittedOffset> GetAll(const std::string& group) const;
  std::vector<std::string> Groups() const;

  // The file format, exposed for tests: one line per partition,
  // "<hex topic> <partition> <offset> <leader epoch> <hex metadata>".
  static std::string Encode(const std::map<TopicPartition, CommittedOffset>& offsets);
  static Status Decode(const std::string& text, std::map<TopicPartition, CommittedOffset>* out);

 private:
  explicit OffsetStore(std::string dir) : dir_(std::move(dir)) {}
  std::string PathFor(const std::string& group) const;

  const std::string dir_;
  mutable std::mutex mu_;
  std::map<std::string, std::map<TopicPartition, CommittedOffset>> groups_;
};

}  // namespace millrace::kafka
