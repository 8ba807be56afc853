// The read side of a Partition: reads by offset and timestamp, long-poll waits, retention.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "base/logging.h"
#include "log/file.h"
#include "log/partition.h"
#include "log/partition_waiters.h"
#include "log/segment.h"

namespace millrace::log {

Result<ReadResult> Partition::Read(int64_t offset, size_t max_bytes, int32_t max_records) const {
  ReadResult result;
  result.high_watermark = HighWatermark();
  result.log_start_offset = LogStartOffset();
  result.next_offset = offset;
  if (offset < result.log_start_offset || offset > result.high_watermark) {
    return Status::OutOfRange("offset " + std::to_string(offset) + " is outside [" +
                              std::to_string(result.log_start_offset) + ", " +
                              std::to_string(result.high_watermark) + "] of " + id_.DirName());
  }
  if (offset == result.high_watermark) return result;
  std::vector<std::shared_ptr<Segment>> segments;
  {
    std::lock_guard<std::mutex> lock(mu_);
    segments = SegmentsFrom(offset);
  }
  for (const auto& segment : segments) {
    if (segment->base_offset() >= result.high_watermark) break;
    // Offsets are dense across segments, so this only happens when retention removed the
    // segment holding `offset` after the range check above.
    if (segment->base_offset() > offset) break;
    MR_ASSIGN_OR_RETURN(
        SegmentReadResult read,
        segment->Read(offset, max_bytes, std::max(max_records, 1), result.high_watermark));
    if (!read.bytes.empty()) {
      result.bytes = std::move(read.bytes);
      result.next_offset = read.next_offset;
      return result;
    }
  }
  // Retention removed the segment between the checks above and the read.
  if (offset < LogStartOffset()) {
    return Status::OutOfRange("offset " + std::to_string(offset) + " was deleted by retention");
  }
  return result;
}

Result<FileReadResult> Partition::ReadRange(int64_t offset, size_t max_bytes,
                                            int32_t max_records) const {
  FileReadResult result;
  result.high_watermark = HighWatermark();
  result.log_start_offset = LogStartOffset();
  result.next_offset = offset;
  if (offset < result.log_start_offset || offset > result.high_watermark) {
    return Status::OutOfRange("offset " + std::to_string(offset) + " is outside [" +
                              std::to_string(result.log_start_offset) + ", " +
                              std::to_string(result.high_watermark) + "] of " + id_.DirName());
  }
  if (offset == result.high_watermark) return result;
  std::vector<std::shared_ptr<Segment>> segments;
  {
    std::lock_guard<std::mutex> lock(mu_);
    segments = SegmentsFrom(offset);
  }
  for (const auto& segment : segments) {
    if (segment->base_offset() >= result.high_watermark) break;
    if (segment->base_offset() > offset) break;  // see Read()
    MR_ASSIGN_OR_RETURN(
        SegmentRange range,
        segment->Locate(offset, max_bytes, std::max(max_records, 1), result.high_watermark));
    if (range.length > 0) {
      result.segment = segment;
      result.position = range.position;
      result.length = range.length;
      result.next_offset = range.next_offset;
      return result;
    }
  }
  if (offset < LogStartOffset()) {
    return Status::OutOfRange("offset " + std::to_string(offset) + " was deleted by retention");
  }
  return result;
}

Result<int64_t> Partition::OffsetForTimestamp(int64_t timestamp_ms) const {
  const int64_t hwm = HighWatermark();
  std::vector<std::shared_ptr<Segment>> candidates;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [base, segment] : segments_) {
      if (base >= hwm) break;
      if (segment->max_timestamp() && *segment->max_timestamp() >= timestamp_ms) {
        candidates.push_back(segment);
      }
    }
  }
  for (const auto& segment : candidates) {
    MR_ASSIGN_OR_RETURN(std::optional<int64_t> found, segment->FindByTimestamp(timestamp_ms, hwm));
    if (found) return std::max(*found, LogStartOffset());
  }
  return hwm;
}

boost::asio::awaitable<bool> Partition::WaitForData(int64_t offset,
                                                    std::chrono::milliseconds timeout) {
  if (HighWatermark() > offset) co_return true;
  boost::asio::any_io_executor ex = co_await boost::asio::this_coro::executor;
  WakeChannel channel(ex, 1);
  auto waiter = std::make_shared<DataWaiter>(offset);
  waiter->channel = &channel;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) co_return false;
    if (high_watermark_.load() > offset) co_return true;
    // Drop waiters that finished so the list stays short under many long polls.
    std::erase_if(data_waiters_, [](const std::weak_ptr<DataWaiter>& weak) {
      auto w = weak.lock();
      return !w || w->done.load();
    });
    data_waiters_.push_back(waiter);
  }
  boost::asio::steady_timer timer(ex, timeout);
  using boost::asio::experimental::awaitable_operators::operator||;
  // Named first: GCC 12 mishandles temporaries inside a co_await expression (see Append).
  auto either = channel.async_receive(boost::asio::as_tuple(boost::asio::use_awaitable)) ||
                timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
  auto outcome = co_await std::move(either);
  waiter->Detach();
  if (outcome.index() == 0) {
    auto [ec, result] = std::get<0>(outcome);
    if (!ec) co_return result;
  }
  co_return HighWatermark() > offset;
}

Result<int> Partition::RunRetention(int64_t now_ms) {
  std::vector<std::shared_ptr<Segment>> doomed;
  {
    std::lock_guard<std::mutex> lock(mu_);
    const int64_t hwm = high_watermark_.load();
    int64_t total = 0;
    for (const auto& [base, segment] : segments_) total += static_cast<int64_t>(segment->size());
    for (auto it = segments_.begin(); it != segments_.end();) {
      const auto& segment = it->second;
      if (segment == active_ || segment->next_offset() > hwm) break;
      if (std::find(sealed_unsynced_.begin(), sealed_unsynced_.end(), segment) !=
          sealed_unsynced_.end()) {
        break;
      }
      bool expired = config_.retention_ms >= 0 && segment->max_timestamp() &&
                     *segment->max_timestamp() < now_ms - config_.retention_ms;
      bool over_size = config_.retention_bytes >= 0 &&
                       total - static_cast<int64_t>(segment->size()) >= config_.retention_bytes;
      if (!expired && !over_size) break;
      total -= static_cast<int64_t>(segment->size());
      doomed.push_back(segment);
      it = segments_.erase(it);
    }
    if (doomed.empty()) return 0;
    log_start_offset_.store(segments_.begin()->first, std::memory_order_release);
  }
  for (const auto& segment : doomed) {
    MR_LOG_INFO("partition {}: retention deletes segment {} ({} bytes)", id_.DirName(),
                segment->base_offset(), segment->size());
    MR_RETURN_IF_ERROR(segment->RemoveFiles());
  }
  MR_RETURN_IF_ERROR(SyncDir(dir_));
  return static_cast<int>(doomed.size());
}

}  // namespace millrace::log
