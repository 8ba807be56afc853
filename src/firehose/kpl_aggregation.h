// KPL aggregation: the Kinesis Producer Library packs many user records into one Kinesis record as
// magic `F3 89 9A C2`, a protobuf AggregatedRecord {repeated string partition_key_table = 1;
// repeated string explicit_hash_key_table = 2; repeated Record records = 3}, Record
// {uint64 partition_key_index = 1; uint64 explicit_hash_key_index = 2; bytes data = 3;
// repeated Tag tags = 4}, then the 16-byte MD5 of the protobuf bytes. Firehose (like the KCL)
// unpacks such records from a Kinesis source before anything else. Pure functions: thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace millrace::firehose {

struct KplUserRecord {
  std::string partition_key;
  std::optional<std::string> explicit_hash_key;
  std::string_view data;  // points into the aggregated record
};

// True when `record` has the magic, room for a digest, and a matching MD5 — the KCL's test. A
// record that fails it is an ordinary record, delivered as it is.
bool IsKplAggregated(std::string_view record);

// The user records inside an aggregated record. Errors: Corruption when the digest matches but
// the protobuf is malformed (a truncated field, an index outside its table, a missing data field).
// REQUIRES: IsKplAggregated(record).
Result<std::vector<KplUserRecord>> DeaggregateKpl(std::string_view record);

// Builds an aggregated record (for tests and producers in this process). `records` refer by index
// to the tables; the encoding is the one DeaggregateKpl reads.
struct KplAggregateInput {
  std::vector<std::string> partition_keys;
  std::vector<std::string> explicit_hash_keys;
  struct Entry {
    uint64_t partition_key_index = 0;
    std::optional<uint64_t> explicit_hash_key_index;
    std::string data;
  };
  std::vector<Entry> records;
};
std::string AggregateKpl(const KplAggregateInput& input);

}  // namespace millrace::firehose
