#include "kinesis/shard_id.h"

#include <cstdint>

namespace millrace::kinesis {

namespace {
constexpr std::string_view kPrefix = "shardId-";
}  // namespace

std::string FormatShardId(int32_t index) {
  // "shardId-" and at least 12 digits, zero-padded (an int32 has at most 10).
  std::string out(kPrefix.size() + 12, '0');
  out.replace(0, kPrefix.size(), kPrefix);
  auto v = static_cast<uint32_t>(index);
  for (size_t i = out.size(); v != 0; --i, v /= 10) out[i - 1] = static_cast<char>('0' + v % 10);
  return out;
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
