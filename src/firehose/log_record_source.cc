#include "firehose/log_record_source.h"

#include "base/logging.h"
#include "log/batch_decompression.h"
#include "log/log_manager.h"
#include "log/record_batch.h"
#include "log/record_batch_reader.h"

namespace millrace::firehose {

LogRecordSource::LogRecordSource(log::LogManager* log, std::string topic, std::string stream_name)
    : log_(log), topic_(std::move(topic)), stream_name_(std::move(stream_name)) {}

void LogRecordSource::DiscoverPartitions(PartitionOffsets& positions) {
  for (const log::PartitionId& id : log_->List()) {
    if (id.topic != topic_ || positions.count(id.partition) != 0) continue;
    Result<log::Partition*> p = log_->Get(id);
    if (!p.ok()) continue;
    positions[id.partition] = (*p)->LogStartOffset();
  }
}

bool LogRecordSource::Read(PartitionOffsets& positions, size_t max_bytes,
                           const std::atomic<bool>& stopping, const SourceRecordFn& fn) {
  bool any = false;
  for (auto& [partition_index, position] : positions) {
    if (stopping.load()) break;
    Result<log::Partition*> partition = log_->Get({topic_, partition_index});
    if (!partition.ok()) continue;  // deleted underneath (source stream removed)
    log::Partition* p = *partition;
    if (position < p->LogStartOffset()) {
      MR_LOG_WARN(
          "firehose: delivery stream {}: records {}..{} of {}-{} expired before "
          "delivery",
          stream_name_, position, p->LogStartOffset() - 1, topic_, partition_index);
      position = p->LogStartOffset();
    }
    if (position >= p->HighWatermark()) continue;
    Result<log::ReadResult> r = p->Read(position, max_bytes);
    if (!r.ok()) {
      MR_LOG_WARN("firehose: delivery stream {}: read {}-{}@{}: {}", stream_name_, topic_,
                  partition_index, position, r.status().ToString());
      continue;
    }
    std::span<const uint8_t> bytes = log::AsBytes(r->bytes);
    while (!bytes.empty()) {
      Result<log::BatchHeader> header = log::ParseBatchHeader(bytes);
      if (!header.ok() || header->TotalSize() > bytes.size()) break;
      std::span<const uint8_t> batch = bytes.subspan(0, header->TotalSize());
      bytes = bytes.subspan(header->TotalSize());
      if ((header->attributes & log::batch_format::kControlBit) != 0) continue;
      std::string decompressed;
      if (header->Compression() != 0) {
        // A Kafka producer compressed this batch: read its uncompressed equivalent.
        Result<std::string> plain = log::DecompressBatch(batch);
        if (plain.ok()) {
          decompressed = std::move(plain).value();
          batch = log::AsBytes(decompressed);
        }
      }
      Result<log::RecordBatchReader> reader = log::RecordBatchReader::Open(batch);
      if (!reader.ok()) {
        // A damaged compressed payload.
        MR_LOG_WARN("firehose: delivery stream {}: skipping batch at {}-{}@{}: {}", stream_name_,
                    topic_, partition_index, header->base_offset, reader.status().ToString());
        continue;
      }
      while (true) {
        Result<std::optional<log::RecordView>> rec = reader->Next();
        if (!rec.ok() || !rec->has_value()) break;
        const log::RecordView& view = **rec;
        if (view.offset < position) continue;
        fn(SourceRecord{partition_index, view.offset, view.timestamp_ms, view.value.value_or("")});
      }
    }
    position = r->next_offset;
    any = true;
  }
  return any;
}

std::optional<int64_t> LogRecordSource::OldestUnreadMs(const PartitionOffsets& positions) {
  std::optional<int64_t> oldest;
  for (const auto& [partition_index, position] : positions) {
    Result<log::Partition*> partition = log_->Get({topic_, partition_index});
    if (!partition.ok()) continue;
    log::Partition* p = *partition;
    int64_t from = std::max(position, p->LogStartOffset());
    if (from >= p->HighWatermark()) continue;
    // One batch is enough: its base timestamp is its first record's.
    Result<log::ReadResult> r = p->Read(from, 1, 1);
    if (!r.ok()) continue;
    Result<log::BatchHeader> header = log::ParseBatchHeader(log::AsBytes(r->bytes));
    if (!header.ok()) continue;
    if (!oldest || header->base_timestamp < *oldest) oldest = header->base_timestamp;
  }
  return oldest;
}

PartitionOffsets LogRecordSource::StartingOffsets(log::LogManager& log, const std::string& topic,
                                                  std::optional<int64_t> from_timestamp_ms) {
  PartitionOffsets offsets;
  for (const log::PartitionId& id : log.List()) {
    if (id.topic != topic) continue;
    Result<log::Partition*> p = log.Get(id);
    if (!p.ok()) continue;
    int64_t start = (*p)->HighWatermark();
    if (from_timestamp_ms) {
      Result<int64_t> at = (*p)->OffsetForTimestamp(*from_timestamp_ms);
      if (at.ok()) start = *at;
    }
    offsets[id.partition] = start;
  }
  return offsets;
}

}  // namespace millrace::firehose
