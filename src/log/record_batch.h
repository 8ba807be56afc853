// The Kafka RecordBatch v2 (magic 2) layout: the unit the log stores, verbatim. This header is the
// one description of the format that the appender, the recovery scan and the readers share.
// All fields are big-endian. The CRC is CRC32C over everything from `attributes` to the end.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "base/status.h"

namespace millrace::log {

namespace batch_format {
inline constexpr size_t kBaseOffset = 0;             // int64, assigned by the log
inline constexpr size_t kBatchLength = 8;            // int32, bytes after this field
inline constexpr size_t kPartitionLeaderEpoch = 12;  // int32
inline constexpr size_t kMagic = 16;                 // int8, always 2
inline constexpr size_t kCrc = 17;                   // uint32, CRC32C of [kAttributes, end)
inline constexpr size_t kAttributes = 21;            // int16
inline constexpr size_t kLastOffsetDelta = 23;       // int32
inline constexpr size_t kBaseTimestamp = 27;         // int64
inline constexpr size_t kMaxTimestamp = 35;          // int64
inline constexpr size_t kProducerId = 43;            // int64
inline constexpr size_t kProducerEpoch = 51;         // int16
inline constexpr size_t kBaseSequence = 53;          // int32
inline constexpr size_t kRecordCount = 57;           // int32
inline constexpr size_t kHeaderSize = 61;            // first record starts here
// baseOffset + batchLength: the prefix that is not counted in batchLength.
inline constexpr size_t kLogOverhead = 12;
inline constexpr int8_t kMagicV2 = 2;

inline constexpr int16_t kCompressionMask = 0x07;   // bits 0-2: codec, 0 = none
inline constexpr int16_t kTimestampTypeBit = 0x08;  // bit 3: 1 = LogAppendTime
inline constexpr int16_t kTransactionalBit = 0x10;  // bit 4
inline constexpr int16_t kControlBit = 0x20;        // bit 5
}  // namespace batch_format

// The fixed fields of one batch, decoded.
struct BatchHeader {
  int64_t base_offset = 0;
  int32_t batch_length = 0;  // bytes after the batchLength field
  int32_t partition_leader_epoch = 0;
  int8_t magic = 0;
  uint32_t crc = 0;
  int16_t attributes = 0;
  int32_t last_offset_delta = 0;
  int64_t base_timestamp = 0;
  int64_t max_timestamp = 0;
  int64_t producer_id = -1;
  int16_t producer_epoch = -1;
  int32_t base_sequence = -1;
  int32_t record_count = 0;

  // Whole batch size on disk, header included.
  size_t TotalSize() const {
    return batch_format::kLogOverhead + static_cast<size_t>(batch_length);
  }
  int64_t LastOffset() const { return base_offset + last_offset_delta; }
  int16_t Compression() const { return attributes & batch_format::kCompressionMask; }
};

// Decodes the fixed header from the start of `bytes`. Checks only that the header is present,
// the magic is 2 and batchLength is plausible (>= the header); not the CRC and not that the
// whole batch is present. Corruption otherwise.
Result<BatchHeader> ParseBatchHeader(std::span<const uint8_t> bytes);

// Validates the batch at the start of `bytes`: header as above, the whole batch present, the CRC,
// recordCount >= 0 and lastOffsetDelta >= 0. Returns the header; Corruption on any failure.
Result<BatchHeader> ValidateBatch(std::span<const uint8_t> bytes);

// CRC32C over [kAttributes, end) of a complete batch of `size` bytes.
uint32_t ComputeBatchCrc(const uint8_t* batch, size_t size);

// Writes baseOffset in place (outside the CRC, so the CRC stays valid).
void SetBaseOffset(uint8_t* batch, int64_t base_offset);
// The partitionLeaderEpoch the log stamps on every batch (outside the CRC): one node is the only
// leader, epoch 0. Recovery treats any other value as damage, which covers the one field that
// neither the CRC nor the dense-offset check protects.
inline constexpr int32_t kLeaderEpoch = 0;
void SetLeaderEpoch(uint8_t* batch, int32_t epoch);

// Kafka LogAppendTime: sets attributes bit 3, baseTimestamp = maxTimestamp = `append_time_ms`
// and recomputes the CRC. REQUIRES: `batch` holds one complete batch of `size` bytes.
void StampLogAppendTime(uint8_t* batch, size_t size, int64_t append_time_ms);

inline std::span<const uint8_t> AsBytes(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

}  // namespace millrace::log
