#include "firehose/delivery_worker.h"

#include <algorithm>
#include <chrono>

#include "base/clock.h"
#include "base/logging.h"
#include "base/metrics.h"
#include "firehose/delivery_metrics.h"
#include "firehose/delivery_plan.h"
#include "firehose/cloudwatch_logs.h"
#include "firehose/error_record.h"
#include "firehose/jq_partition_query.h"
#include "firehose/kpl_aggregation.h"
#include "firehose/prefix_template.h"
#include "firehose/record_splitting.h"
#include "firehose/transform_hook.h"
#include "firehose/transform_protocol.h"
#include "firehose/open_buffer.h"
#include "firehose/stream_registry.h"
#include "log/log_manager.h"
#include "log/record_batch.h"
#include "log/record_batch_reader.h"

namespace millrace::firehose {

namespace {

constexpr size_t kReadBytes = 4 << 20;           // per partition and pass
constexpr int64_t kPartitionRefreshMs = 2000;     // how often new source partitions are looked for
constexpr int64_t kRetryMs = 1000;               // after a failed publish
constexpr int64_t kIdleCommitMs = 1000;          // checkpoint cadence when only reads advanced
// Reading pauses while this much is buffered (a lake that refuses objects must not make the
// worker hold the whole source in memory).
constexpr uint64_t kMaxBufferedBytes = 512ull << 20;
// Firehose's active partition limit under dynamic partitioning; records for more go to the
// error output.
constexpr size_t kMaxActivePartitions = 500;

int64_t NowMs() { return MonotonicNanos() / 1'000'000; }

}  // namespace

DeliveryWorker::DeliveryWorker(DeliveryStream* stream, WorkerEnvironment env)
    : stream_(stream), env_(std::move(env)) {}

DeliveryWorker::~DeliveryWorker() { Stop(false); }

void DeliveryWorker::Start() {
  thread_ = std::thread([this] { Run(); });
}

void DeliveryWorker::Stop(bool flush) {
  {
    std::lock_guard lock(wake_mu_);
    if (stopping_.load()) {
      // Already stopping or stopped.
    } else {
      flush_on_stop_ = flush;
      stopping_.store(true);
    }
    wake_ = true;
  }
  wake_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void DeliveryWorker::Notify() {
  {
    std::lock_guard lock(wake_mu_);
    wake_ = true;
  }
  wake_cv_.notify_one();
}

void DeliveryWorker::RefreshPlan() {
  DeliveryStreamDefinition def;
  {
    std::lock_guard lock(stream_->mu);
    if (plan_ && plan_->def().version == stream_->def.version) return;
    def = stream_->def;
  }
  static const TransformHookMap kNoHooks;
  Result<std::unique_ptr<DeliveryPlan>> plan = DeliveryPlan::Make(
      std::move(def), env_.transform_hooks != nullptr ? *env_.transform_hooks : kNoHooks);
  if (!plan.ok()) {
    MR_LOG_ERROR("firehose: delivery stream {}: {}", stream_->def.name,
                 plan.status().ToString());
    return;
  }
  // Buffers opened under the old version are delivered under it (their records keep their
  // place); new records go to buffers of the new version.
  if (plan_) FlushDue(/*all=*/true);
  plan_ = std::move(plan).value();
}

void DeliveryWorker::RefreshPartitions(int64_t now_ms) {
  if (now_ms < next_partition_refresh_ms_) return;
  next_partition_refresh_ms_ = now_ms + kPartitionRefreshMs;
  for (const log::PartitionId& id : env_.log->List()) {
    if (id.topic != topic_ || read_positions_.count(id.partition) != 0) continue;
    // A partition the checkpoint does not know appeared after creation (a reshard, a new Kafka
    // partition): all of it is new data.
    Result<log::Partition*> p = env_.log->Get(id);
    if (!p.ok()) continue;
    read_positions_[id.partition] = (*p)->LogStartOffset();
  }
}

void DeliveryWorker::Run() {
  RefreshPlan();
  if (!plan_) return;
  topic_ = plan_->def().source.topic;
  Result<SourceCheckpoint> loaded = LoadCheckpoint(env_.checkpoint_path);
  if (loaded.ok()) {
    committed_ = std::move(loaded).value();
    read_positions_ = committed_.offsets;
  } else if (loaded.status().code() != StatusCode::kNotFound) {
    MR_LOG_ERROR("firehose: delivery stream {}: {}; starting from the oldest record",
                 plan_->def().name, loaded.status().ToString());
  }
  committed_.topic = topic_;

  while (!stopping_.load()) {
    int64_t now = NowMs();
    RefreshPlan();
    RefreshPartitions(now);
    bool read = ReadSources();
    if (now >= retry_after_ms_) {
      if (!FlushDue(/*all=*/false)) retry_after_ms_ = NowMs() + kRetryMs;
    }
    CommitCheckpoint(/*force=*/false);
    UpdateFreshness(WallMillis());
    if (read) continue;
    std::unique_lock lock(wake_mu_);
    wake_cv_.wait_for(lock, std::chrono::milliseconds(WaitMillis(NowMs())),
                      [this] { return wake_; });
    wake_ = false;
  }
  if (flush_on_stop_) {
    // Best effort: what fails here is re-delivered from the checkpoint after a restart.
    FlushDue(/*all=*/true);
    CommitCheckpoint(/*force=*/true);
  }
}

int64_t DeliveryWorker::WaitMillis(int64_t now_ms) const {
  int64_t wait = env_.poll_ms;
  const BufferingHints& hints = plan_->dest().buffering;
  for (const auto& [id, b] : buffers_) {
    wait = std::min(wait, MillisUntilDue(b->buffer, hints, now_ms));
  }
  if (retry_after_ms_ > now_ms) wait = std::max<int64_t>(wait, 10);
  return std::max<int64_t>(wait, 1);
}

bool DeliveryWorker::ReadSources() {
  bool any = false;
  uint64_t buffered = 0;
  for (const auto& [id, b] : buffers_) buffered += b->buffer.bytes();
  if (buffered >= kMaxBufferedBytes) return false;
  for (auto& [partition_index, position] : read_positions_) {
    if (stopping_.load()) break;
    Result<log::Partition*> partition = env_.log->Get({topic_, partition_index});
    if (!partition.ok()) continue;  // deleted underneath (source stream removed)
    log::Partition* p = *partition;
    if (position < p->LogStartOffset()) {
      MR_LOG_WARN("firehose: delivery stream {}: records {}..{} of {}-{} expired before "
                  "delivery",
                  plan_->def().name, position, p->LogStartOffset() - 1, topic_, partition_index);
      position = p->LogStartOffset();
    }
    if (position >= p->HighWatermark()) continue;
    Result<log::ReadResult> r = p->Read(position, kReadBytes);
    if (!r.ok()) {
      MR_LOG_WARN("firehose: delivery stream {}: read {}-{}@{}: {}", plan_->def().name, topic_,
                  partition_index, position, r.status().ToString());
      continue;
    }
    std::span<const uint8_t> bytes = log::AsBytes(r->bytes);
    while (!bytes.empty()) {
      Result<log::BatchHeader> header = log::ParseBatchHeader(bytes);
      if (!header.ok() || header->TotalSize() > bytes.size()) break;
      std::span<const uint8_t> batch = bytes.subspan(0, header->TotalSize());
      bytes = bytes.subspan(header->TotalSize());
      if ((header->attributes & log::batch_format::kControlBit) != 0) continue;
      Result<log::RecordBatchReader> reader = log::RecordBatchReader::Open(batch);
      if (!reader.ok()) {
        // A compressed Kafka batch: its records cannot be read here.
        MR_LOG_WARN("firehose: delivery stream {}: skipping batch at {}-{}@{}: {}",
                    plan_->def().name, topic_, partition_index, header->base_offset,
                    reader.status().ToString());
        continue;
      }
      while (true) {
        Result<std::optional<log::RecordView>> rec = reader->Next();
        if (!rec.ok() || !rec->has_value()) break;
        const log::RecordView& view = **rec;
        if (view.offset < position) continue;
        Ingest(partition_index, view.offset, view.timestamp_ms, view.value.value_or(""));
      }
    }
    position = r->next_offset;
    any = true;
  }
  // Records read are in a buffer (or delivered nowhere by choice) before checkpoints move.
  FlushTransforms();
  return any;
}

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
    r.record_id = std::to_string(p.origin.partition) + "-" + std::to_string(p.origin.offset) +
                  "-" + std::to_string(i);
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

void DeliveryWorker::AddProcessingError(std::string_view code, std::string_view message,
                                        const RecordOrigin& origin, std::string_view raw) {
  ProcessingFailedRecord r;
  r.arrival_millis = origin.arrival_ms;
  r.error_code = std::string(code);
  r.error_message = std::string(message);
  r.attempt_ending_millis = WallMillis();
  r.raw_data = std::string(raw);
  AddErrorLine(kProcessingFailed, origin, ProcessingFailedLine(r));
}

void DeliveryWorker::AddPartitioningError(std::string_view code, std::string_view message,
                                          const RecordOrigin& origin, std::string_view raw) {
  ErrorRecordBase r;
  r.arrival_millis = origin.arrival_ms;
  r.error_code = std::string(code);
  r.error_message = std::string(message);
  r.attempt_ending_millis = WallMillis();
  r.raw_data = std::string(raw);
  AddErrorLine(kPartitioningFailed, origin, PartitioningFailedLine(r));
}

void DeliveryWorker::AddConversionError(std::string_view code, std::string_view message,
                                        const RecordOrigin& origin, std::string_view raw) {
  ConversionFailedRecord r;
  r.arrival_millis = origin.arrival_ms;
  r.error_code = std::string(code);
  r.error_message = std::string(message);
  r.attempt_ending_millis = WallMillis();
  r.raw_data = std::string(raw);
  const ConversionSettings& c = plan_->dest().conversion;
  r.table.catalog_id = c.catalog_id;
  r.table.database_name = c.database;
  r.table.table_name = c.table;
  r.table.region = c.region.empty() ? plan_->def().region : c.region;
  r.table.version_id = c.version_id;
  AddErrorLine(kFormatConversionFailed, origin, ConversionFailedLine(r));
}

bool DeliveryWorker::FlushDue(bool all) {
  bool ok = true;
  bool flushed = false;
  int64_t now = NowMs();
  // Data buffers first: their conversion failures land in error buffers flushed below.
  std::vector<std::string> due;
  for (int pass = 0; pass < 2; ++pass) {
    due.clear();
    for (const auto& [id, b] : buffers_) {
      bool is_error = !b->error_type.empty();
      if (is_error != (pass == 1)) continue;
      if (all || ShouldFlush(b->buffer, plan_->dest().buffering, now) != FlushReason::kNone) {
        due.push_back(id);
      }
    }
    for (const std::string& id : due) {
      auto it = buffers_.find(id);
      if (it == buffers_.end()) continue;
      Status s = Flush(*it->second);
      if (!s.ok()) {
        ok = false;
        stream_->metrics->delivery_failures->Inc();
        MR_LOG_WARN("firehose: delivery stream {}: delivery failed, will retry: {}",
                    plan_->def().name, s.ToString());
        continue;
      }
      if (it->second->error_type.empty()) --data_buffers_;
      buffers_.erase(it);
      flushed = true;
    }
  }
  if (flushed) CommitCheckpoint(/*force=*/true);
  return ok;
}

Status DeliveryWorker::Flush(OpenBuffer& buffer) {
  return buffer.error_type.empty() ? FlushData(buffer) : FlushErrors(buffer);
}

void DeliveryWorker::CommitCheckpoint(bool force) {
  std::vector<const std::map<int32_t, int64_t>*> held;
  for (const auto& [id, b] : buffers_) held.push_back(&b->buffer.lowest_offsets());
  SourceCheckpoint next{topic_, SafeOffsets(read_positions_, held)};
  if (next == committed_) return;
  int64_t now = NowMs();
  // Checkpoints move after each publish; when only reads moved them (records that produced
  // nothing), once a second is enough.
  if (!force && now - last_commit_ms_ < kIdleCommitMs) return;
  Status s = SaveCheckpoint(env_.checkpoint_path, next);
  if (!s.ok()) {
    MR_LOG_WARN("firehose: delivery stream {}: checkpoint: {}", plan_->def().name, s.ToString());
    return;
  }
  committed_ = std::move(next);
  last_commit_ms_ = now;
}

void DeliveryWorker::UpdateFreshness(int64_t wall_ms) {
  int64_t oldest = -1;
  for (const auto& [id, b] : buffers_) {
    if (b->buffer.empty()) continue;
    if (oldest < 0 || b->buffer.oldest_arrival_ms() < oldest) {
      oldest = b->buffer.oldest_arrival_ms();
    }
  }
  double age = oldest < 0 ? 0.0 : std::max<int64_t>(0, wall_ms - oldest) / 1000.0;
  stream_->metrics->data_freshness_seconds->Set(age);
}

}  // namespace millrace::firehose
