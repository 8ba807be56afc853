// RecordCompression: the CompressionFormat of an S3 destination, applied to a whole object's bytes
// before it is written.
//
// UNCOMPRESSED: the bytes as they are. GZIP: one gzip member (RFC 1952). ZIP: a zip archive
// holding one deflated entry. Snappy: the Snappy framing format (stream identifier, then CRC-32C
// checked chunks of at most 64 KiB), which `python -m snappy -d`/snappy.StreamDecompressor read.
// HADOOP_SNAPPY: Hadoop's BlockCompressorStream layout that Hadoop's SnappyCodec, Spark and Athena
// read (per 256 KiB block: big-endian raw length, then big-endian compressed length and a raw
// Snappy block). All functions are pure: thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace millrace::firehose {

enum class CompressionFormat : uint8_t { kUncompressed, kGzip, kZip, kSnappy, kHadoopSnappy };

// The API's names: "UNCOMPRESSED", "GZIP", "ZIP", "Snappy", "HADOOP_SNAPPY" (exact case).
// Errors: InvalidArgument listing the valid names.
Result<CompressionFormat> ParseCompressionFormat(std::string_view name);
std::string_view CompressionFormatName(CompressionFormat format);

// The extension Firehose appends to object names when FileExtension is not set:
// "", ".gz", ".zip", ".snappy", ".snappy".
std::string_view DefaultFileExtension(CompressionFormat format);

struct CompressOptions {
  std::string zip_entry_name = "data";  // ZIP only: the one entry's file name
  int64_t zip_modified_millis = 0;      // ZIP only: the entry's timestamp (UTC); 0 = 1980-01-01
};

// `data` compressed per `format`. Errors: Internal if zlib fails; ResourceExhausted for a ZIP
// above 4 GiB (no ZIP64).
Result<std::string> Compress(CompressionFormat format, std::string_view data,
                             const CompressOptions& options = {});

}  // namespace millrace::firehose
