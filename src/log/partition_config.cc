#include "log/partition_config.h"

#include <charconv>
#include <limits>
#include <sstream>

namespace millrace::log {

Status ValidatePartitionId(const PartitionId& id) {
  if (id.topic.empty() || id.topic.size() > 249) {
    return Status::InvalidArgument("topic name must be 1 to 249 characters long");
  }
  for (char c : id.topic) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    if (!ok) {
      return Status::InvalidArgument("topic name '" + id.topic +
                                     "' may only contain letters, digits, '.', '_' and '-'");
    }
  }
  if (id.topic == "." || id.topic == "..") {
    return Status::InvalidArgument("topic name cannot be '.' or '..'");
  }
  if (id.partition < 0) return Status::InvalidArgument("partition index must be >= 0");
  return Status::Ok();
}

Status ValidatePartitionConfig(const PartitionConfig& c) {
  if (c.fsync_interval_ms < 1) return Status::InvalidArgument("fsync_interval_ms must be >= 1");
  if (c.segment_bytes < 1024 || c.segment_bytes > std::numeric_limits<int32_t>::max()) {
    return Status::InvalidArgument("segment_bytes must be between 1024 and 2^31-1");
  }
  if (c.segment_ms < 1) return Status::InvalidArgument("segment_ms must be >= 1");
  if (c.retention_ms < -1) return Status::InvalidArgument("retention_ms must be -1 or >= 0");
  if (c.retention_bytes < -1) return Status::InvalidArgument("retention_bytes must be -1 or >= 0");
  if (c.index_interval_bytes < 1) {
    return Status::InvalidArgument("index_interval_bytes must be >= 1");
  }
  return Status::Ok();
}

namespace {
const char* FsyncName(FsyncPolicy p) {
  switch (p) {
    case FsyncPolicy::kAlways:
      return "always";
    case FsyncPolicy::kInterval:
      return "interval";
    case FsyncPolicy::kNever:
      return "never";
  }
  return "always";
}

bool ParseInt(const std::string& s, int64_t* out) {
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}
}  // namespace

std::string EncodePartitionMetadata(const PartitionId& id, const PartitionConfig& c) {
  std::ostringstream out;
  out << "version=1\n"
      << "topic=" << id.topic << "\n"
      << "partition=" << id.partition << "\n"
      << "fsync=" << FsyncName(c.fsync) << "\n"
      << "fsync_interval_ms=" << c.fsync_interval_ms << "\n"
      << "segment_bytes=" << c.segment_bytes << "\n"
      << "segment_ms=" << c.segment_ms << "\n"
      << "retention_ms=" << c.retention_ms << "\n"
      << "retention_bytes=" << c.retention_bytes << "\n"
      << "index_interval_bytes=" << c.index_interval_bytes << "\n"
      << "timestamp_type="
      << (c.timestamp_type == TimestampType::kLogAppendTime ? "LogAppendTime" : "CreateTime")
      << "\n";
  return out.str();
}

Status DecodePartitionMetadata(const std::string& text, PartitionId* id, PartitionConfig* c) {
  std::istringstream in(text);
  std::string line;
  bool have_topic = false, have_partition = false;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    size_t eq = line.find('=');
    if (eq == std::string::npos) return Status::Corruption("metadata line without '=': " + line);
    std::string key = line.substr(0, eq), value = line.substr(eq + 1);
    int64_t n = 0;
    bool numeric = ParseInt(value, &n);
    auto bad = [&] { return Status::Corruption("bad metadata value for " + key + ": " + value); };
    if (key == "topic") {
      id->topic = value;
      have_topic = true;
    } else if (key == "fsync") {
      if (value == "always")
        c->fsync = FsyncPolicy::kAlways;
      else if (value == "interval")
        c->fsync = FsyncPolicy::kInterval;
      else if (value == "never")
        c->fsync = FsyncPolicy::kNever;
      else
        return bad();
    } else if (key == "timestamp_type") {
      if (value == "CreateTime")
        c->timestamp_type = TimestampType::kCreateTime;
      else if (value == "LogAppendTime")
        c->timestamp_type = TimestampType::kLogAppendTime;
      else
        return bad();
    } else if (key == "partition" || key == "fsync_interval_ms" || key == "segment_bytes" ||
               key == "segment_ms" || key == "retention_ms" || key == "retention_bytes" ||
               key == "index_interval_bytes" || key == "version") {
      if (!numeric) return bad();
      if (key == "partition") {
        id->partition = static_cast<int32_t>(n);
        have_partition = true;
      }
      if (key == "fsync_interval_ms") c->fsync_interval_ms = n;
      if (key == "segment_bytes") c->segment_bytes = n;
      if (key == "segment_ms") c->segment_ms = n;
      if (key == "retention_ms") c->retention_ms = n;
      if (key == "retention_bytes") c->retention_bytes = n;
      if (key == "index_interval_bytes") c->index_interval_bytes = static_cast<int32_t>(n);
    }
  }
  if (!have_topic || !have_partition) {
    return Status::Corruption("metadata lacks the topic or partition");
  }
  MR_RETURN_IF_ERROR(ValidatePartitionId(*id));
  return ValidatePartitionConfig(*c);
}

}  // namespace millrace::log
