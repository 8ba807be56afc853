// Heartbeat (key 12), versions 0-3 (none flexible). REBALANCE_IN_PROGRESS (27) in the reply
// tells the member to rejoin.
#pragma once

#include "kafka/protocol/messages/message.h"

namespace millrace::kafka {

struct HeartbeatRequest {
  std::string group_id;
  int32_t generation_id = -1;
  std::string member_id;
  std::optional<std::string> group_instance_id;  // v3+

  Status Decode(WireReader& r, int16_t version);
  Status Encode(WireWriter& w, int16_t version) const;
  bool operator==(const HeartbeatRequest&) const = default;
};

struct HeartbeatResponse {
  int32_t throttle_time_ms = 0;  // v1+
  int16_t error_code = 0;

  Status Decode(WireReader& r, int16_t version);
  Status Encode(WireWriter& w, int16_t version) const;
  bool operator==(const HeartbeatResponse&) const = default;
};

}  // namespace millrace::kafka
