// Kafka producers may compress a record batch (attributes bits 0-2: 1 gzip, 2 snappy, 3 lz4,
// 4 zstd); the log stores such batches as they came. DecompressBatch rewrites one into the
// equivalent uncompressed batch (same header and offsets, codec bits cleared, CRC recomputed) so
// the log's record reader can iterate it. Pure function: thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "base/status.h"

namespace millrace::firehose {

// REQUIRES: `batch` is one whole, validated batch. Errors: InvalidArgument for an unsupported
// codec (lz4) or a payload that does not decompress; ResourceExhausted past 256 MiB.
Result<std::string> DecompressBatch(std::span<const uint8_t> batch);

}  // namespace millrace::firehose
