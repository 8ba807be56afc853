// The two sparse indexes of a segment, kept in memory and mirrored to their files
// (little-endian, unchecksummed; recovery rebuilds them when they are missing or implausible).
//   .index      8-byte entries: relative offset u32, file position u32 — one per
//               index_interval_bytes of log; strictly increasing in both fields.
//   .timeindex 12-byte entries: max timestamp i64, relative offset u32 — the largest batch
//               timestamp of the segment up to and including the batch at that offset;
//               relative offsets strictly increase, timestamps never decrease (Seal() adds
//               a final entry for the last batch).
// Not thread-safe: the owning Segment serializes access.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "log/file.h"

namespace millrace::log {

struct OffsetIndexEntry {
  uint32_t relative_offset;
  uint32_t position;
  bool operator==(const OffsetIndexEntry&) const = default;
};

struct TimeIndexEntry {
  int64_t timestamp_ms;
  uint32_t relative_offset;
  bool operator==(const TimeIndexEntry&) const = default;
};

// An index file of fixed-size entries of type Entry. The encoding lives in the .cc.
template <typename Entry>
class IndexFile {
 public:
  static constexpr size_t kEntrySize = sizeof(Entry) == 8 ? 8 : 12;

  // Opens (creating if missing) and loads `path`. A trailing partial entry is dropped.
  static Result<IndexFile> Open(const std::string& path);

  // Appends one entry (kept in memory even if the file write fails; the caller then rewrites
  // the file with Reset()). REQUIRES: it keeps the ordering rules above.
  Status Append(const Entry& entry);
  // Replaces the file's contents with `entries`.
  Status Reset(std::vector<Entry> entries);
  Status Sync() const { return file_.DataSync(); }

  const std::vector<Entry>& entries() const { return entries_; }
  const std::string& path() const { return file_.path(); }

 private:
  File file_;
  std::vector<Entry> entries_;
};

using OffsetIndex = IndexFile<OffsetIndexEntry>;
using TimeIndex = IndexFile<TimeIndexEntry>;

// True when the entries are strictly increasing and every position is below `log_size`.
bool OffsetIndexPlausible(const std::vector<OffsetIndexEntry>& entries, uint64_t log_size);
bool TimeIndexPlausible(const std::vector<TimeIndexEntry>& entries);

// File position of the last indexed batch whose relative offset is <= `relative_offset`
// (0 if none): a safe place to start scanning for it.
uint32_t LookupPosition(const std::vector<OffsetIndexEntry>& entries, uint32_t relative_offset);
// Relative offset of the last entry whose timestamp is < `timestamp_ms`: every batch up to and
// including it is older than the target. nullopt if there is none.
std::optional<uint32_t> LookupOlderThan(const std::vector<TimeIndexEntry>& entries,
                                        int64_t timestamp_ms);

}  // namespace millrace::log
