// Fetch and ListOffsets. Fetch reads whole batches from the log (the client skips records before
// its offset inside the first batch) and long-polls: it answers as soon as min_bytes are there or
// max_wait_ms has passed, woken by the log's WaitForData rather than by polling.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/this_coro.hpp>
#include <chrono>

#include "kafka/broker/broker.h"
#include "kafka/broker/handler_util.h"
#include "kafka/broker/wake_signal.h"
#include "kafka/protocol/messages/fetch_message.h"
#include "kafka/protocol/messages/list_offsets_message.h"
#include "log/log_manager.h"
#include "log/segment.h"

namespace millrace::kafka {

namespace asio = boost::asio;

namespace {

// Record sets at least this large are sent from the segment file with sendfile; smaller ones
// are copied into the frame (a syscall per piece costs more than copying a few KiB).
constexpr size_t kMinSendfileBytes = 16 << 10;

// A Fetch response and what its record sets are sent from: `ranges` holds, in encoding order,
// one located range per partition with `external_records` (its segment kept alive by it).
struct FetchReply {
  FetchResponse response;
  std::vector<log::FileReadResult> ranges;
};

// Fills `reply` from the log; returns the record bytes it holds.
size_t ReadFetch(log::LogManager& log, const FetchRequest& request, FetchReply* reply) {
  FetchResponse* response = &reply->response;
  response->topics.clear();
  reply->ranges.clear();
  size_t total = 0;
  const size_t max_bytes = request.max_bytes > 0 ? static_cast<size_t>(request.max_bytes) : 0;
  for (const auto& topic : request.topics) {
    FetchResponse::Topic& rt = response->topics.emplace_back();
    rt.name = topic.name;
    for (const auto& partition : topic.partitions) {
      FetchResponse::Partition& rp = rt.partitions.emplace_back();
      rp.partition = partition.partition;
      rp.records = std::string();  // empty, never null: librdkafka rejects a null record set
      Result<log::Partition*> p = log.Get({topic.name, partition.partition});
      if (!p.ok()) {
        rp.error_code = ErrorValue(ErrorCode::kUnknownTopicOrPartition);
        rp.high_watermark = -1;
        continue;
      }
      rp.high_watermark = (*p)->HighWatermark();
      rp.last_stable_offset = rp.high_watermark;
      rp.log_start_offset = (*p)->LogStartOffset();
      rp.aborted_transactions = std::vector<FetchResponse::AbortedTransaction>{};
      // Past the first batch, respect the response's total limit.
      if (total > 0 && total >= max_bytes) continue;
      size_t limit = partition.partition_max_bytes > 0
                         ? static_cast<size_t>(partition.partition_max_bytes)
                         : 1;
      if (total > 0) limit = std::min(limit, max_bytes - total);
      // The range is chosen under the log's rules (durable batches only); its bytes are sent
      // later straight from the segment file, which `reply->ranges` keeps open.
      Result<log::FileReadResult> read = (*p)->ReadRange(partition.fetch_offset, limit);
      if (read.ok() && read->length > 0 && read->length < kMinSendfileBytes) {
        Result<std::string> bytes = read->segment->ReadRange(read->position, read->length);
        if (!bytes.ok())
          read = bytes.status();
        else
          rp.records = std::move(*bytes);
      }
      if (!read.ok()) {
        rp.error_code = read.status().code() == StatusCode::kOutOfRange
                            ? ErrorValue(ErrorCode::kOffsetOutOfRange)
                            : ErrorValue(ErrorCode::kKafkaStorageError);
        continue;
      }
      rp.high_watermark = read->high_watermark;
      rp.last_stable_offset = read->high_watermark;
      rp.log_start_offset = read->log_start_offset;
      total += read->length;
      if (read->length >= kMinSendfileBytes) {
        rp.external_records = read->length;
        reply->ranges.push_back(std::move(*read));
      }
    }
  }
  return total;
}

asio::awaitable<void> WaitOne(log::Partition* partition, int64_t offset,
                              std::chrono::milliseconds timeout,
                              std::shared_ptr<WakeSignal> signal) {
  const bool arrived = co_await partition->WaitForData(offset, timeout);
  if (arrived) signal->Notify();
  co_return;
}

}  // namespace

asio::awaitable<Result<GatherFrame>> Broker::HandleFetch(const RequestHeader& h, WireReader& r) {
  FetchRequest request;
  if (Status s = request.Decode(r, h.api_version); !s.ok()) co_return s;
  // Shared: the frame refers to its record sets until the connection has written it.
  auto owned = std::make_shared<FetchReply>();
  FetchResponse& response = owned->response;
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::milliseconds(std::max(request.max_wait_ms, 0));
  size_t bytes = ReadFetch(*log_, request, owned.get());
  bool any_error = false;
  for (const auto& t : response.topics) {
    for (const auto& p : t.partitions) any_error = any_error || p.error_code != 0;
  }
  if (!any_error && bytes < static_cast<size_t>(std::max(request.min_bytes, 1)) &&
      request.max_wait_ms > 0) {
    // Wake when any fetched partition gets data past its fetch offset, or at the deadline.
    auto executor = co_await asio::this_coro::executor;
    auto signal = WakeSignal::Make(executor);
    const auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    for (const auto& topic : request.topics) {
      for (const auto& partition : topic.partitions) {
        Result<log::Partition*> p = log_->Get({topic.name, partition.partition});
        if (!p.ok()) continue;
        asio::co_spawn(context_->get_executor(),
                       WaitOne(*p, partition.fetch_offset, timeout, signal), asio::detached);
      }
    }
    while (std::chrono::steady_clock::now() < deadline) {
      const bool woken = co_await signal->Wait(deadline);
      if (!woken) break;
      bytes = ReadFetch(*log_, request, owned.get());
      if (bytes >= static_cast<size_t>(std::max(request.min_bytes, 1))) break;
      // Not enough yet: wait for more (a fresh signal; the old waiters have completed).
      signal = WakeSignal::Make(executor);
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      for (const auto& topic : response.topics) {
        for (const auto& rp : topic.partitions) {
          Result<log::Partition*> p = log_->Get({topic.name, rp.partition});
          if (!p.ok()) continue;
          asio::co_spawn(context_->get_executor(), WaitOne(*p, (*p)->HighWatermark(), left, signal),
                         asio::detached);
        }
      }
    }
    bytes = ReadFetch(*log_, request, owned.get());
  }
  GatherFrame frame;
  Result<std::string> encoded = EncodeResponseFrameWithReferences(
      h.key(), h.api_version, h.correlation_id, response, &frame.references, 1024);
  if (!encoded.ok()) co_return encoded.status();
  frame.bytes = std::move(*encoded);
  for (const log::FileReadResult& range : owned->ranges) {
    frame.files.push_back({range.segment->log_fd(), range.position, range.length});
  }
  frame.owner = std::move(owned);
  Result<GatherFrame> reply(std::move(frame));
  co_return reply;
}

HandlerResult Broker::HandleListOffsets(const RequestHeader& h, WireReader& r) {
  ListOffsetsRequest request;
  MR_RETURN_IF_ERROR(request.Decode(r, h.api_version));
  ListOffsetsResponse response;
  for (const auto& topic : request.topics) {
    ListOffsetsResponse::Topic& rt = response.topics.emplace_back();
    rt.name = topic.name;
    for (const auto& partition : topic.partitions) {
      ListOffsetsResponse::Partition& rp = rt.partitions.emplace_back();
      rp.partition_index = partition.partition_index;
      Result<log::Partition*> p = log_->Get({topic.name, partition.partition_index});
      if (!p.ok()) {
        rp.error_code = ErrorValue(ErrorCode::kUnknownTopicOrPartition);
        continue;
      }
      int64_t offset = -1;
      int64_t timestamp = -1;
      if (partition.timestamp == kListOffsetsLatest) {
        offset = (*p)->HighWatermark();
      } else if (partition.timestamp == kListOffsetsEarliest) {
        offset = (*p)->LogStartOffset();
      } else {
        Result<int64_t> found = (*p)->OffsetForTimestamp(partition.timestamp);
        if (!found.ok()) {
          rp.error_code = ErrorValue(ErrorCode::kKafkaStorageError);
          continue;
        }
        if (*found < (*p)->HighWatermark()) {
          offset = *found;
          timestamp = partition.timestamp;
        }
      }
      if (h.api_version == 0) {
        if (offset >= 0) rp.old_style_offsets.push_back(offset);
      } else {
        rp.offset = offset;
        rp.timestamp = timestamp;
        rp.leader_epoch = 0;
      }
    }
  }
  return Reply(h, response);
}

}  // namespace millrace::kafka
