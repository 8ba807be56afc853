// Fetch (key 1), versions 0-11 (none flexible). v4 adds isolation level, last stable offset and
// aborted transactions; v5 log start offset; v7 fetch sessions (millrace may always answer
// session_id 0); v9 current leader epoch; v11 rack id and preferred read replica.
#pragma once

#include "kafka/protocol/messages/message.h"

namespace millrace::kafka {

struct FetchRequest {
  struct Partition {
    int32_t partition = 0;
    int32_t current_leader_epoch = -1;  // v9+
    int64_t fetch_offset = 0;
    int64_t log_start_offset = -1;  // v5+ (followers only)
    int32_t partition_max_bytes = 0;
    bool operator==(const Partition&) const = default;
  };
  struct Topic {
    std::string name;
    std::vector<Partition> partitions;
    bool operator==(const Topic&) const = default;
  };
  struct ForgottenTopic {
    std::string name;
    std::vector<int32_t> partitions;
    bool operator==(const ForgottenTopic&) const = default;
  };

  int32_t replica_id = -1;  // -1 for consumers
  int32_t max_wait_ms = 0;
  int32_t min_bytes = 0;
  int32_t max_bytes = 0x7fffffff;  // v3+
  int8_t isolation_level = 0;      // v4+: 0 read uncommitted, 1 read committed
  int32_t session_id = 0;          // v7+
  int32_t session_epoch = -1;      // v7+
  std::vector<Topic> topics;
  std::vector<ForgottenTopic> forgotten_topics;  // v7+
  std::string rack_id;                           // v11+

  Status Decode(WireReader& r, int16_t version);
  Status Encode(WireWriter& w, int16_t version) const;
  bool operator==(const FetchRequest&) const = default;
};

struct FetchResponse {
  struct AbortedTransaction {
    int64_t producer_id = 0;
    int64_t first_offset = 0;
    bool operator==(const AbortedTransaction&) const = default;
  };
  struct Partition {
    int32_t partition = 0;
    int16_t error_code = 0;
    int64_t high_watermark = 0;
    int64_t last_stable_offset = -1;                                      // v4+
    int64_t log_start_offset = -1;                                        // v5+
    std::optional<std::vector<AbortedTransaction>> aborted_transactions;  // v4+, nullable
    int32_t preferred_read_replica = -1;                                  // v11+
    std::optional<std::string> records;  // RecordBatch bytes; the last may be partial
    // Encoding only: when > 0, the record set is this many bytes that the sender supplies
    // itself (WireWriter::WriteExternalBytes) and `records` is ignored. Decode leaves it 0.
    size_t external_records = 0;
    bool operator==(const Partition&) const = default;
  };
  struct Topic {
    std::string name;
    std::vector<Partition> partitions;
    bool operator==(const Topic&) const = default;
  };

  int32_t throttle_time_ms = 0;  // v1+
  int16_t error_code = 0;        // v7+
  int32_t session_id = 0;        // v7+
  std::vector<Topic> topics;

  // Total record bytes in the response: most of its encoded size (see EncodeResponseFrame).
  size_t RecordBytes() const;

  Status Decode(WireReader& r, int16_t version);
  Status Encode(WireWriter& w, int16_t version) const;
  bool operator==(const FetchResponse&) const = default;
};

}  // namespace millrace::kafka
