// DeliveryBuffer: the records waiting to become one object (one per output partition of a
// delivery stream, plus one per error-output type), with what the flush decision and the
// checkpoint need: size, age, the oldest arrival time and the lowest source offset held per
// source partition. Not thread-safe; owned by one delivery worker.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "firehose/delivery_stream.h"

namespace millrace::firehose {

// Where a buffered record came from, for checkpoints and error records.
struct RecordOrigin {
  int32_t partition = 0;
  int64_t offset = 0;
  int64_t arrival_ms = 0;
};

class DeliveryBuffer {
 public:
  // `opened_ms` is a monotonic time in milliseconds: the buffer's age counts from it.
  explicit DeliveryBuffer(int64_t opened_ms) : opened_ms_(opened_ms) {}

  void Add(const RecordOrigin& origin, std::string_view data);

  bool empty() const { return records_.empty(); }
  size_t record_count() const { return records_.size(); }
  uint64_t bytes() const { return data_.size(); }
  int64_t opened_ms() const { return opened_ms_; }
  int64_t oldest_arrival_ms() const { return oldest_arrival_ms_; }
  // Partition -> lowest source offset held.
  const std::map<int32_t, int64_t>& lowest_offsets() const { return lowest_offsets_; }

  std::string_view record(size_t i) const {
    return std::string_view(data_).substr(records_[i].begin, records_[i].size);
  }
  const RecordOrigin& origin(size_t i) const { return records_[i].origin; }
  // Every record's bytes back to back, in arrival order.
  const std::string& data() const { return data_; }

 private:
  struct Entry {
    RecordOrigin origin;
    size_t begin = 0;
    size_t size = 0;
  };
  int64_t opened_ms_;
  int64_t oldest_arrival_ms_ = 0;
  std::string data_;
  std::vector<Entry> records_;
  std::map<int32_t, int64_t> lowest_offsets_;
};

// Why a buffer is flushed now, if it is.
enum class FlushReason : uint8_t { kNone, kSize, kInterval };

// Firehose's rule: deliver when the buffer reaches SizeInMBs or has been open IntervalInSeconds,
// whichever comes first (an interval of 0 delivers whatever arrived at each worker pass).
FlushReason ShouldFlush(const DeliveryBuffer& buffer, const BufferingHints& hints, int64_t now_ms);

// Milliseconds until the buffer's interval expires (0 if it has), for the worker's wait.
int64_t MillisUntilDue(const DeliveryBuffer& buffer, const BufferingHints& hints, int64_t now_ms);

}  // namespace millrace::firehose
