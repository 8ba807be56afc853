// LeaveGroup (key 13), versions 0-3 (none flexible). v0-2 name one member; v3 sends a batch of
// members (KIP-345) and gets a per-member error back.
#pragma once

#include "kafka/protocol/messages/message.h"

namespace millrace::kafka {

struct LeaveGroupRequest {
  struct Member {
    std::string member_id;
    std::optional<std::string> group_instance_id;
    bool operator==(const Member&) const = default;
  };

  std::string group_id;
  std::string member_id;        // v0-2
  std::vector<Member> members;  // v3+

  Status Decode(WireReader& r, int16_t version);
  Status Encode(WireWriter& w, int16_t version) const;
  bool operator==(const LeaveGroupRequest&) const = default;
};

struct LeaveGroupResponse {
  struct Member {
    std::string member_id;
    std::optional<std::string> group_instance_id;
    int16_t error_code = 0;
    bool operator==(const Member&) const = default;
  };

  int32_t throttle_time_ms = 0;  // v1+
  int16_t error_code = 0;
  std::vector<Member> members;  // v3+

  Status Decode(WireReader& r, int16_t version);
  Status Encode(WireWriter& w, int16_t version) const;
  bool operator==(const LeaveGroupResponse&) const = default;
};

}  // namespace millrace::kafka
