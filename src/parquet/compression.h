// Page compression codecs: UNCOMPRESSED, SNAPPY (raw block), GZIP (RFC 1952 framing) and ZSTD
// (frames). Stateless functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "base/status.h"
#include "parquet/format.h"

namespace millrace::parquet {

// True for the codecs this build can both write and read.
bool CodecSupported(Codec codec);

// Appends the compressed form of `input` to `*out`. InvalidArgument for unsupported codecs.
Status Compress(Codec codec, std::string_view input, std::string* out);

// Replaces `*out` with the decompressed form of `input`, which must be exactly
// `uncompressed_size` bytes (Corruption otherwise). GZIP accepts concatenated members.
Status Decompress(Codec codec, std::string_view input, size_t uncompressed_size, std::string* out);

}  // namespace millrace::parquet
