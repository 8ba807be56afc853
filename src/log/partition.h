// A partition: an ordered, durable sequence of record batches with dense 64-bit offsets, stored
// as segments in one directory. Appends assign offsets and become visible to readers once
// durable per the partition's fsync policy (group commit for fsync=always).
// Thread-safe: any number of appenders and readers may call in concurrently.
#pragma once

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/status.h"
#include "log/partition_config.h"
#include "log/sync_scheduler.h"

namespace millrace::log {

class Segment;
struct CommitWaiter;
struct DataWaiter;

struct AppendResult {
  int64_t base_offset = 0;     // offset of the first record appended
  int64_t last_offset = 0;     // offset of the last record appended
  int64_t append_time_ms = 0;  // wall time the log appended the batch
};

struct ReadResult {
  std::string bytes;        // whole batches, the first one containing the requested offset
  int64_t next_offset = 0;  // where the next read should start
  int64_t high_watermark = 0;
  int64_t log_start_offset = 0;
};

// What ReadRange() found: the same batches Read() would return, left in the segment file as
// bytes [position, position + length) of `segment` (Segment::log_fd(), Segment::ReadRange).
// Holding `segment` keeps the bytes readable even if retention deletes the segment's files.
struct FileReadResult {
  std::shared_ptr<const Segment> segment;  // null when length == 0
  uint64_t position = 0;
  size_t length = 0;
  int64_t next_offset = 0;
  int64_t high_watermark = 0;
  int64_t log_start_offset = 0;
};

class Partition final : private SyncTarget {
 public:
  // Lays out an empty partition in `dir` (created if missing; must not hold one): metadata and
  // a first empty segment, all fsynced. The caller then Open()s it.
  static Status Initialize(const std::string& dir, const PartitionId& id,
                           const PartitionConfig& config);
  // Opens and recovers the partition stored in `dir`: only the tail segment is scanned in full
  // (length, magic, CRC, dense offsets; truncated at the first bad byte), the others' indexes
  // are checked cheaply. `scheduler` must outlive the partition.
  static Result<std::unique_ptr<Partition>> Open(const std::string& dir, SyncScheduler* scheduler);
  ~Partition() override;  // Close()

  // Appends one or more whole RecordBatch v2 batches (concatenated), assigning offsets in place.
  // Completes once durable per the fsync policy. Corruption if a batch fails length, magic or
  // CRC checks (nothing is appended); ResourceExhausted on a full disk (nothing is appended).
  // REQUIRES: the awaiting coroutine's executor (its io_context) outlives the LogManager: the
  // fsync threads post completions to it until Close() returns.
  boost::asio::awaitable<Result<AppendResult>> Append(std::string batches);
  // The same, blocking the calling thread. Never call it on an event-loop thread.
  Result<AppendResult> AppendBlocking(std::string batches);
  // Starts an append and returns where it went: offsets are assigned and the bytes written
  // before this returns, so appends started one after another land in that order. `done` runs
  // exactly once, posted to `executor`, with the final outcome (the same placement once durable
  // per the fsync policy, or the error). On an error return, `done` gets that error too.
  // REQUIRES: `executor` (its io_context) outlives the LogManager, as for Append().
  using AppendCallback = std::function<void(Result<AppendResult>)>;
  Result<AppendResult> AppendAsync(std::string batches, boost::asio::any_io_executor executor,
                                   AppendCallback done);

  // Whole batches starting with the one that holds `offset`: at least one batch if any is there
  // (even if larger than `max_bytes`), then more while within max_bytes and max_records.
  // OutOfRange if offset < LogStartOffset() or offset > HighWatermark(); empty at the watermark.
  Result<ReadResult> Read(int64_t offset, size_t max_bytes,
                          int32_t max_records = std::numeric_limits<int32_t>::max()) const;
  // As Read(), but the bytes are located rather than copied, for zero-copy senders. The range
  // obeys the same rules (below the high watermark, within the visible size).
  Result<FileReadResult> ReadRange(int64_t offset, size_t max_bytes,
                                   int32_t max_records = std::numeric_limits<int32_t>::max()) const;
  // First offset whose record timestamp is >= `timestamp_ms`, or HighWatermark() if none.
  Result<int64_t> OffsetForTimestamp(int64_t timestamp_ms) const;
  int64_t LogStartOffset() const { return log_start_offset_.load(std::memory_order_acquire); }
  // The next offset to be written and visible: everything below it is durable per the policy.
  int64_t HighWatermark() const { return high_watermark_.load(std::memory_order_acquire); }

