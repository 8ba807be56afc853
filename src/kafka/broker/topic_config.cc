#include "kafka/broker/topic_config.h"

#include <charconv>
#include <set>

namespace millrace::kafka {
namespace {

bool ParseInt64(const std::string& s, int64_t* out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size();
}

// Accepted for compatibility; they have no effect on a single node.
const std::set<std::string>& IgnoredConfigs() {
  static const std::set<std::string> kIgnored = {"min.insync.replicas",
                                                 "unclean.leader.election.enable",
                                                 "compression.type",
                                                 "max.message.bytes",
                                                 "flush.messages",
                                                 "flush.ms",
                                                 "index.interval.bytes",
                                                 "message.downconversion.enable",
                                                 "preallocate",
                                                 "segment.jitter.ms",
                                                 "file.delete.delay.ms",
                                                 "delete.retention.ms",
                                                 "min.compaction.lag.ms",
                                                 "max.compaction.lag.ms",
                                                 "min.cleanable.dirty.ratio",
                                                 "follower.replication.throttled.replicas",
                                                 "leader.replication.throttled.replicas",
                                                 "message.timestamp.difference.max.ms",
                                                 "segment.index.bytes",
                                                 "message.format.version"};
  return kIgnored;
}

}  // namespace

Status ApplyTopicConfig(const std::string& name, const std::optional<std::string>& value,
                        log::PartitionConfig* config) {
  if (!value) return Status::Ok();  // null: keep the default
  const std::string& v = *value;
  int64_t n = 0;
  if (name == "retention.ms" || name == "retention.bytes" || name == "segment.bytes" ||
      name == "segment.ms") {
    if (!ParseInt64(v, &n))
      return Status::InvalidArgument(name + " must be an integer, got '" + v + "'");
    if (name == "retention.ms") config->retention_ms = n;
    if (name == "retention.bytes") config->retention_bytes = n;
    if (name == "segment.bytes") config->segment_bytes = n;
    if (name == "segment.ms") config->segment_ms = n;
    return log::ValidatePartitionConfig(*config);
  }
  if (name == "cleanup.policy") {
    if (v == "delete") return Status::Ok();
    if (v.find("compact") != std::string::npos) {
      return Status::InvalidArgument(
          "cleanup.policy=" + v +
          " is not supported: log compaction is not implemented yet; use "
          "cleanup.policy=delete");
    }
    return Status::InvalidArgument("cleanup.policy must be 'delete', got '" + v + "'");
  }
  if (name == "message.timestamp.type") {
    if (v == "CreateTime") {
      config->timestamp_type = log::TimestampType::kCreateTime;
    } else if (v == "LogAppendTime") {
      config->timestamp_type = log::TimestampType::kLogAppendTime;
    } else {
      return Status::InvalidArgument(
          "message.timestamp.type must be CreateTime or LogAppendTime, got '" + v + "'");
    }
    return Status::Ok();
  }
  if (IgnoredConfigs().contains(name)) return Status::Ok();
  return Status::InvalidArgument("unknown topic config '" + name + "'");
}

std::vector<TopicConfigEntry> DescribeTopicConfig(const log::PartitionConfig& config) {
  const log::PartitionConfig defaults;
  std::vector<TopicConfigEntry> out;
  auto add = [&](std::string name, int64_t value, int64_t default_value) {
    out.push_back({std::move(name), std::to_string(value), value == default_value});
  };
  out.push_back({"cleanup.policy", "delete", true});
  add("retention.ms", config.retention_ms, defaults.retention_ms);
  add("retention.bytes", config.retention_bytes, defaults.retention_bytes);
  add("segment.bytes", config.segment_bytes, defaults.segment_bytes);
  add("segment.ms", config.segment_ms, defaults.segment_ms);
  const bool append_time = config.timestamp_type == log::TimestampType::kLogAppendTime;
  out.push_back(
      {"message.timestamp.type", append_time ? "LogAppendTime" : "CreateTime", !append_time});
  return out;
}

}  // namespace millrace::kafka
