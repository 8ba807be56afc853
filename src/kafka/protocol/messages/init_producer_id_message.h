// InitProducerId (key 22), versions 0-4; v2+ are flexible (compact strings, tagged fields,
// response header v1). librdkafka 2.0.2 sends v4 when idempotence is on; v3 adds the current
// producer id/epoch so a producer can bump its epoch instead of getting a new id.
#pragma once

#include "kafka/protocol/messages/message.h"

namespace millrace::kafka {

struct InitProducerIdRequest {
  std::optional<std::string> transactional_id;  // null for idempotent-only producers
  int32_t transaction_timeout_ms = 0;
  int64_t producer_id = -1;     // v3+
  int16_t producer_epoch = -1;  // v3+

  Status Decode(WireReader& r, int16_t version);
  Status Encode(WireWriter& w, int16_t version) const;
  bool operator==(const InitProducerIdRequest&) const = default;
};

struct InitProducerIdResponse {
  int32_t throttle_time_ms = 0;
  int16_t error_code = 0;
  int64_t producer_id = -1;
  int16_t producer_epoch = -1;

  Status Decode(WireReader& r, int16_t version);
  Status Encode(WireWriter& w, int16_t version) const;
  bool operator==(const InitProducerIdResponse&) const = default;
};

}  // namespace millrace::kafka
