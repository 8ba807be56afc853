// Kafka producers may compress a record batch (attributes bits 0-2: 1 gzip, 2 snappy, 3 lz4,
// 4 zstd); the log stores such batches exactly as they came. DecompressBatch rewrites one into
// the equivalent uncompressed batch (same header and offsets, codec bits cleared, length and CRC
// recomputed) so RecordBatchReader can iterate it. Pure functions: thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "base/status.h"

namespace millrace::log {

// The largest records section a compressed batch may expand to.
inline constexpr size_t kMaxDecompressedBatchBytes = size_t{256} << 20;

// Decompresses a records section written with Kafka codec `codec` (1 gzip, 2 snappy raw or
// xerial-framed, 3 lz4 frame, 4 zstd; 0 returns it unchanged). Errors: InvalidArgument for an
// unknown codec or a payload that does not decode (damaged or truncated); ResourceExhausted when
// the output would pass kMaxDecompressedBatchBytes.
Result<std::string> DecompressRecords(int codec, std::string_view payload);

// Returns the uncompressed equivalent of the batch at the start of `batch` (a copy of it if it
// is not compressed; bytes after it are ignored). Corruption if the stored batch itself fails
// validation (length, magic, CRC); otherwise errors as DecompressRecords.
Result<std::string> DecompressBatch(std::span<const uint8_t> batch);

}  // namespace millrace::log
