#include "firehose/delivery_worker.h"

#include <algorithm>
#include <chrono>

#include "base/clock.h"
#include "base/logging.h"
#include "base/metrics.h"
#include "firehose/delivery_metrics.h"
#include "firehose/delivery_plan.h"
#include "firehose/error_record.h"
#include "firehose/kafka_record_source.h"
#include "firehose/log_record_source.h"
#include "firehose/open_buffer.h"
#include "firehose/stream_registry.h"

namespace millrace::firehose {

namespace {

constexpr size_t kReadBytes = 4 << 20;         // per partition and pass
constexpr int64_t kPartitionRefreshMs = 2000;  // how often new source partitions are looked for
constexpr int64_t kRetryMs = 1000;             // after a failed publish (first back-off)
constexpr int64_t kMaxRetryMs = 30000;         // longest back-off between publish attempts
constexpr int64_t kIdleCommitMs = 1000;        // checkpoint cadence when only reads advanced
// Reading pauses while this much is buffered (a lake that refuses objects must not make the
// worker hold the whole source in memory).
constexpr uint64_t kMaxBufferedBytes = 512ull << 20;

int64_t NowMs() {
  return MonotonicNanos() / 1'000'000;
}

}  // namespace

DeliveryWorker::DeliveryWorker(DeliveryStream* stream, WorkerEnvironment env)
    : stream_(stream), env_(std::move(env)) {}

DeliveryWorker::~DeliveryWorker() {
  Stop(false);
}

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
    MR_LOG_ERROR("firehose: delivery stream {}: {}", stream_->def.name, plan.status().ToString());
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
  // A partition the checkpoint does not know appeared after creation (a reshard, a new Kafka
  // partition): all of it is new data.
  source_->DiscoverPartitions(read_positions_);
}

Result<std::unique_ptr<RecordSource>> DeliveryWorker::OpenSource() const {
  const SourceSettings& source = plan_->def().source;
  const std::string* cluster = nullptr;
  if (source.type == SourceType::kMsk && env_.external != nullptr) {
    cluster = env_.external->KafkaCluster(source.source_arn);
  }
  if (cluster == nullptr) {
    return std::unique_ptr<RecordSource>(
        std::make_unique<LogRecordSource>(env_.log, source.topic, plan_->def().name));
  }
  KafkaSourceOptions options;
  options.bootstrap_servers = *cluster;
  options.topic = source.topic;
  options.group_id = "firehose-" + plan_->def().name;
  options.stream_name = plan_->def().name;
  MR_ASSIGN_OR_RETURN(std::unique_ptr<KafkaRecordSource> kafka,
                      KafkaRecordSource::Open(std::move(options)));
  return std::unique_ptr<RecordSource>(std::move(kafka));
}

void DeliveryWorker::Run() {
  RefreshPlan();
  if (!plan_) return;
  topic_ = plan_->def().source.topic;
  Result<std::unique_ptr<RecordSource>> source = OpenSource();
  if (!source.ok()) {
    MR_LOG_ERROR("firehose: delivery stream {}: {}", plan_->def().name, source.status().ToString());
    return;
  }
  source_ = std::move(source).value();
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
      if (FlushDue(/*all=*/false)) {
        retry_delay_ms_ = 0;
      } else {
        // Back off while the destination keeps failing; the buffers (and checkpoint) wait.
        retry_delay_ms_ = std::clamp<int64_t>(retry_delay_ms_ * 2, kRetryMs, kMaxRetryMs);
        retry_after_ms_ = NowMs() + retry_delay_ms_;
      }
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
  uint64_t buffered = 0;
  for (const auto& [id, b] : buffers_) buffered += b->buffer.bytes();
  if (buffered >= kMaxBufferedBytes) return false;
  bool any = source_->Read(read_positions_, kReadBytes, stopping_, [this](const SourceRecord& r) {
    Ingest(r.partition, r.offset, r.timestamp_ms, r.value);
  });
  // Records read are in a buffer (or delivered nowhere by choice) before checkpoints move.
  FlushTransforms();
  return any;
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
  source_->Committed(committed_.offsets);
}

void DeliveryWorker::UpdateFreshness(int64_t wall_ms) {
  // Records still unread in the source are undelivered too.
  std::optional<int64_t> unread = source_->OldestUnreadMs(read_positions_);
  int64_t oldest = unread.value_or(-1);
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
