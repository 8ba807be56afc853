// RecordSource: where a delivery worker reads its records — the embedded log (LogRecordSource)
// or an external Kafka cluster (KafkaRecordSource). Positions are per partition: the offset of
// the next record to read; the worker owns them (they come from and go to its checkpoint file).
// Threading: a source is used by its worker thread only.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace millrace::firehose {

struct SourceRecord {
  int32_t partition = 0;
  int64_t offset = 0;
  int64_t timestamp_ms = 0;  // the record's (producer or append) timestamp
  std::string_view value;    // valid during the callback only
};

using SourceRecordFn = std::function<void(const SourceRecord&)>;

// Per-partition offsets: the next record to read (or, in a checkpoint, not yet delivered).
using PartitionOffsets = std::map<int32_t, int64_t>;

class RecordSource {
 public:
  virtual ~RecordSource() = default;

  // Adds to `positions` the partitions of the source that it does not hold yet, each at its
  // first offset (a partition that appears after creation is all new data).
  virtual void DiscoverPartitions(PartitionOffsets& positions) = 0;
  // Reads what is new after `positions` (up to about `max_bytes` per partition), calls `fn` for
  // each record in offset order within a partition and advances `positions` past what it read.
  // Returns true if anything was read. Stops early once `stopping` is set.
  virtual bool Read(PartitionOffsets& positions, size_t max_bytes,
                    const std::atomic<bool>& stopping, const SourceRecordFn& fn) = 0;
  // Every record below `offsets` was delivered (the checkpoint file holds them now).
  virtual void Committed(const PartitionOffsets& offsets) { (void)offsets; }
  // Wall-clock time (ms) of the oldest record at or after `positions` that is not read yet, or
  // nullopt when everything is read. May be an upper bound of its age (see each source).
  virtual std::optional<int64_t> OldestUnreadMs(const PartitionOffsets& positions) = 0;
};

}  // namespace millrace::firehose