  // Completes with true as soon as HighWatermark() > offset, false after `timeout` or when the
  // partition closes. Event-driven: no polling.
  boost::asio::awaitable<bool> WaitForData(int64_t offset, std::chrono::milliseconds timeout);

  // Validates, persists (atomically) and applies new settings.
  Status UpdateConfig(const PartitionConfig& config);
  PartitionConfig config() const;
  const PartitionId& id() const { return id_; }
  const std::string& dir() const { return dir_; }

  // Deletes whole non-active segments from the front that are older than retention_ms (by their
  // largest timestamp) or that push the total size over retention_bytes, advancing the log start
  // offset. Never touches the active segment or anything not yet durable. Returns the count.
  Result<int> RunRetention(int64_t now_ms);

  // Makes everything written durable, stops accepting appends, completes waiters. Idempotent.
  Status Close();

  // Observability and tests.
  uint64_t fsync_count() const { return fsync_count_.load(std::memory_order_relaxed); }
  size_t segment_count() const;
  int64_t size_bytes() const;

 private:
  Partition(std::string dir, PartitionId id, PartitionConfig config, SyncScheduler* scheduler);
  Status Recover();
  void SyncNow() override;
  // Starts an append; `waiter` is completed exactly once (possibly before this returns).
  // Returns the placement (offsets assigned, bytes written, not yet durable) or the error.
  Result<AppendResult> StartAppend(std::string batches, std::unique_ptr<CommitWaiter> waiter);
  // REQUIRES: mu_ held. Rolls to a new segment if the next `bytes` would not fit, the active
  // one is older than segment_ms, or its relative offsets would overflow.
  Status MaybeRoll(size_t bytes, int64_t records, int64_t now_ms);
  // REQUIRES: mu_ held. Moves the watermark to `offset` and collects the waiters it satisfies.
  void AdvanceWatermark(int64_t offset, std::vector<std::unique_ptr<CommitWaiter>>* commits,
                        std::vector<std::shared_ptr<DataWaiter>>* readers);
  // REQUIRES: mu_ held. The segment holding `offset` and the next two, in order, as shared
  // handles for use outside the lock.
  std::vector<std::shared_ptr<Segment>> SegmentsFrom(int64_t offset) const;

  const std::string dir_;
  const PartitionId id_;
  SyncScheduler* const scheduler_;

  mutable std::mutex mu_;
  PartitionConfig config_;
  std::map<int64_t, std::shared_ptr<Segment>> segments_;  // by base offset; last is active
  std::shared_ptr<Segment> active_;
  int64_t next_offset_ = 0;  // next offset to assign
  // Wall time the active segment took its first batch (or was reopened): its age for rolling.
  // Producer timestamps are not used, so a client clock far off cannot force a roll per batch.
  int64_t active_since_ms_ = 0;
  std::vector<std::shared_ptr<Segment>> sealed_unsynced_;  // rolled, not yet fsynced
  bool dir_unsynced_ = false;  // a segment file was created since the last directory fsync
  std::deque<std::unique_ptr<CommitWaiter>> commit_waiters_;  // by ascending target offset
  // Weak: each waiter is owned by the coroutine waiting on it and must not outlive its executor.
  std::vector<std::weak_ptr<DataWaiter>> data_waiters_;
  int64_t synced_offset_ = 0;  // everything below is fsynced
  Status sticky_error_;        // a failed fsync: appends fail until the partition is reopened
  bool closed_ = false;

  std::atomic<int64_t> high_watermark_{0};
  std::atomic<int64_t> log_start_offset_{0};
  std::atomic<uint64_t> fsync_count_{0};
};

}  // namespace millrace::log
