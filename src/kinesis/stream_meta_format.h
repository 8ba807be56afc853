// The stored form of a stream's metadata file: StreamMeta plus the shard map, as one JSON
// document (layout in docs/kinesis.md). Written and read only through these two functions.
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "kinesis/errors.h"
#include "kinesis/stream_registry.h"

namespace millrace::kinesis {

std::string EncodeStreamFile(const StreamMeta& meta, const ShardMap& map);

struct DecodedStreamFile {
  StreamMeta meta;
  ShardMap map;
};
// InternalFailure naming the file's stream when the text is not a valid stream file.
KinesisResult<DecodedStreamFile> DecodeStreamFile(std::string_view text, std::string account_id);

}  // namespace millrace::kinesis
