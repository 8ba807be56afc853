// KafkaRecordSource: a delivery stream's source on an external Kafka cluster (MSKAsSource whose
// cluster ARN is mapped to bootstrap servers), read with a librdkafka consumer. Partitions are
// assigned manually at the worker's positions (no group rebalancing); auto-commit is off: the
// group "firehose-<stream>" gets offsets only after the worker checkpointed them, and the
// checkpoint file stays the source of truth on restart.
// Threading: the worker thread only (librdkafka's own threads stay inside the handle).
#pragma once

#include <memory>
#include <string>

#include "firehose/record_source.h"

namespace millrace::firehose {

struct KafkaSourceOptions {
  std::string bootstrap_servers;  // host:port[,host:port]
  std::string topic;
  std::string group_id;     // offsets are committed to it after each checkpoint
  std::string stream_name;  // names the source in log lines
};

class KafkaRecordSource final : public RecordSource {
 public:
  // REQUIRES: options.group_id is not empty (librdkafka's consumer needs one to poll).
  // IOError if the consumer cannot be created (bad configuration); the cluster is contacted
  // lazily.
  static Result<std::unique_ptr<KafkaRecordSource>> Open(KafkaSourceOptions options);
  ~KafkaRecordSource() override;

  // Where a new delivery stream starts: each partition's end (LATEST), or with
  // `from_timestamp_ms` the first record at or after that time. Blocks (up to ~10 s) on the
  // cluster; NotFound when the topic does not exist there.
  static Result<PartitionOffsets> StartingOffsets(const std::string& bootstrap_servers,
                                                  const std::string& topic,
                                                  std::optional<int64_t> from_timestamp_ms);

  void DiscoverPartitions(PartitionOffsets& positions) override;
  bool Read(PartitionOffsets& positions, size_t max_bytes, const std::atomic<bool>& stopping,
            const SourceRecordFn& fn) override;
  void Committed(const PartitionOffsets& offsets) override;
  // An upper bound: for a partition with records left to read, the last time it was seen
  // caught up (its unread records all arrived after that).
  std::optional<int64_t> OldestUnreadMs(const PartitionOffsets& positions) override;

 private:
  struct Handle;
  explicit KafkaRecordSource(KafkaSourceOptions options, std::unique_ptr<Handle> handle);
  // (Re)assigns the consumer to `positions` when its partitions changed.
  void Assign(const PartitionOffsets& positions);

  const KafkaSourceOptions options_;
  std::unique_ptr<Handle> handle_;
  PartitionOffsets assigned_;                // partitions assigned and where they started
  std::map<int32_t, int64_t> caught_up_ms_;  // wall time each partition was last caught up
};

}  // namespace millrace::firehose
