#include "log/record_batch.h"

#include <string>

#include "base/crc32c.h"
#include "base/endian.h"

namespace millrace::log {

namespace bf = batch_format;

Result<BatchHeader> ParseBatchHeader(std::span<const uint8_t> bytes) {
  if (bytes.size() < bf::kHeaderSize) {
    return Status::Corruption("record batch truncated: " + std::to_string(bytes.size()) +
                              " bytes, header needs " + std::to_string(bf::kHeaderSize));
  }
  const uint8_t* p = bytes.data();
  BatchHeader h;
  h.base_offset = LoadBE<int64_t>(p + bf::kBaseOffset);
  h.batch_length = LoadBE<int32_t>(p + bf::kBatchLength);
  h.partition_leader_epoch = LoadBE<int32_t>(p + bf::kPartitionLeaderEpoch);
  h.magic = static_cast<int8_t>(p[bf::kMagic]);
  h.crc = LoadBE<uint32_t>(p + bf::kCrc);
  h.attributes = LoadBE<int16_t>(p + bf::kAttributes);
  h.last_offset_delta = LoadBE<int32_t>(p + bf::kLastOffsetDelta);
  h.base_timestamp = LoadBE<int64_t>(p + bf::kBaseTimestamp);
  h.max_timestamp = LoadBE<int64_t>(p + bf::kMaxTimestamp);
  h.producer_id = LoadBE<int64_t>(p + bf::kProducerId);
  h.producer_epoch = LoadBE<int16_t>(p + bf::kProducerEpoch);
  h.base_sequence = LoadBE<int32_t>(p + bf::kBaseSequence);
  h.record_count = LoadBE<int32_t>(p + bf::kRecordCount);
  if (h.magic != bf::kMagicV2) {
    return Status::Corruption("record batch magic " + std::to_string(h.magic) + ", expected 2");
  }
  if (h.batch_length < static_cast<int32_t>(bf::kHeaderSize - bf::kLogOverhead)) {
    return Status::Corruption("record batch length " + std::to_string(h.batch_length) +
                              " is shorter than its header");
  }
  return h;
}

Result<BatchHeader> ValidateBatch(std::span<const uint8_t> bytes) {
  MR_ASSIGN_OR_RETURN(BatchHeader h, ParseBatchHeader(bytes));
  if (bytes.size() < h.TotalSize()) {
    return Status::Corruption("record batch truncated: " + std::to_string(bytes.size()) + " of " +
                              std::to_string(h.TotalSize()) + " bytes");
  }
  if (h.last_offset_delta < 0 || h.record_count < 0) {
    return Status::Corruption("record batch has a negative record count or offset delta");
  }
  uint32_t crc = ComputeBatchCrc(bytes.data(), h.TotalSize());
  if (crc != h.crc) {
    return Status::Corruption("record batch CRC mismatch at base offset " +
                              std::to_string(h.base_offset));
  }
  return h;
}

uint32_t ComputeBatchCrc(const uint8_t* batch, size_t size) {
  return crc32c::Value(batch + bf::kAttributes, size - bf::kAttributes);
}

void SetBaseOffset(uint8_t* batch, int64_t base_offset) {
  StoreBE<int64_t>(batch + bf::kBaseOffset, base_offset);
}

void SetLeaderEpoch(uint8_t* batch, int32_t epoch) {
  StoreBE<int32_t>(batch + bf::kPartitionLeaderEpoch, epoch);
}

void StampLogAppendTime(uint8_t* batch, size_t size, int64_t append_time_ms) {
  int16_t attributes = LoadBE<int16_t>(batch + bf::kAttributes);
  StoreBE<int16_t>(batch + bf::kAttributes,
                   static_cast<int16_t>(attributes | bf::kTimestampTypeBit));
  StoreBE<int64_t>(batch + bf::kBaseTimestamp, append_time_ms);
  StoreBE<int64_t>(batch + bf::kMaxTimestamp, append_time_ms);
  StoreBE<uint32_t>(batch + bf::kCrc, ComputeBatchCrc(batch, size));
}

}  // namespace millrace::log
