// ListGroups (key 16), versions 0-2 (none flexible). The request body is empty in these versions.
#pragma once

#include "kafka/protocol/messages/message.h"

namespace millrace::kafka {

struct ListGroupsRequest {
  Status Decode(WireReader& r, int16_t version);
  Status Encode(WireWriter& w, int16_t version) const;
  bool operator==(const ListGroupsRequest&) const = default;
};

struct ListGroupsResponse {
  struct Group {
    std::string group_id;
    std::string protocol_type;
    bool operator==(const Group&) const = default;
  };

  int32_t throttle_time_ms = 0;  // v1+
  int16_t error_code = 0;
  std::vector<Group> groups;

  Status Decode(WireReader& r, int16_t version);
  Status Encode(WireWriter& w, int16_t version) const;
  bool operator==(const ListGroupsResponse&) const = default;
};

}  // namespace millrace::kafka
