// Small helpers shared by the broker's request handlers (internal to src/kafka/broker).
#pragma once

#include <optional>
#include <string>

#include "kafka/broker/broker.h"
#include "kafka/protocol/error_codes.h"
#include "kafka/protocol/response_frame.h"

namespace millrace::kafka {

inline int16_t ErrorValue(ErrorCode code) {
  return static_cast<int16_t>(code);
}

// Encodes `response` as the reply to `h`.
template <typename Response>
HandlerResult Reply(const RequestHeader& h, const Response& response, size_t size_hint = 0) {
  MR_ASSIGN_OR_RETURN(
      std::string frame,
      EncodeResponseFrame(h.key(), h.api_version, h.correlation_id, response, size_hint));
  return std::optional<std::string>(std::move(frame));
}

}  // namespace millrace::kafka
