// The stored form of a ShardMap: one byte string a metadata store keeps per stream, written and
// read only through these two functions (layout in docs/kinesis.md).
//
// Little-endian, versioned, ending in a CRC32C of everything before it, so a torn or damaged
// value is detected instead of routing records by a wrong map. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "kinesis/errors.h"
#include "kinesis/shard_map.h"

namespace millrace::kinesis {

std::string EncodeShardMap(const ShardMap& map);

// The map `bytes` holds, for stream `stream_name` of `account_id`. InternalFailure when the
// bytes are truncated, damaged (CRC mismatch), of an unknown version, or describe shards that
// break the map's invariants.
KinesisResult<ShardMap> DecodeShardMap(std::string_view bytes, std::string stream_name,
                                       std::string account_id);

}  // namespace millrace::kinesis
