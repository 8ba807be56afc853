// Produce: validates each partition's record batches (magic 2, CRC32C, codec), checks
// idempotent-producer sequences, then places every partition's batches at once and answers when
// the last is durable, so one group commit can cover them all, and pipelined requests of one
// connection share group commits too. acks=1 and acks=-1 both answer once the log acknowledges
// (durable under the topic's fsync policy); acks=0 sends no response.
#include <boost/asio/post.hpp>

#include "base/endian.h"
#include "base/logging.h"
#include "kafka/broker/broker.h"
#include "kafka/broker/handler_util.h"
#include "kafka/broker/producer_state.h"
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

// One Produce request in flight: its response, being filled in as its appends become durable.
// Lives on the connection's executor: every completion runs there, so no locking.
struct PendingProduce {
  struct Target {
    ProduceResponse::Partition* out;
    const std::string* topic;
    BatchSummary summary;
    log::Partition* partition;
  };
  RequestHeader header;
  int16_t acks = 0;
  ProduceRequest request;  // owns the topic names the targets point to
  ProduceResponse response;
  std::vector<Target> targets;
  size_t remaining = 0;
  Broker::ReplyCallback done;

  void Finish() {
    HandlerResult reply = std::optional<std::string>();
    if (acks != 0) reply = Reply(header, response);
    done(std::move(reply));
  }
};

}  // namespace

Status Broker::StartProduce(const RequestHeader& h, WireReader& r,
                            boost::asio::any_io_executor executor, ReplyCallback done) {
  auto pending = std::make_shared<PendingProduce>();
  pending->header = h;
  pending->done = std::move(done);
  ProduceRequest& request = pending->request;
  MR_RETURN_IF_ERROR(request.Decode(r, h.api_version));
  pending->acks = request.acks;
  ProduceResponse& response = pending->response;
  const bool acks_valid = request.acks == 0 || request.acks == 1 || request.acks == -1;

  response.topics.reserve(request.topics.size());
  for (auto& topic : request.topics) {
    ProduceResponse::Topic& rt = response.topics.emplace_back();
    rt.name = topic.name;
    rt.partitions.reserve(topic.partitions.size());
    for (auto& partition : topic.partitions) {
      ProduceResponse::Partition& rp = rt.partitions.emplace_back();
      rp.index = partition.index;
      PendingProduce::Target target{&rp, &topic.name, {}, nullptr};
      log::Partition* p = nullptr;
      ErrorCode error = ErrorCode::kNone;
      if (!acks_valid) {
        error = ErrorCode::kInvalidRequiredAcks;
      } else if ((p = FindPartition(topic.name, partition.index, true)) == nullptr) {
        error = ErrorCode::kUnknownTopicOrPartition;
      } else {
        error = ValidateRecords(partition.records, &target.summary);
      }
      const BatchSummary& sum = target.summary;
      if (error == ErrorCode::kNone) {
        SequenceCheck check =
            producers_->Check(topic.name, partition.index, sum.producer_id, sum.producer_epoch,
                              sum.base_sequence, sum.record_count);
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
      // Placed now, in request order (so per-partition order is request order on this
      // connection, and the next pipelined batch of this producer sees this one's sequence);
      // answered once durable. The callback runs on `executor`.
      const size_t index = pending->targets.size();
      target.partition = p;
      pending->targets.push_back(target);
      ++pending->remaining;
      Result<log::AppendResult> placed = p->AppendAsync(
          std::move(*partition.records), executor,
          [this, pending, index](Result<log::AppendResult> result) {
            PendingProduce::Target& t = pending->targets[index];
            if (!result.ok()) {
              t.out->error_code = ErrorValue(AppendErrorCode(result.status()));
              t.out->base_offset = -1;
              MR_LOG_WARN("kafka: produce to {}-{} failed: {}", *t.topic, t.out->index,
                          result.status().ToString());
              producers_->Forget(*t.topic, t.out->index, t.summary.producer_id);
            } else {
              t.out->base_offset = result->base_offset;
              t.out->log_start_offset = t.partition->LogStartOffset();
              if (t.partition->config().timestamp_type == log::TimestampType::kLogAppendTime) {
                t.out->log_append_time_ms = result->append_time_ms;
              }
            }
            if (--pending->remaining == 0) pending->Finish();
          });
      if (placed.ok()) {
        producers_->Record(topic.name, partition.index, sum.producer_id, sum.producer_epoch,
                           sum.base_sequence, sum.record_count, placed->base_offset);
      }
    }
  }
  if (pending->targets.empty()) {
    // Nothing to wait for: answer through the executor like the appends would.
    asio::post(executor, [pending] { pending->Finish(); });
  }
  return Status::Ok();
}

}  // namespace millrace::kafka
