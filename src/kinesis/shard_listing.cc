#include "kinesis/shard_listing.h"

#include <algorithm>

#include "kinesis/shard_id.h"

namespace millrace::kinesis {

namespace {

constexpr ShardFilterType kAllTypes[] = {
    ShardFilterType::kAfterShardId,    ShardFilterType::kAtTrimHorizon,
    ShardFilterType::kFromTrimHorizon, ShardFilterType::kAtLatest,
    ShardFilterType::kAtTimestamp,     ShardFilterType::kFromTimestamp};

// Open at some instant of [from, to]: created by `to`, not closed before `from`.
bool OpenDuring(const Shard& shard, int64_t from, int64_t to) {
  return shard.created_ms <= to && (shard.open() || *shard.closed_ms >= from);
}

KinesisResult<int32_t> ShardIndexOf(std::string_view id, std::string_view member) {
  std::optional<int32_t> index = ParseShardId(id);
  if (!index) {
    return InvalidArgument(std::string(member) + " " + std::string(id) +
                           " is not a shard ID of the form shardId-000000000000.");
  }
  return *index;
}

}  // namespace

std::string_view ShardFilterTypeName(ShardFilterType type) {
  switch (type) {
    case ShardFilterType::kAfterShardId:
      return "AFTER_SHARD_ID";
    case ShardFilterType::kAtTrimHorizon:
      return "AT_TRIM_HORIZON";
    case ShardFilterType::kFromTrimHorizon:
      return "FROM_TRIM_HORIZON";
    case ShardFilterType::kAtLatest:
      return "AT_LATEST";
    case ShardFilterType::kAtTimestamp:
      return "AT_TIMESTAMP";
    case ShardFilterType::kFromTimestamp:
      return "FROM_TIMESTAMP";
  }
  return "FROM_TRIM_HORIZON";
}

KinesisResult<ShardFilterType> ParseShardFilterType(std::string_view text) {
  for (ShardFilterType type : kAllTypes) {
    if (ShardFilterTypeName(type) == text) return type;
  }
  std::string value(text);
  return ValidationError("shardFilter.type", &value,
                         "Member must satisfy enum value set: [AFTER_SHARD_ID, AT_TRIM_HORIZON, "
                         "FROM_TRIM_HORIZON, AT_LATEST, AT_TIMESTAMP, FROM_TIMESTAMP]");
}

KinesisResult<std::vector<const Shard*>> ListShards(
    const ShardMap& map, const std::optional<ShardFilter>& filter,
    const std::optional<std::string>& exclusive_start_shard_id, int64_t now_ms,
    int64_t retention_ms) {
  // Nothing is older than the stream itself: a young stream's trim horizon is its creation.
  const int64_t created = map.shards().empty() ? now_ms : map.shards().front().created_ms;
  const int64_t trim_horizon = std::max(now_ms - retention_ms, created);
  int32_t after = -1;
  if (exclusive_start_shard_id) {
    MR_ASSIGN_OR_RETURN(after, ShardIndexOf(*exclusive_start_shard_id, "ExclusiveStartShardId"));
  }
  // Each filter keeps the shards open at some instant of [from, to].
  int64_t from = trim_horizon, to = INT64_MAX;
  if (filter) {
    switch (filter->type) {
      case ShardFilterType::kAfterShardId: {
        if (!filter->shard_id) {
          return InvalidArgument("ShardFilter of type AFTER_SHARD_ID requires a ShardId.");
        }
        MR_ASSIGN_OR_RETURN(int32_t index, ShardIndexOf(*filter->shard_id, "ShardId"));
        after = std::max(after, index);
        break;
      }
      case ShardFilterType::kAtTrimHorizon:
        to = trim_horizon;
        break;
      case ShardFilterType::kFromTrimHorizon:
        break;
      case ShardFilterType::kAtLatest:
        from = to = now_ms;
        break;
      case ShardFilterType::kAtTimestamp:
      case ShardFilterType::kFromTimestamp: {
        if (!filter->timestamp_ms) {
          return InvalidArgument("ShardFilter of type " +
                                 std::string(ShardFilterTypeName(filter->type)) +
                                 " requires a Timestamp.");
        }
        from = std::max(*filter->timestamp_ms, trim_horizon);
        if (filter->type == ShardFilterType::kAtTimestamp) to = from;
        break;
      }
    }
  }
  std::vector<const Shard*> out;
  for (const Shard& shard : map.shards()) {
    if (shard.index <= after) continue;
    // AT_LATEST means open now, whatever the clocks say about creation times.
    bool keep = (filter && filter->type == ShardFilterType::kAtLatest)
                    ? shard.open()
                    : OpenDuring(shard, from, to);
    if (keep) out.push_back(&shard);
  }
  return out;
}

}  // namespace millrace::kinesis
