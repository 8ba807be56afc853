// Kafka topic configs (the names CreateTopics and DescribeConfigs use) mapped onto the log's
// per-partition settings. Supported: retention.ms, retention.bytes, segment.bytes, segment.ms,
// cleanup.policy (delete only; compaction is not implemented), message.timestamp.type.
// Replication and client-side settings that mean nothing on one node are accepted and ignored.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"
#include "log/partition_config.h"

namespace millrace::kafka {

// Applies `name`=`value` to `config`. InvalidArgument with a message naming the setting for an
// unknown name, a bad value, or cleanup.policy=compact.
Status ApplyTopicConfig(const std::string& name, const std::optional<std::string>& value,
                        log::PartitionConfig* config);

struct TopicConfigEntry {
  std::string name;
  std::string value;
  bool is_default = false;
};

// The topic configs DescribeConfigs reports for a partition config.
std::vector<TopicConfigEntry> DescribeTopicConfig(const log::PartitionConfig& config);

}  // namespace millrace::kafka
