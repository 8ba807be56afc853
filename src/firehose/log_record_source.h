// LogRecordSource: a delivery stream's source on the embedded log (its internal topic, a Kinesis
// stream or a Kafka topic of this server), read with Partition::Read like any consumer.
// Threading: the worker thread only; the LogManager is thread-safe.
#pragma once

#include <string>

#include "firehose/record_source.h"

namespace millrace::log {
class LogManager;
}

namespace millrace::firehose {

class LogRecordSource final : public RecordSource {
 public:
  // REQUIRES: `log` outlives the source. `stream_name` only names it in log lines.
  LogRecordSource(log::LogManager* log, std::string topic, std::string stream_name);

  void DiscoverPartitions(PartitionOffsets& positions) override;
  bool Read(PartitionOffsets& positions, size_t max_bytes, const std::atomic<bool>& stopping,
            const SourceRecordFn& fn) override;
  // Exact: the timestamp of the first unread batch of each partition.
  std::optional<int64_t> OldestUnreadMs(const PartitionOffsets& positions) override;

  // Where a new delivery stream starts on `topic`: each partition's end (LATEST), or with
  // `from_timestamp_ms` the first record at or after that time.
  static PartitionOffsets StartingOffsets(log::LogManager& log, const std::string& topic,
                                          std::optional<int64_t> from_timestamp_ms);

 private:
  log::LogManager* const log_;
  const std::string topic_;
  const std::string stream_name_;
};

}  // namespace millrace::firehose
