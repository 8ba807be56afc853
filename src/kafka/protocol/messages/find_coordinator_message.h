// FindCoordinator (key 10), versions 0-2 (none flexible). millrace is its own coordinator for
// every group and transactional id.
#pragma once

#include "kafka/protocol/messages/message.h"

namespace millrace::kafka {

inline constexpr int8_t kCoordinatorTypeGroup = 0;
inline constexpr int8_t kCoordinatorTypeTransaction = 1;

struct FindCoordinatorRequest {
  std::string key;                          // group id or transactional id
  int8_t key_type = kCoordinatorTypeGroup;  // v1+

  Status Decode(WireReader& r, int16_t version);
  Status Encode(WireWriter& w, int16_t version) const;
  bool operator==(const FindCoordinatorRequest&) const = default;
};

struct FindCoordinatorResponse {
  int32_t throttle_time_ms = 0;  // v1+
  int16_t error_code = 0;
  std::optional<std::string> error_message;  // v1+
  int32_t node_id = -1;
  std::string host;
  int32_t port = -1;

  Status Decode(WireReader& r, int16_t version);
  Status Encode(WireWriter& w, int16_t version) const;
  bool operator==(const FindCoordinatorResponse&) const = default;
};

}  // namespace millrace::kafka
