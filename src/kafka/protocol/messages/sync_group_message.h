// SyncGroup (key 14), versions 0-3 (none flexible): the leader hands in every member's
// assignment; each member gets its own back. v3 adds group_instance_id.
#pragma once

#include "kafka/protocol/messages/message.h"

namespace millrace::kafka {

struct SyncGroupRequest {
  struct Assignment {
    std::string member_id;
    std::string assignment;  // opaque to the broker
    bool operator==(const Assignment&) const = default;
  };

  std::string group_id;
  int32_t generation_id = -1;
  std::string member_id;
  std::optional<std::string> group_instance_id;  // v3+
  std::vector<Assignment> assignments;           // empty unless sent by the leader

  Status Decode(WireReader& r, int16_t version);
  Status Encode(WireWriter& w, int16_t version) const;
  bool operator==(const SyncGroupRequest&) const = default;
};

struct SyncGroupResponse {
  int32_t throttle_time_ms = 0;  // v1+
  int16_t error_code = 0;
  std::string assignment;

  Status Decode(WireReader& r, int16_t version);
  Status Encode(WireWriter& w, int16_t version) const;
  bool operator==(const SyncGroupResponse&) const = default;
};

}  // namespace millrace::kafka
