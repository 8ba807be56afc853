// Produce (key 0), versions 0-8 (none flexible). Record batches travel as opaque bytes: the
// codec neither parses nor validates them (see the record batch code for that).
#pragma once

#include "kafka/protocol/messages/message.h"

namespace millrace::kafka {

struct ProduceRequest {
  struct Partition {
    int32_t index = 0;
    std::optional<std::string> records;  // RecordBatch bytes (magic 0/1 message sets before v3)
    bool operator==(const Partition&) const = default;
  };
  struct Topic {
    std::string name;
    std::vector<Partition> partitions;
    bool operator==(const Topic&) const = default;
  };

  std::optional<std::string> transactional_id;  // v3+
  int16_t acks = -1;                            // 0, 1 or -1 (all)
  int32_t timeout_ms = 0;
  std::vector<Topic> topics;

  Status Decode(WireReader& r, int16_t version);
  Status Encode(WireWriter& w, int16_t version) const;
  bool operator==(const ProduceRequest&) const = default;
};

struct ProduceResponse {
  struct RecordError {
    int32_t batch_index = 0;
    std::optional<std::string> batch_index_error_message;
    bool operator==(const RecordError&) const = default;
  };
  struct Partition {
    int32_t index = 0;
    int16_t error_code = 0;
    int64_t base_offset = -1;
    int64_t log_append_time_ms = -1;           // v2+; -1 unless the topic uses LogAppendTime
    int64_t log_start_offset = -1;             // v5+
    std::vector<RecordError> record_errors;    // v8+
    std::optional<std::string> error_message;  // v8+
    bool operator==(const Partition&) const = default;
  };
  struct Topic {
    std::string name;
    std::vector<Partition> partitions;
    bool operator==(const Topic&) const = default;
  };

  std::vector<Topic> topics;
  int32_t throttle_time_ms = 0;  // v1+ (after the topics)

  Status Decode(WireReader& r, int16_t version);
  Status Encode(WireWriter& w, int16_t version) const;
  bool operator==(const ProduceResponse&) const = default;
};

}  // namespace millrace::kafka
