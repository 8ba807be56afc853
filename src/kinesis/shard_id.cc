#include "kinesis/shard_id.h"

#include <cstdio>

namespace millrace::kinesis {

namespace {
constexpr std::string_view kPrefix = "shardId-";
}  // namespace

std::string FormatShardId(int32_t index) {
  char buf[32];
  int n = std::snprintf(buf, sizeof(buf), "shardId-%012d", index);
  return std::string(buf, static_cast<size_t>(n));
}

std::optional<int32_t> ParseShardId(std::string_view id) {
  if (id.substr(0, kPrefix.size()) == kPrefix) id.remove_prefix(kPrefix.size());
  if (id.empty() || id.size() > 20) return std::nullopt;
  int64_t value = 0;
  for (char c : id) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
    if (value > kMaxShardIndex) return std::nullopt;
  }
  return static_cast<int32_t>(value);
}

}  // namespace millrace::kinesis
