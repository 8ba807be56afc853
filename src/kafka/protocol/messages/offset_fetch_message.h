// OffsetFetch (key 9), versions 0-5 (none flexible; librdkafka 2.0.2 would go flexible at v6).
// v2 allows a null topic list (all committed offsets of the group) and adds a top-level error;
// v5 adds the committed leader epoch.
#pragma once

#include "kafka/protocol/messages/message.h"

namespace millrace::kafka {

struct OffsetFetchRequest {
  struct Topic {
    std::string name;
    std::vector<int32_t> partition_indexes;
    bool operator==(const Topic&) const = default;
  };

  std::string group_id;
  // nullopt (v2+ only) asks for every partition the group has committed offsets for.
  std::optional<std::vector<Topic>> topics = std::vector<Topic>{};

  Status Decode(WireReader& r, int16_t version);
  Status Encode(WireWriter& w, int16_t version) const;
  bool operator==(const OffsetFetchRequest&) const = default;
};

struct OffsetFetchResponse {
  struct Partition {
    int32_t partition_index = 0;
    int64_t committed_offset = -1;        // -1: nothing committed
    int32_t committed_leader_epoch = -1;  // v5+
    std::optional<std::string> metadata;
    int16_t error_code = 0;
    bool operator==(const Partition&) const = default;
  };
  struct Topic {
    std::string name;
    std::vector<Partition> partitions;
    bool operator==(const Topic&) const = default;
  };

  int32_t throttle_time_ms = 0;  // v3+
  std::vector<Topic> topics;
  int16_t error_code = 0;  // v2+

  Status Decode(WireReader& r, int16_t version);
  Status Encode(WireWriter& w, int16_t version) const;
  bool operator==(const OffsetFetchResponse&) const = default;
};

}  // namespace millrace::kafka
