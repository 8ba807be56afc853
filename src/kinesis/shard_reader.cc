#include "kinesis/shard_reader.h"

#include <algorithm>
#include <span>

#include "base/logging.h"
#include "kinesis/sequence_number.h"
#include "log/batch_decompression.h"
#include "log/partition.h"
#include "log/record_batch.h"
#include "log/record_batch_reader.h"

namespace millrace::kinesis {

Result<ShardRead> ReadShard(const log::Partition& partition, const ShardReadRequest& request) {
  ShardRead out;
  int64_t offset = std::max(request.from_offset, partition.LogStartOffset());
  int64_t limit = partition.HighWatermark();
  if (request.end_offset >= 0) limit = std::min(limit, request.end_offset);
  out.next_offset = offset;
  out.high_watermark = partition.HighWatermark();
  out.log_start_offset = partition.LogStartOffset();
  while (offset < limit && static_cast<int32_t>(out.records.size()) < request.max_records &&
         (out.records.empty() || out.bytes < request.max_bytes)) {
    const size_t want =
        static_cast<size_t>(std::clamp<int64_t>(request.max_bytes - out.bytes, 64 << 10, 4 << 20));
    Result<log::ReadResult> read = partition.Read(offset, want);
    if (!read.ok()) {
      if (read.status().code() == StatusCode::kOutOfRange && offset < partition.LogStartOffset()) {
        offset = partition.LogStartOffset();  // retention ran under us
        out.next_offset = offset;
        continue;
      }
      return read.status();
    }
    if (read->bytes.empty()) break;
    std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(read->bytes.data()),
                                   read->bytes.size());
    bool full = false;
    while (!bytes.empty() && !full) {
      MR_ASSIGN_OR_RETURN(log::BatchHeader header, log::ParseBatchHeader(bytes));
      const size_t batch_size = header.TotalSize();
      if ((header.attributes & log::batch_format::kControlBit) != 0 ||
          header.LastOffset() < offset) {
        // A transaction marker (no data record), or a batch wholly before the first offset wanted.
        offset = std::max(offset, header.LastOffset() + 1);
        if (batch_size >= bytes.size()) break;
        bytes = bytes.subspan(batch_size);
        continue;
      }
      std::span<const uint8_t> batch = bytes;
      std::string decompressed;  // owns `batch` when a Kafka producer compressed it
      if (header.Compression() != 0) {
        Result<std::string> plain = log::DecompressBatch(bytes);
        if (plain.status().code() == StatusCode::kCorruption) return plain.status();
        if (!plain.ok()) {
          // The CRC matched, so these are the bytes the producer sent: skip them rather than
          // fail every read at this offset forever.
          MR_LOG_WARN("kinesis: skipping undecodable batch at offset {}: {}", header.base_offset,
                      plain.status().ToString());
          offset = std::max(offset, header.LastOffset() + 1);
          if (batch_size >= bytes.size()) break;
          bytes = bytes.subspan(batch_size);
          continue;
        }
        decompressed = std::move(plain).value();
        batch = log::AsBytes(decompressed);
      }
      MR_ASSIGN_OR_RETURN(log::RecordBatchReader reader, log::RecordBatchReader::Open(batch));
      while (true) {
        MR_ASSIGN_OR_RETURN(std::optional<log::RecordView> record, reader.Next());
        if (!record) break;
        if (record->offset < offset) continue;
        if (record->offset >= limit) {
          full = true;
          break;
        }
        const int64_t size = static_cast<int64_t>(record->key.value_or("").size() +
                                                  record->value.value_or("").size());
        if (static_cast<int32_t>(out.records.size()) >= request.max_records ||
            (!out.records.empty() && out.bytes + size > request.max_bytes)) {
          full = true;
          break;
        }
        KinesisRecord r;
        r.sequence_number =
            EncodeSequenceNumber({request.stream_epoch, request.shard_index, record->offset});
        r.arrival_ms = record->timestamp_ms;
        r.partition_key = std::string(record->key.value_or(""));
        r.data = std::string(record->value.value_or(""));
        out.records.push_back(std::move(r));
        out.bytes += size;
        offset = record->offset + 1;
      }
      if (batch_size >= bytes.size()) break;
      bytes = bytes.subspan(batch_size);
    }
    if (full) break;
    offset = std::max(offset, read->next_offset);
  }
  out.next_offset = std::max(out.next_offset, offset);
  return out;
}

}  // namespace millrace::kinesis
