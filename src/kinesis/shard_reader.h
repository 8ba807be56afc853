// Reading Kinesis records out of a shard's log partition: the part of GetRecords (and of
// SubscribeToShard's pushes) that turns log batches into records with sequence numbers.
// Thread-safe as the partition is.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"

namespace millrace::log {
class Partition;
}

namespace millrace::kinesis {

struct KinesisRecord {
  std::string sequence_number;
  int64_t arrival_ms = 0;
  std::string partition_key;  // the log record's key ("" for a null key)
  std::string data;           // the log record's value
};

struct ShardRead {
  std::vector<KinesisRecord> records;
  int64_t next_offset = 0;     // where the next read starts
  int64_t bytes = 0;           // data + partition keys returned
  int64_t high_watermark = 0;  // the partition's end when read
  int64_t log_start_offset = 0;
};

struct ShardReadRequest {
  uint64_t stream_epoch = 0;
  int32_t shard_index = 0;
  int64_t from_offset = 0;  // first offset wanted; moved up to the log start if trimmed
  int64_t end_offset = -1;  // a closed shard's ending offset: nothing at or past it; -1 none
  int32_t max_records = 10'000;
  int64_t max_bytes = 10 << 20;  // data + keys; at least one record is returned if any
};

// Records from `request.from_offset` on, at most max_records and (after the first) max_bytes,
// both counted on decompressed records. Batches a Kafka producer compressed are decompressed
// (only those); transaction control batches, and compressed batches whose payload does not
// decode, are skipped. Records below the log start (past retention) are skipped. Corruption if a
// stored batch is damaged (length, magic, CRC).
Result<ShardRead> ReadShard(const log::Partition& partition, const ShardReadRequest& request);

}  // namespace millrace::kinesis
