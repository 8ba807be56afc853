#include "firehose/delivery_buffer.h"

#include <algorithm>

namespace millrace::firehose {

void DeliveryBuffer::Add(const RecordOrigin& origin, std::string_view data) {
  if (records_.empty() || origin.arrival_ms < oldest_arrival_ms_) {
    oldest_arrival_ms_ = origin.arrival_ms;
  }
  records_.push_back({origin, data_.size(), data.size()});
  data_.append(data);
  auto [it, inserted] = lowest_offsets_.emplace(origin.partition, origin.offset);
  if (!inserted) it->second = std::min(it->second, origin.offset);
}

FlushReason ShouldFlush(const DeliveryBuffer& buffer, const BufferingHints& hints, int64_t now_ms) {
  if (buffer.empty()) return FlushReason::kNone;
  if (buffer.bytes() >= static_cast<uint64_t>(hints.size_mb) << 20) return FlushReason::kSize;
  if (now_ms - buffer.opened_ms() >= hints.interval_s * 1000) return FlushReason::kInterval;
  return FlushReason::kNone;
}

int64_t MillisUntilDue(const DeliveryBuffer& buffer, const BufferingHints& hints, int64_t now_ms) {
  return std::max<int64_t>(0, buffer.opened_ms() + hints.interval_s * 1000 - now_ms);
}

}  // namespace millrace::firehose
