// Shard IDs: the names Kinesis gives shards, "shardId-" plus the shard index in 12 digits.
//
// A shard's index is also its partition number in the log, so the ID is just a spelling of it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace millrace::kinesis {

// The largest shard index; log partitions are int32.
inline constexpr int32_t kMaxShardIndex = INT32_MAX;

// "shardId-000000000007" for 7. REQUIRES: 0 <= index.
std::string FormatShardId(int32_t index);

// The index named by a shard ID. Accepts "shardId-" followed by 1 to 20 digits, or the digits
// alone, as Kinesis does (so "shardId-1" and "1" name shard 1); the value must be at most
// kMaxShardIndex. Returns nullopt for anything else.
std::optional<int32_t> ParseShardId(std::string_view id);

}  // namespace millrace::kinesis
