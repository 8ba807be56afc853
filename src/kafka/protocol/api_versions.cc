#include "kafka/protocol/api_versions.h"

#include <string>

namespace millrace::kafka {
namespace {

// Ordered by key. Keep docs/kafka.md's table in step with this one.
// clang-format off
constexpr ApiVersionRange kSupportedApis[] = {
    {ApiKey::kProduce, 0, 8, 9},
    {ApiKey::kFetch, 0, 11, 12},
    {ApiKey::kListOffsets, 0, 5, 6},
    {ApiKey::kMetadata, 0, 8, 9},
    {ApiKey::kOffsetCommit, 0, 7, 8},
    {ApiKey::kOffsetFetch, 0, 5, 6},
    {ApiKey::kFindCoordinator, 0, 2, 3},
    {ApiKey::kJoinGroup, 0, 5, 6},
    {ApiKey::kHeartbeat, 0, 3, 4},
    {ApiKey::kLeaveGroup, 0, 3, 4},
    {ApiKey::kSyncGroup, 0, 3, 4},
    {ApiKey::kDescribeGroups, 0, 2, 5},
    {ApiKey::kListGroups, 0, 2, 3},
    {ApiKey::kApiVersions, 0, 3, 3},
    {ApiKey::kCreateTopics, 0, 4, 5},
    {ApiKey::kDeleteTopics, 0, 3, 4},
    {ApiKey::kInitProducerId, 0, 4, 2},
    {ApiKey::kDescribeConfigs, 0, 2, 4},
    {ApiKey::kCreatePartitions, 0, 1, 2},
};
// clang-format on

// First flexible versions of APIs millrace does not implement, so request headers of any known
// API are parsed correctly (3.8.0 specs). -1: never flexible.
struct FlexibleFrom {
  ApiKey key;
  int16_t first_flexible_version;
};
// clang-format off
constexpr FlexibleFrom kOtherApis[] = {
    {ApiKey::kLeaderAndIsr, 4},
    {ApiKey::kStopReplica, 2},
    {ApiKey::kUpdateMetadata, 6},
    {ApiKey::kControlledShutdown, 3},
    {ApiKey::kSaslHandshake, -1},
    {ApiKey::kDeleteRecords, 2},
    {ApiKey::kOffsetForLeaderEpoch, 4},
    {ApiKey::kAddPartitionsToTxn, 3},
    {ApiKey::kAddOffsetsToTxn, 3},
    {ApiKey::kEndTxn, 3},
    {ApiKey::kTxnOffsetCommit, 3},
    {ApiKey::kAlterConfigs, 2},
    {ApiKey::kSaslAuthenticate, 2},
    {ApiKey::kDeleteGroups, 2},
    {ApiKey::kDescribeCluster, 0},
};
// clang-format on

}  // namespace

std::string_view ApiKeyName(ApiKey key) {
  switch (key) {
    case ApiKey::kProduce:
      return "Produce";
    case ApiKey::kFetch:
      return "Fetch";
    case ApiKey::kListOffsets:
      return "ListOffsets";
    case ApiKey::kMetadata:
      return "Metadata";
    case ApiKey::kLeaderAndIsr:
      return "LeaderAndIsr";
    case ApiKey::kStopReplica:
      return "StopReplica";
    case ApiKey::kUpdateMetadata:
      return "UpdateMetadata";
    case ApiKey::kControlledShutdown:
      return "ControlledShutdown";
    case ApiKey::kOffsetCommit:
      return "OffsetCommit";
    case ApiKey::kOffsetFetch:
      return "OffsetFetch";
    case ApiKey::kFindCoordinator:
      return "FindCoordinator";
    case ApiKey::kJoinGroup:
      return "JoinGroup";
    case ApiKey::kHeartbeat:
      return "Heartbeat";
    case ApiKey::kLeaveGroup:
      return "LeaveGroup";
    case ApiKey::kSyncGroup:
      return "SyncGroup";
    case ApiKey::kDescribeGroups:
      return "DescribeGroups";
    case ApiKey::kListGroups:
      return "ListGroups";
    case ApiKey::kSaslHandshake:
      return "SaslHandshake";
    case ApiKey::kApiVersions:
      return "ApiVersions";
    case ApiKey::kCreateTopics:
      return "CreateTopics";
    case ApiKey::kDeleteTopics:
      return "DeleteTopics";
    case ApiKey::kDeleteRecords:
      return "DeleteRecords";
    case ApiKey::kInitProducerId:
      return "InitProducerId";
    case ApiKey::kOffsetForLeaderEpoch:
      return "OffsetForLeaderEpoch";
    case ApiKey::kAddPartitionsToTxn:
      return "AddPartitionsToTxn";
    case ApiKey::kAddOffsetsToTxn:
      return "AddOffsetsToTxn";
    case ApiKey::kEndTxn:
      return "EndTxn";
    case ApiKey::kTxnOffsetCommit:
      return "TxnOffsetCommit";
    case ApiKey::kDescribeConfigs:
      return "DescribeConfigs";
    case ApiKey::kAlterConfigs:
      return "AlterConfigs";
    case ApiKey::kSaslAuthenticate:
      return "SaslAuthenticate";
    case ApiKey::kCreatePartitions:
      return "CreatePartitions";
    case ApiKey::kDeleteGroups:
      return "DeleteGroups";
    case ApiKey::kDescribeCluster:
      return "DescribeCluster";
  }
  return "Unknown";
}

std::span<const ApiVersionRange> SupportedApis() {
  return kSupportedApis;
}

std::optional<ApiVersionRange> FindSupportedApi(ApiKey key) {
  for (const ApiVersionRange& range : kSupportedApis) {
    if (range.key == key) return range;
  }
  return std::nullopt;
}

std::optional<ApiVersionRange> FindSupportedApi(int16_t raw_key) {
  return FindSupportedApi(static_cast<ApiKey>(raw_key));
}

bool IsSupported(ApiKey key, int16_t version) {
  const auto range = FindSupportedApi(key);
  return range && version >= range->min_version && version <= range->max_version;
}

Status CheckSupported(ApiKey key, int16_t version) {
  if (IsSupported(key, version)) return Status::Ok();
  return Status::InvalidArgument("unsupported version " + std::to_string(version) + " of " +
                                 std::string(ApiKeyName(key)) + " (api key " +
                                 std::to_string(static_cast<int16_t>(key)) + ")");
}

bool IsFlexible(ApiKey key, int16_t version) {
  int16_t first = -1;
  if (const auto range = FindSupportedApi(key)) {
    first = range->first_flexible_version;
  } else {
    for (const FlexibleFrom& other : kOtherApis) {
      if (other.key == key) first = other.first_flexible_version;
    }
  }
  return first >= 0 && version >= first;
}

}  // namespace millrace::kafka
