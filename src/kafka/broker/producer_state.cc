#include "kafka/broker/producer_state.h"

#include "log/log_manager.h"
#include "log/record_batch.h"
#include "kafka/protocol/error_codes.h"

namespace millrace::kafka {
namespace {

// Sequences wrap at INT32_MAX back to 0, as in Kafka.
int32_t NextSequence(int32_t sequence, int32_t step) {
  int64_t next = static_cast<int64_t>(sequence) + step;
  return static_cast<int32_t>(next % (static_cast<int64_t>(INT32_MAX) + 1));
}

}  // namespace

SequenceCheck ProducerStateTable::Check(const std::string& topic, int32_t partition,
                                        int64_t producer_id, int16_t epoch, int32_t base_sequence,
                                        int32_t record_count) {
  SequenceCheck result;
  if (producer_id < 0) return result;
  std::lock_guard lock(mu_);
  auto it = states_.find(Key{producer_id, topic, partition});
  if (it == states_.end()) return result;  // first batch of this producer here: any sequence
  State& state = it->second;
  if (epoch < state.epoch) {
    result.error_code = static_cast<int16_t>(ErrorCode::kInvalidProducerEpoch);
    return result;
  }
  if (epoch > state.epoch) {
    if (base_sequence != 0) {
      result.error_code = static_cast<int16_t>(ErrorCode::kOutOfOrderSequenceNumber);
    }
    return result;
  }
  const int32_t last_sequence = NextSequence(base_sequence, record_count - 1);
  for (const BatchEntry& b : state.recent) {
    if (b.first_sequence == base_sequence && b.last_sequence == last_sequence) {
      result.duplicate = true;
      result.duplicate_base_offset = b.base_offset;
      return result;
    }
  }
  if (!state.recent.empty() &&
      base_sequence != NextSequence(state.recent.back().last_sequence, 1)) {
    result.error_code = static_cast<int16_t>(ErrorCode::kOutOfOrderSequenceNumber);
  }
  return result;
}

void ProducerStateTable::Record(const std::string& topic, int32_t partition, int64_t producer_id,
                                int16_t epoch, int32_t base_sequence, int32_t record_count,
                                int64_t base_offset) {
  if (producer_id < 0) return;
  std::lock_guard lock(mu_);
  State& state = states_[Key{producer_id, topic, partition}];
  if (epoch != state.epoch) {
    state.epoch = epoch;
    state.recent.clear();
  }
  state.recent.push_back(
      {base_sequence, NextSequence(base_sequence, record_count - 1), base_offset});
  while (state.recent.size() > kRecentBatches) state.recent.pop_front();
}

void ProducerStateTable::Forget(const std::string& topic, int32_t partition,
                                int64_t producer_id) {
  std::lock_guard lock(mu_);
  states_.erase(Key{producer_id, topic, partition});
}

size_t ProducerStateTable::size() const {
  std::lock_guard lock(mu_);
  return states_.size();
}

Result<int64_t> RebuildProducerState(log::LogManager& log, ProducerStateTable* table) {
  constexpr size_t kChunkBytes = 8 << 20;
  int64_t max_producer_id = -1;
  for (const log::PartitionId& id : log.List()) {
    Result<log::Partition*> p = log.Get(id);
    if (!p.ok()) continue;  // deleted meanwhile
    const int64_t end = (*p)->HighWatermark();
    int64_t offset = std::max((*p)->LogStartOffset(), end - kProducerStateScanRecords);
    while (offset < end) {
      Result<log::ReadResult> read = (*p)->Read(offset, kChunkBytes);
      if (!read.ok()) {
        if (read.status().code() == StatusCode::kOutOfRange) break;  // retention moved the start
        return read.status();
      }
      if (read->bytes.empty() || read->next_offset <= offset) break;
      std::span<const uint8_t> bytes = log::AsBytes(read->bytes);
      size_t pos = 0;
      while (pos < bytes.size()) {
        MR_ASSIGN_OR_RETURN(log::BatchHeader h, log::ParseBatchHeader(bytes.subspan(pos)));
        pos += h.TotalSize();
        if (h.producer_id < 0) continue;
        max_producer_id = std::max(max_producer_id, h.producer_id);
        table->Record(id.topic, id.partition, h.producer_id, h.producer_epoch, h.base_sequence,
                      h.last_offset_delta + 1, h.base_offset);
      }
      offset = read->next_offset;
    }
  }
  return max_producer_id;
}

}  // namespace millrace::kafka
