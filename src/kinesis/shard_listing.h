// ListShards: which shards of a map a request sees, by ShardFilter and ExclusiveStartShardId.
//
// Shards whose every record has passed retention (closed before now - retention) are expired and
// never listed. Paging (MaxResults, NextToken) is the handler's. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kinesis/errors.h"
#include "kinesis/shard_map.h"

namespace millrace::kinesis {

enum class ShardFilterType : uint8_t {
  kAfterShardId,     // shards after ShardId, by index
  kAtTrimHorizon,    // shards open at the trim horizon (now - retention)
  kFromTrimHorizon,  // every unexpired shard
  kAtLatest,         // shards open now
  kAtTimestamp,      // shards open at Timestamp
  kFromTimestamp,    // shards open at or after Timestamp
};

std::string_view ShardFilterTypeName(ShardFilterType type);
// The type named `text`, or a ValidationException on "shardFilter.type".
KinesisResult<ShardFilterType> ParseShardFilterType(std::string_view text);

struct ShardFilter {
  ShardFilterType type = ShardFilterType::kFromTrimHorizon;
  std::optional<std::string> shard_id;  // AFTER_SHARD_ID
  std::optional<int64_t> timestamp_ms;  // AT_TIMESTAMP, FROM_TIMESTAMP
};

// The shards ListShards returns, by index. Without a filter, every unexpired shard.
// `exclusive_start_shard_id` keeps only shards with a greater index. InvalidArgumentException when
// the filter lacks the ShardId or Timestamp its type needs, or names a shard ID that is not one.
KinesisResult<std::vector<const Shard*>> ListShards(
    const ShardMap& map, const std::optional<ShardFilter>& filter,
    const std::optional<std::string>& exclusive_start_shard_id, int64_t now_ms,
    int64_t retention_ms);

}  // namespace millrace::kinesis
