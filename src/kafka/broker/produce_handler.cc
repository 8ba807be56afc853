// Produce: validates each partition's record batches (magic 2, CRC32C, codec), checks
// idempotent-producer sequences, then appends every partition in parallel so that one group
// commit can cover them all. acks=1 and acks=-1 both answer once the log acknowledges (durable
// under the topic's fsync policy); acks=0 sends no response.
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "base/endian.h"
#include "base/logging.h"
#include "kafka/broker/broker.h"
#include "kafka/broker/handler_util.h"
#include "kafka/broker/producer_state.h"
#include "kafka/broker/wake_signal.h"
#include "kafka/protocol/messages/produce_message.h"
#include "log/log_manager.h"
#include "log/record_batch.h"

namespace millrace::kafka {

namespace asio = boost::asio;

namespace {

struct BatchSummary {
  int64_t producer_id = -1;
  int16_t producer_epoch = -1;
  int32_t base_sequence = -1;
  int32_t record_count = 0;
};

// NONE if `records` is a sequence of whole, valid RecordBatch v2 batches.
ErrorCode ValidateRecords(const std::optional<std::string>& records, BatchSummary* summary) {
  if (!records || records->empty()) return ErrorCode::kCorruptMessage;
  std::span<const uint8_t> bytes = log::AsBytes(*records);
  size_t pos = 0;
  bool first = true;
  while (pos < bytes.size()) {
    if (bytes.size() - pos <= log::batch_format::kMagic) return ErrorCode::kCorruptMessage;
    const int8_t magic = static_cast<int8_t>(bytes[pos + log::batch_format::kMagic]);
    if (magic == 0 || magic == 1) return ErrorCode::kUnsupportedForMessageFormat;
    Result<log::BatchHeader> h = log::ValidateBatch(bytes.subspan(pos));
    if (!h.ok()) return ErrorCode::kCorruptMessage;
    if (h->Compression() > 4) return ErrorCode::kUnsupportedCompressionType;
    if (first) {
      summary->producer_id = h->producer_id;
      summary->producer_epoch = h->producer_epoch;
      summary->base_sequence = h->base_sequence;
      first = false;
    }
    summary->record_count += h->last_offset_delta + 1;
    pos += h->TotalSize();
  }
  return ErrorCode::kNone;
}

ErrorCode AppendErrorCode(const Status& s) {
  switch (s.code()) {
    case StatusCode::kCorruption:
      return ErrorCode::kCorruptMessage;
    case StatusCode::kInvalidArgument:
      return ErrorCode::kInvalidRecord;
    case StatusCode::kUnavailable:
      return ErrorCode::kNotLeaderOrFollower;
    default:
      return ErrorCode::kKafkaStorageError;
  }
}

// The appends of one Produce request, run concurrently so that one group commit can cover
// them all; `signal` fires when the last one finishes.
struct AppendJobs {
  struct Job {
    log::Partition* partition = nullptr;
    std::string records;
    std::optional<Result<log::AppendResult>> result;
  };
  std::vector<Job> jobs;
  std::atomic<size_t> remaining{0};
  std::shared_ptr<WakeSignal> signal;
};

// Runs one append. Wrapped in an optional because co_spawn needs a default-constructible result.
asio::awaitable<std::optional<Result<log::AppendResult>>> AppendOn(log::Partition* partition,
                                                                   std::string records) {
  Result<log::AppendResult> appended = co_await partition->Append(std::move(records));
  std::optional<Result<log::AppendResult>> out(std::move(appended));
  co_return out;
}

}  // namespace

asio::awaitable<HandlerResult> Broker::HandleProduce(const RequestHeader& h, WireReader& r) {
  ProduceRequest request;
  if (Status s = request.Decode(r, h.api_version); !s.ok()) co_return s;
  ProduceResponse response;
  const bool acks_valid = request.acks == 0 || request.acks == 1 || request.acks == -1;

  struct Target {
    ProduceResponse::Partition* out;
    const std::string* topic;
    BatchSummary summary;
    size_t job = SIZE_MAX;
  };
  std::vector<Target> targets;
  auto all = std::make_shared<AppendJobs>();
  response.topics.reserve(request.topics.size());
  for (auto& topic : request.topics) {
    ProduceResponse::Topic& rt = response.topics.emplace_back();
    rt.name = topic.name;
    rt.partitions.reserve(topic.partitions.size());
    for (auto& partition : topic.partitions) {
      ProduceResponse::Partition& rp = rt.partitions.emplace_back();
      rp.index = partition.index;
      Target target{&rp, &topic.name, {}, SIZE_MAX};
      log::Partition* p = nullptr;
      ErrorCode error = ErrorCode::kNone;
      if (!acks_valid) {
        error = ErrorCode::kInvalidRequiredAcks;
      } else if ((p = FindPartition(topic.name, partition.index, true)) == nullptr) {
        error = ErrorCode::kUnknownTopicOrPartition;
      } else {
        error = ValidateRecords(partition.records, &target.summary);
      }
      if (error == ErrorCode::kNone) {
        SequenceCheck check = producers_->Check(
            topic.name, partition.index, target.summary.producer_id, target.summary.producer_epoch,
            target.summary.base_sequence, target.summary.record_count);
        if (check.duplicate) {
          rp.base_offset = check.duplicate_base_offset;
          rp.log_start_offset = p->LogStartOffset();
          continue;
        }
        error = static_cast<ErrorCode>(check.error_code);
      }
      if (error != ErrorCode::kNone) {
        rp.error_code = ErrorValue(error);
        if (error == ErrorCode::kCorruptMessage) {
          MR_LOG_WARN("kafka: produce to {}-{} from '{}': corrupt record batch refused", topic.name,
                      partition.index, h.client_id.value_or(""));
        }
        continue;
      }
      target.job = all->jobs.size();
      all->jobs.push_back({p, std::move(*partition.records), std::nullopt});
      targets.push_back(target);
    }
  }

  // The log's Append completes through the executor it was started on; appends run on the
  // plain event-loop executor and the last one to finish wakes this connection's coroutine.
  if (!all->jobs.empty()) {
    all->signal = WakeSignal::Make(co_await asio::this_coro::executor);
    all->remaining.store(all->jobs.size());
    for (size_t i = 0; i < all->jobs.size(); ++i) {
      AppendJobs::Job& job = all->jobs[i];
      asio::co_spawn(
          context_->get_executor(), AppendOn(job.partition, std::move(job.records)),
          [all, i](std::exception_ptr error, std::optional<Result<log::AppendResult>> result) {
            if (error || !result) {
              result = Result<log::AppendResult>(Status::Internal("append failed"));
            }
            all->jobs[i].result = std::move(result);
            if (all->remaining.fetch_sub(1) == 1) all->signal->Notify();
          });
    }
    const bool finished =
        co_await all->signal->Wait(std::chrono::steady_clock::now() + std::chrono::hours(24 * 365));
    if (!finished) co_return Status::Internal("produce: appends did not finish");
  }
  for (Target& t : targets) {
    AppendJobs::Job& job = all->jobs[t.job];
    const Result<log::AppendResult>& result = *job.result;
    if (!result.ok()) {
      t.out->error_code = ErrorValue(AppendErrorCode(result.status()));
      MR_LOG_WARN("kafka: produce to {}-{} failed: {}", *t.topic, t.out->index,
                  result.status().ToString());
      continue;
    }
    producers_->Record(*t.topic, t.out->index, t.summary.producer_id, t.summary.producer_epoch,
                       t.summary.base_sequence, t.summary.record_count, result->base_offset);
    t.out->base_offset = result->base_offset;
    t.out->log_start_offset = job.partition->LogStartOffset();
    if (job.partition->config().timestamp_type == log::TimestampType::kLogAppendTime) {
      t.out->log_append_time_ms = result->append_time_ms;
    }
  }
  HandlerResult reply = std::optional<std::string>();
  if (request.acks != 0) reply = Reply(h, response);
  co_return reply;
}

}  // namespace millrace::kafka
