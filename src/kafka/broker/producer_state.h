// ProducerStateTable: idempotent-producer bookkeeping. Hands out producer ids (InitProducerId)
// and checks each produced batch's (producer id, epoch, base sequence) against the last batches
// that producer wrote to the partition, as Kafka does: a retry of one of the last five batches
// is a duplicate (answered with its original offset, not appended again), a gap or a step back
// is OUT_OF_ORDER_SEQUENCE_NUMBER, an older epoch is INVALID_PRODUCER_EPOCH.
// Kept in memory; after a restart it is rebuilt from the batch headers in the log
// (RebuildProducerState). Thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

#include "base/status.h"

namespace millrace::log {
class LogManager;
}  // namespace millrace::log

namespace millrace::kafka {

struct SequenceCheck {
  int16_t error_code = 0;  // NONE when the batch may be appended (or is a duplicate)
  bool duplicate = false;  // already appended at duplicate_base_offset
  int64_t duplicate_base_offset = -1;
};

class ProducerStateTable {
 public:
  ProducerStateTable() = default;

  // Checks a batch of `record_count` records with the given producer fields for (topic,
  // partition). Batches with producer_id < 0 are not idempotent and always pass.
  SequenceCheck Check(const std::string& topic, int32_t partition, int64_t producer_id,
                      int16_t epoch, int32_t base_sequence, int32_t record_count);
  // Records a batch that Check() passed and that was placed at `base_offset` (or that recovery
  // found in the log).
  void Record(const std::string& topic, int32_t partition, int64_t producer_id, int16_t epoch,
              int32_t base_sequence, int32_t record_count, int64_t base_offset);
  // Drops what is known of `producer_id` on (topic, partition): after a failed append, so that a
  // retry is appended again rather than answered as a duplicate of a batch that is not there.
  void Forget(const std::string& topic, int32_t partition, int64_t producer_id);
  // (producer, partition) pairs known; for tests and metrics.
  size_t size() const;

 private:
  struct BatchEntry {
    int32_t first_sequence;
    int32_t last_sequence;
    int64_t base_offset;
  };
  struct State {
    int16_t epoch = 0;
    std::deque<BatchEntry> recent;  // up to kRecentBatches, oldest first
  };
  static constexpr size_t kRecentBatches = 5;
  using Key = std::tuple<int64_t, std::string, int32_t>;

  mutable std::mutex mu_;
  std::map<Key, State> states_;
};

// Rebuilds `table` from the idempotent batches (producer id >= 0) of every partition of `log`,
// reading batch headers only, from max(log start, high watermark - kProducerStateScanRecords)
// of each partition. Returns the largest producer id seen (-1 if none).
inline constexpr int64_t kProducerStateScanRecords = int64_t{1} << 22;
Result<int64_t> RebuildProducerState(log::LogManager& log, ProducerStateTable* table);

}  // namespace millrace::kafka
