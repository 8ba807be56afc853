// CreatePartitions (key 37), versions 0-1 (none flexible; v1 only changes quota behaviour).
#pragma once

#include "kafka/protocol/messages/message.h"

namespace millrace::kafka {

struct CreatePartitionsRequest {
  struct Assignment {
    std::vector<int32_t> broker_ids;
    bool operator==(const Assignment&) const = default;
  };
  struct Topic {
    std::string name;
    int32_t count = 0;  // the new total number of partitions
    std::optional<std::vector<Assignment>> assignments;
    bool operator==(const Topic&) const = default;
  };

  std::vector<Topic> topics;
  int32_t timeout_ms = 30000;
  bool validate_only = false;

  Status Decode(WireReader& r, int16_t version);
  Status Encode(WireWriter& w, int16_t version) const;
  bool operator==(const CreatePartitionsRequest&) const = default;
};

struct CreatePartitionsResponse {
  struct Result {
    std::string name;
    int16_t error_code = 0;
    std::optional<std::string> error_message;
    bool operator==(const Result&) const = default;
  };

  int32_t throttle_time_ms = 0;
  std::vector<Result> results;

  Status Decode(WireReader& r, int16_t version);
  Status Encode(WireWriter& w, int16_t version) const;
  bool operator==(const CreatePartitionsResponse&) const = default;
};

}  // namespace millrace::kafka
