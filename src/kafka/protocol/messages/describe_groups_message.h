// DescribeGroups (key 15), versions 0-2 (none flexible); used by kafka-consumer-groups and
// admin clients.
#pragma once

#include "kafka/protocol/messages/message.h"

namespace millrace::kafka {

struct DescribeGroupsRequest {
  std::vector<std::string> groups;

  Status Decode(WireReader& r, int16_t version);
  Status Encode(WireWriter& w, int16_t version) const;
  bool operator==(const DescribeGroupsRequest&) const = default;
};

struct DescribeGroupsResponse {
  struct Member {
    std::string member_id;
    std::string client_id;
    std::string client_host;
    std::string member_metadata;
    std::string member_assignment;
    bool operator==(const Member&) const = default;
  };
  struct Group {
    int16_t error_code = 0;
    std::string group_id;
    std::string group_state;    // "Stable", "PreparingRebalance", "Empty", "Dead", ...
    std::string protocol_type;  // "consumer"
    std::string protocol_data;  // the chosen assignor
    std::vector<Member> members;
    bool operator==(const Group&) const = default;
  };

  int32_t throttle_time_ms = 0;  // v1+
  std::vector<Group> groups;

  Status Decode(WireReader& r, int16_t version);
  Status Encode(WireWriter& w, int16_t version) const;
  bool operator==(const DescribeGroupsResponse&) const = default;
};

}  // namespace millrace::kafka
