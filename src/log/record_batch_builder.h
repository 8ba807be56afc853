// Builds one uncompressed RecordBatch v2 from records, as Kinesis, tests and benchmarks produce
// them. Not thread-safe; one builder per batch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace millrace::log {

struct RecordHeader {
  std::string key;
  std::optional<std::string> value;
};

struct Record {
  std::optional<std::string> key;    // nullopt = null key
  std::optional<std::string> value;  // nullopt = null value (a tombstone)
  int64_t timestamp_ms = 0;
  std::vector<RecordHeader> headers;
};

class RecordBatchBuilder {
 public:
  // producer_id -1 marks a non-idempotent producer, as Kafka clients send.
  explicit RecordBatchBuilder(int64_t producer_id = -1, int16_t producer_epoch = -1,
                              int32_t base_sequence = -1);

  void Add(const Record& record);
  void Add(std::string_view key, std::string_view value, int64_t timestamp_ms);
  size_t record_count() const { return count_; }
  bool empty() const { return count_ == 0; }
  // Bytes the batch would take if finished now.
  size_t EstimatedSize() const;

  // Returns the complete batch (baseOffset 0, CRC set) and resets the builder.
  // REQUIRES: at least one record was added.
  std::string Finish();

 private:
  void AppendRecord(const std::optional<std::string_view>& key,
                    const std::optional<std::string_view>& value, int64_t timestamp_ms,
                    const std::vector<RecordHeader>& headers);

  int64_t producer_id_;
  int16_t producer_epoch_;
  int32_t base_sequence_;
  std::string records_;  // encoded records, appended in order
  std::string scratch_;
  size_t count_ = 0;
  int64_t base_timestamp_ = 0;
  int64_t max_timestamp_ = 0;
};

}  // namespace millrace::log
