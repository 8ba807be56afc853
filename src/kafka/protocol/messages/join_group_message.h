// JoinGroup (key 11), versions 0-5 (none flexible). v1 adds the rebalance timeout; from v4 a
// member with an empty id first gets MEMBER_ID_REQUIRED (79) and its new id (KIP-394); v5 adds
// static membership (group_instance_id, KIP-345).
#pragma once

#include "kafka/protocol/messages/message.h"

namespace millrace::kafka {

struct JoinGroupRequest {
  struct Protocol {
    std::string name;      // e.g. "range", "roundrobin", "cooperative-sticky"
    std::string metadata;  // opaque to the broker
    bool operator==(const Protocol&) const = default;
  };

  std::string group_id;
  int32_t session_timeout_ms = 0;
  int32_t rebalance_timeout_ms = -1;  // v1+; v0 uses the session timeout
  std::string member_id;
  std::optional<std::string> group_instance_id;  // v5+
  std::string protocol_type;                     // "consumer" for consumer groups
  std::vector<Protocol> protocols;

  Status Decode(WireReader& r, int16_t version);
  Status Encode(WireWriter& w, int16_t version) const;
  bool operator==(const JoinGroupRequest&) const = default;
};

struct JoinGroupResponse {
  struct Member {
    std::string member_id;
    std::optional<std::string> group_instance_id;  // v5+
    std::string metadata;
    bool operator==(const Member&) const = default;
  };

  int32_t throttle_time_ms = 0;  // v2+
  int16_t error_code = 0;
  int32_t generation_id = -1;
  std::string protocol_name;
  std::string leader;
  std::string member_id;
  std::vector<Member> members;  // non-empty only in the leader's response

  Status Decode(WireReader& r, int16_t version);
  Status Encode(WireWriter& w, int16_t version) const;
  bool operator==(const JoinGroupResponse&) const = default;
};

}  // namespace millrace::kafka
