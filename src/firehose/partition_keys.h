// PartitionKeys: the name -> value map that dynamic partitioning produces for one record, from the
// MetadataExtraction (JQ) processor or from a transform's metadata.partitionKeys. Keeps the order
// in which the keys were produced; lookups are linear (a record has a handful of keys).
// A plain value type: thread-compatible.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace millrace::firehose {

struct PartitionKeys {
  std::vector<std::pair<std::string, std::string>> entries;

  // The value of `name`, or nullptr when there is no such key.
  const std::string* Find(std::string_view name) const {
    for (const auto& [key, value] : entries) {
      if (key == name) return &value;
    }
    return nullptr;
  }
  // Sets `name` (replacing an existing value in place, else appending).
  void Set(std::string name, std::string value) {
    for (auto& [key, old] : entries) {
      if (key == name) {
        old = std::move(value);
        return;
      }
    }
    entries.emplace_back(std::move(name), std::move(value));
  }
  bool empty() const { return entries.empty(); }
  bool operator==(const PartitionKeys&) const = default;
};

}  // namespace millrace::firehose
