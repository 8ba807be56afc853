// The routing half of DeliveryWorker: from a source record to the buffer of its output
// partition (or of its error-output type), through the processors in Firehose's order.
#include "base/clock.h"
#include "base/metrics.h"
#include "firehose/cloudwatch_logs.h"
#include "firehose/delivery_metrics.h"
#include "firehose/delivery_plan.h"
#include "firehose/delivery_worker.h"
#include "firehose/error_record.h"
#include "firehose/jq_partition_query.h"
#include "firehose/kpl_aggregation.h"
#include "firehose/open_buffer.h"
#include "firehose/prefix_template.h"
#include "firehose/record_splitting.h"
#include "firehose/stream_registry.h"
#include "firehose/transform_hook.h"
#include "firehose/transform_protocol.h"

namespace millrace::firehose {

namespace {

// Firehose's active partition limit under dynamic partitioning; records for more go to the
// error output.
constexpr size_t kMaxActivePartitions = 500;

int64_t NowMs() {
  return MonotonicNanos() / 1'000'000;
}

}  // namespace

void DeliveryWorker::Ingest(int32_t partition, int64_t offset, int64_t arrival_ms,
                            std::string_view data) {
  RecordOrigin origin{partition, offset, arrival_ms};
  stream_->metrics->incoming_records->Inc();
  stream_->metrics->incoming_bytes->Inc(data.size());
  // KPL aggregation first (a Kinesis source), then RecordDeAggregation.
  std::vector<std::string_view> pieces;
  if (plan_->kpl_deaggregation() && IsKplAggregated(data)) {
    Result<std::vector<KplUserRecord>> users = DeaggregateKpl(data);
    if (!users.ok()) {
      AddPartitioningError("Kinesis.DeaggregationFailed", users.status().message(), origin, data);
      return;
    }
    for (const KplUserRecord& u : *users) pieces.push_back(u.data);
  } else {
    pieces.push_back(data);
  }
  // CloudWatch Logs subscription records: un-gzip, then keep the log events' messages.
  std::vector<std::string> owned;
  if (plan_->decompress() || plan_->extract_log_messages()) {
    std::vector<std::string_view> next;
    for (std::string_view piece : pieces) {
      std::string text(piece);
      if (plan_->decompress()) {
        Result<std::string> plain = GunzipRecord(piece);
        if (!plain.ok()) {
          AddProcessingError("Decompression.Failed", plain.status().message(), origin, piece);
          continue;
        }
        text = std::move(plain).value();
      }
      if (!plan_->extract_log_messages()) {
        owned.push_back(std::move(text));
        continue;
      }
      Result<std::vector<std::string>> messages = ExtractCloudWatchLogMessages(text);
      if (!messages.ok()) {
        AddProcessingError("CloudWatchLogProcessing.Failed", messages.status().message(), origin,
                           piece);
        continue;
      }
      for (std::string& m : *messages) owned.push_back(std::move(m));
    }
    for (const std::string& s : owned) next.push_back(s);
    pieces = std::move(next);
  }
  const std::optional<DeAggregationSettings>& deagg = plan_->deaggregation();
  for (std::string_view piece : pieces) {
    if (!deagg) {
      Transform(origin, piece);
      continue;
    }
    Result<std::vector<std::string_view>> parts =
        deagg->sub_record_type == SubRecordType::kJson
            ? SplitJsonRecords(piece)
            : SplitDelimitedRecords(piece, deagg->delimiter);
    if (!parts.ok()) {
      AddProcessingError("RecordDeAggregation.Failed", parts.status().message(), origin, piece);
      continue;
    }
    for (std::string_view part : *parts) Transform(origin, part);
  }
}

void DeliveryWorker::Transform(const RecordOrigin& origin, std::string_view data) {
  if (plan_->transform() == nullptr) {
    Route(origin, data, nullptr);
    return;
  }
  pending_transform_.push_back({origin, std::string(data)});
  pending_transform_bytes_ += data.size();
  if (pending_transform_bytes_ >= plan_->transform_batch_bytes() ||
      pending_transform_.size() >= kMaxSubRecords) {
    FlushTransforms();
  }
}

void DeliveryWorker::FlushTransforms() {
  if (pending_transform_.empty()) return;
  const DeliveryStreamDefinition& def = plan_->def();
  TransformRequest request;
  request.delivery_stream_arn = def.arn;
  request.region = def.region;
  if (def.source.type == SourceType::kKinesisStream) {
    request.source_kinesis_stream_arn = def.source.source_arn;
  }
  for (size_t i = 0; i < pending_transform_.size(); ++i) {
    const PendingTransform& p = pending_transform_[i];
    TransformInputRecord r;
    r.record_id = std::to_string(p.origin.partition) + "-" + std::to_string(p.origin.offset) + "-" +
                  std::to_string(i);
    r.approximate_arrival_millis = p.origin.arrival_ms;
    r.data = p.data;
    request.records.push_back(std::move(r));
  }
  TransformOutcome outcome = plan_->transform()->Invoke(std::move(request));
  for (size_t i = 0; i < pending_transform_.size(); ++i) {
    const PendingTransform& p = pending_transform_[i];
    const TransformedRecord* r = i < outcome.records.size() ? &outcome.records[i] : nullptr;
    if (r != nullptr && r->result == TransformResult::kOk) {
      Route(p.origin, r->data, &r->partition_keys);
      continue;
    }
    if (r != nullptr && r->result == TransformResult::kDropped) continue;
    ProcessingFailedRecord failed;
    failed.attempts_made = outcome.attempts_made;
    failed.arrival_millis = p.origin.arrival_ms;
    failed.error_code = r != nullptr ? r->error_code : std::string(kLambdaInvokeFailed);
    failed.error_message = r != nullptr ? r->error_message : outcome.batch_status.message();
    failed.attempt_ending_millis = outcome.attempt_ending_millis;
    failed.raw_data = p.data;
    failed.lambda_arn = plan_->transform()->lambda_arn();
    AddErrorLine(kProcessingFailed, p.origin, ProcessingFailedLine(failed));
  }
  pending_transform_.clear();
  pending_transform_bytes_ = 0;
}

void DeliveryWorker::Route(const RecordOrigin& origin, std::string_view data,
                           const PartitionKeys* lambda_keys) {
  std::string with_delimiter;
  if (plan_->append_delimiter()) {
    with_delimiter = AppendDelimiter(data, *plan_->append_delimiter());
    data = with_delimiter;
  }
  if (!plan_->dest().dynamic_partitioning) {
    AddToBuffer("d", nullptr, nullptr, "", origin, data);
    return;
  }
  Result<PartitionKeys> keys = plan_->ExtractKeys(data);
  if (!keys.ok()) {
    AddPartitioningError(kMetadataExtractionFailed, keys.status().message(), origin, data);
    return;
  }
  static const PartitionKeys kNone;
  const PartitionKeys& from_lambda = lambda_keys != nullptr ? *lambda_keys : kNone;
  if (Status s = plan_->CheckKeys(*keys, from_lambda); !s.ok()) {
    AddPartitioningError(kPartitionKeyMissing, s.message(), origin, data);
    return;
  }
  std::string id = "d";
  for (const PartitionKeys* set : {static_cast<const PartitionKeys*>(&*keys), &from_lambda}) {
    id += '\x1d';
    for (const auto& [k, v] : set->entries) {
      id += '\x1f';
      id += k;
      id += '\x1e';
      id += v;
    }
  }
  if (buffers_.count(id) == 0 && data_buffers_ >= kMaxActivePartitions) {
    AddPartitioningError("DynamicPartitioning.ActivePartitionsLimitExceeded",
                         "The delivery stream has " + std::to_string(kMaxActivePartitions) +
                             " active partitions already.",
                         origin, data);
    return;
  }
  AddToBuffer(id, &*keys, &from_lambda, "", origin, data);
}

void DeliveryWorker::AddToBuffer(const std::string& id, const PartitionKeys* keys,
                                 const PartitionKeys* lambda_keys, std::string_view error_type,
                                 const RecordOrigin& origin, std::string_view data) {
  auto& slot = buffers_[id];
  if (!slot) {
    slot = std::make_unique<OpenBuffer>(NowMs());
    if (error_type.empty()) ++data_buffers_;
    if (keys != nullptr) slot->keys = *keys;
    if (lambda_keys != nullptr) slot->lambda_keys = *lambda_keys;
    slot->error_type = std::string(error_type);
  }
  slot->buffer.Add(origin, data);
}

void DeliveryWorker::AddErrorLine(std::string_view error_type, const RecordOrigin& origin,
                                  std::string line) {
  stream_->metrics->error_records->Inc();
  AddToBuffer(std::string("e") + std::string(error_type), nullptr, nullptr, error_type, origin,
              line);
}

namespace {

// The members every error-output record has: the record's arrival, the error, the attempt's end
// (now) and the raw record.
void FillErrorRecord(ErrorRecordBase& r, std::string_view code, std::string_view message,
                     const RecordOrigin& origin, std::string_view raw) {
  r.arrival_millis = origin.arrival_ms;
  r.error_code = std::string(code);
  r.error_message = std::string(message);
  r.attempt_ending_millis = WallMillis();
  r.raw_data = std::string(raw);
}

}  // namespace

void DeliveryWorker::AddProcessingError(std::string_view code, std::string_view message,
                                        const RecordOrigin& origin, std::string_view raw) {
  ProcessingFailedRecord r;
  FillErrorRecord(r, code, message, origin, raw);
  AddErrorLine(kProcessingFailed, origin, ProcessingFailedLine(r));
}

void DeliveryWorker::AddPartitioningError(std::string_view code, std::string_view message,
                                          const RecordOrigin& origin, std::string_view raw) {
  ErrorRecordBase r;
  FillErrorRecord(r, code, message, origin, raw);
  AddErrorLine(kPartitioningFailed, origin, PartitioningFailedLine(r));
}

void DeliveryWorker::AddConversionError(std::string_view code, std::string_view message,
                                        const RecordOrigin& origin, std::string_view raw) {
  ConversionFailedRecord r;
  FillErrorRecord(r, code, message, origin, raw);
  const ConversionSettings& c = plan_->dest().conversion;
  r.table.catalog_id = c.catalog_id;
  r.table.database_name = c.database;
  r.table.table_name = c.table;
  r.table.region = c.region.empty() ? plan_->def().region : c.region;
  r.table.version_id = c.version_id;
  AddErrorLine(kFormatConversionFailed, origin, ConversionFailedLine(r));
}

}  // namespace millrace::firehose
