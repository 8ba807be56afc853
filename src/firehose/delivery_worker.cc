#include "firehose/delivery_worker.h"

#include <algorithm>
#include <chrono>

#include "base/clock.h"
#include "base/logging.h"
#include "base/metrics.h"
#include "firehose/delivery_metrics.h"
#include "firehose/delivery_plan.h"
#include "firehose/error_record.h"
#include "firehose/open_buffer.h"
#include "firehose/stream_registry.h"
#include "log/batch_decompression.h"
#include "log/log_manager.h"
#include "log/record_batch.h"
#include "log/record_batch_reader.h"

namespace millrace::firehose {

namespace {

constexpr size_t kReadBytes = 4 << 20;         // per partition and pass
constexpr int64_t kPartitionRefreshMs = 2000;  // how often new source partitions are looked for
constexpr int64_t kRetryMs = 1000;             // after a failed publish
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
      MR_LOG_WARN(
          "firehose: delivery stream {}: records {}..{} of {}-{} expired before "
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
      std::string decompressed;
      if (header->Compression() != 0) {
        // A Kafka producer compressed this batch: read its uncompressed equivalent.
        Result<std::string> plain = log::DecompressBatch(batch);
        if (plain.ok()) {
          decompressed = std::move(plain).value();
          batch = log::AsBytes(decompressed);
        }
      }
      Result<log::RecordBatchReader> reader = log::RecordBatchReader::Open(batch);
      if (!reader.ok()) {
        // A damaged compressed payload.
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
