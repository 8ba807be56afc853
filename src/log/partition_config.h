// Names and settings of partitions: what the log persists per partition and what a caller
// passes in. Plain values, thread-compatible.
#pragma once

#include <cstdint>
#include <string>

#include "base/status.h"

namespace millrace::log {

// When an append is acknowledged relative to the fsync that makes it durable.
enum class FsyncPolicy {
  kAlways,    // fsync (group commit) before acknowledging; survives power loss
  kInterval,  // acknowledge after write(); fsync every fsync_interval_ms
  kNever,     // acknowledge after write(); the OS flushes when it likes
};

// Which timestamp a batch carries: the producer's, or the time the log appended it.
enum class TimestampType { kCreateTime, kLogAppendTime };

// A partition of a topic (a Kinesis stream is a topic, its shard N is partition N).
struct PartitionId {
  std::string topic;
  int32_t partition = 0;

  // "<topic>-<partition>", the directory name.
  std::string DirName() const { return topic + "-" + std::to_string(partition); }
  bool operator==(const PartitionId&) const = default;
  auto operator<=>(const PartitionId&) const = default;
};

// InvalidArgument unless the topic matches [A-Za-z0-9._-]{1,249} and partition >= 0.
Status ValidatePartitionId(const PartitionId& id);

// Persisted per partition; Kafka topic configs map onto it.
struct PartitionConfig {
  FsyncPolicy fsync = FsyncPolicy::kAlways;
  int64_t fsync_interval_ms = 1000;
  int64_t segment_bytes = 1 << 30;                // roll when the active segment would exceed
  int64_t segment_ms = 7LL * 24 * 3600 * 1000;    // roll when the first batch is this old
  int64_t retention_ms = 7LL * 24 * 3600 * 1000;  // -1 = keep forever
  int64_t retention_bytes = -1;                   // -1 = no size limit
  int32_t index_interval_bytes = 4096;
  TimestampType timestamp_type = TimestampType::kCreateTime;

  bool operator==(const PartitionConfig&) const = default;
};

// InvalidArgument with the offending setting named if a value is out of range.
Status ValidatePartitionConfig(const PartitionConfig& config);

// The metadata file's text form ("key=value" lines) and back. Unknown keys are ignored so that
// newer files still open; missing keys keep their defaults.
std::string EncodePartitionMetadata(const PartitionId& id, const PartitionConfig& config);
Status DecodePartitionMetadata(const std::string& text, PartitionId* id, PartitionConfig* config);

}  // namespace millrace::log
