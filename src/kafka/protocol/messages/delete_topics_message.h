// DeleteTopics (key 20), versions 0-3 (none flexible).
#pragma once

#include "kafka/protocol/messages/message.h"

namespace millrace::kafka {

struct DeleteTopicsRequest {
  std::vector<std::string> topic_names;
  int32_t timeout_ms = 30000;

  Status Decode(WireReader& r, int16_t version);
  Status Encode(WireWriter& w, int16_t version) const;
  bool operator==(const DeleteTopicsRequest&) const = default;
};

struct DeleteTopicsResponse {
  struct Topic {
    std::string name;
    int16_t error_code = 0;
    bool operator==(const Topic&) const = default;
  };

  int32_t throttle_time_ms = 0;  // v1+
  std::vector<Topic> topics;

  Status Decode(WireReader& r, int16_t version);
  Status Encode(WireWriter& w, int16_t version) const;
  bool operator==(const DeleteTopicsResponse&) const = default;
};

}  // namespace millrace::kafka
