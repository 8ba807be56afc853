// One segment of a partition: a .log file of whole record batches with dense offsets starting at
// base_offset(), plus its sparse .index and .timeindex.
// Threading: writers (Append, Seal, SyncIndexes, TruncateTail) are serialized by the owning
// Partition; Read, FindByTimestamp and the accessors marked thread-safe may run concurrently
// with one writer.
#pragma once

#include <atomic>
#include <climits>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "log/file.h"
#include "log/record_batch.h"
#include "log/segment_index.h"

namespace millrace::log {

// "<dir>/<20-digit base offset><suffix>".
std::string SegmentPath(const std::string& dir, int64_t base_offset, const char* suffix);

// What Read() found: whole batches, copied out of the file.
struct SegmentReadResult {
  std::string bytes;
  int64_t next_offset = 0;  // offset after the last batch returned
};

// Where Locate() found whole batches: bytes [position, position + length) of the .log file.
struct SegmentRange {
  uint64_t position = 0;
  size_t length = 0;        // 0: nothing readable at that offset
  int64_t next_offset = 0;  // offset after the last batch in the range
};

class Segment {
 public:
  // Creates the three files of an empty segment. AlreadyExists if the .log exists.
  static Result<std::unique_ptr<Segment>> Create(const std::string& dir, int64_t base_offset,
                                                 int32_t index_interval_bytes);

  // Opens an existing segment. With `full_scan`, validates every batch (length, magic, CRC,
  // dense offsets from base_offset), truncates the file at the first bad byte (logged) and
  // rebuilds both indexes. Without it, checks the indexes and the batches after the last
  // index entry, and falls back to a full scan if anything is off.
  static Result<std::unique_ptr<Segment>> Open(const std::string& dir, int64_t base_offset,
                                               int32_t index_interval_bytes, bool full_scan);

  // Writes validated, concatenated batches (described in order by `headers`) at the end with
  // one write. REQUIRES: headers[0].base_offset == next_offset(), offsets dense.
  // On failure the file is cut back to its previous size and the segment is unchanged.
  Status Append(std::span<const uint8_t> batches, const std::vector<BatchHeader>& headers);
  // Marks the segment read-only: records a final time index entry for the last batch and
  // rewrites index files whose earlier writes failed.
  Status Seal();
  Status SyncData() const { return log_.DataSync(); }
  Status SyncIndexes() const;
  // Deletes the three files. The segment must not be used afterwards except by readers that
  // already hold it (their descriptors stay valid).
  Status RemoveFiles();

  // Up to `max_bytes` (but at least one batch, if any) of whole batches, the first containing
  // `offset`, none at or past `limit_offset`, none beyond the visible size, at most
  // `max_records` records (but at least one batch). Thread-safe.
  Result<SegmentReadResult> Read(int64_t offset, size_t max_bytes, int32_t max_records,
                                 int64_t limit_offset) const;
  // The same selection as Read(), but only located (batch headers are read, the data is not),
  // for a caller that moves the bytes itself (sendfile). Thread-safe. The range stays valid and
  // readable through log_fd() for as long as the caller holds the Segment, even after retention
  // removed its files.
  Result<SegmentRange> Locate(int64_t offset, size_t max_bytes, int32_t max_records,
                              int64_t limit_offset) const;
  // Reads `length` bytes at `position` of the .log file (a range from Locate). Thread-safe.
  Result<std::string> ReadRange(uint64_t position, size_t length) const;
  // The open .log descriptor; owned by the segment.
  int log_fd() const { return log_.fd(); }
  // Offset of the first record with timestamp >= `timestamp_ms` below `limit_offset`, or
  // nullopt if there is none in this segment. Thread-safe.
  Result<std::optional<int64_t>> FindByTimestamp(int64_t timestamp_ms, int64_t limit_offset) const;

  int64_t base_offset() const { return base_offset_; }
  int64_t next_offset() const { return next_offset_; }
  uint64_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // Largest batch maxTimestamp in the segment; nullopt if empty.
  std::optional<int64_t> max_timestamp() const { return max_timestamp_; }
  // Bytes readers may see; set by the partition when data becomes durable. Thread-safe.
  void set_visible_size(uint64_t size) { visible_size_.store(size, std::memory_order_release); }
  uint64_t visible_size() const { return visible_size_.load(std::memory_order_acquire); }

 private:
  Segment(std::string dir, int64_t base_offset, int32_t index_interval_bytes);
  Status OpenFiles(bool create);
  Status FullScan();
  Result<bool> QuickCheck();
  // Index entries due for a batch placed at `position`, following the sparse-index rules.
  struct IndexCursor {
    uint64_t bytes_since_entry = 0;
    bool first_batch = true;
    int64_t running_max = INT64_MIN;
    std::optional<int64_t> last_time_entry;
    std::optional<OffsetIndexEntry> offset_entry;  // outputs of the last Step()
    std::optional<TimeIndexEntry> time_entry;
    void Step(uint64_t position, const BatchHeader& header, uint32_t relative, int32_t interval);
  };
  // Records a batch placed at `position` in the writer state (not the indexes).
  void NoteBatch(uint64_t position, const BatchHeader& header);
  uint32_t Relative(int64_t offset) const { return static_cast<uint32_t>(offset - base_offset_); }

  const std::string dir_;
  const int64_t base_offset_;
  const int32_t index_interval_bytes_;
  File log_;
  mutable std::mutex index_mu_;  // guards the entry vectors inside the two indexes
  OffsetIndex offset_index_;
  TimeIndex time_index_;
  bool index_stale_ = false;  // an index write failed; rewrite on Seal
  // Writer state, serialized by the partition.
  uint64_t size_ = 0;
  int64_t next_offset_;
  IndexCursor cursor_;
  int64_t last_batch_base_ = -1;
  std::optional<int64_t> max_timestamp_;
  std::atomic<uint64_t> visible_size_{0};
};

}  // namespace millrace::log
