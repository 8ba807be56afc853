// The write path of a Partition: validation, offset assignment, segment rolls, group commit.
#include <boost/asio/async_result.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "base/clock.h"
#include "base/logging.h"
#include "log/partition.h"
#include "log/partition_waiters.h"
#include "log/record_batch.h"
#include "log/segment.h"

namespace millrace::log {

namespace {
// Validates every batch of `bytes` (one or more, concatenated) and returns their headers.
Result<std::vector<BatchHeader>> ValidateBatches(std::span<const uint8_t> bytes) {
  std::vector<BatchHeader> headers;
  size_t pos = 0;
  while (pos < bytes.size()) {
    MR_ASSIGN_OR_RETURN(BatchHeader h, ValidateBatch(bytes.subspan(pos)));
    headers.push_back(h);
    pos += h.TotalSize();
  }
  if (headers.empty()) return Status::InvalidArgument("append of an empty record set");
  return headers;
}
}  // namespace

boost::asio::awaitable<Result<AppendResult>> Partition::Append(std::string batches) {
  boost::asio::any_io_executor ex = co_await boost::asio::this_coro::executor;
  // Named, not temporaries inside the co_await expression: GCC 12 destroys such temporaries
  // twice when the coroutine resumes, which released the caller's strand executor twice.
  auto initiation = [this, ex](auto handler, std::string bytes) {
    auto waiter = std::make_unique<CommitWaiter>();
    waiter->executor = ex;
    waiter->handler.emplace(std::move(handler));
    (void)StartAppend(std::move(bytes), std::move(waiter));
  };
  auto operation =
      boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&, void(Result<AppendResult>)>(
          std::move(initiation), boost::asio::use_awaitable, std::move(batches));
  Result<AppendResult> result = co_await std::move(operation);
  co_return result;
}

Result<AppendResult> Partition::AppendBlocking(std::string batches) {
  std::promise<Result<AppendResult>> done;
  auto future = done.get_future();
  auto waiter = std::make_unique<CommitWaiter>();
  waiter->blocking = &done;
  (void)StartAppend(std::move(batches), std::move(waiter));
  return future.get();
}

Result<AppendResult> Partition::AppendAsync(std::string batches,
                                            boost::asio::any_io_executor executor,
                                            AppendCallback done) {
  auto waiter = std::make_unique<CommitWaiter>();
  waiter->executor = std::move(executor);
  waiter->handler.emplace(std::move(done));
  return StartAppend(std::move(batches), std::move(waiter));
}

Result<AppendResult> Partition::StartAppend(std::string batches,
                                            std::unique_ptr<CommitWaiter> waiter) {
  auto* bytes = reinterpret_cast<uint8_t*>(batches.data());
  auto validated = ValidateBatches(std::span<const uint8_t>(bytes, batches.size()));
  if (!validated.ok()) {
    Status error = validated.status();
    CommitWaiter::Complete(std::move(waiter), error);
    return error;
  }
  std::vector<BatchHeader>& headers = *validated;
  int64_t records = 0;
  for (const BatchHeader& h : headers) records += h.last_offset_delta + 1;
  const int64_t now = WallMillis();

  std::vector<std::unique_ptr<CommitWaiter>> commits;
  std::vector<std::shared_ptr<DataWaiter>> readers;
  Status status;
  AppendResult placed;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) {
      status = Status::Unavailable("partition " + id_.DirName() + " is closed");
    } else if (!sticky_error_.ok()) {
      status = sticky_error_;
    } else {
      if (config_.timestamp_type == TimestampType::kLogAppendTime) {
        size_t pos = 0;
        for (BatchHeader& h : headers) {
          StampLogAppendTime(bytes + pos, h.TotalSize(), now);
          h.base_timestamp = h.max_timestamp = now;
          pos += h.TotalSize();
        }
      }
      status = MaybeRoll(batches.size(), records, now);
    }
    if (status.ok()) {
      const int64_t base = next_offset_;
      size_t pos = 0;
      int64_t offset = base;
      for (BatchHeader& h : headers) {
        SetBaseOffset(bytes + pos, offset);
        SetLeaderEpoch(bytes + pos, kLeaderEpoch);
        h.base_offset = offset;
        h.partition_leader_epoch = kLeaderEpoch;
        offset += h.last_offset_delta + 1;
        pos += h.TotalSize();
      }
      status = active_->Append(std::span<const uint8_t>(bytes, batches.size()), headers);
      if (status.ok()) {
        next_offset_ = offset;
        placed = AppendResult{base, offset - 1, now};
        waiter->result = placed;
        waiter->target_offset = offset;
        if (config_.fsync == FsyncPolicy::kAlways) {
          commit_waiters_.push_back(std::move(waiter));
          // Scheduled under mu_ so that Close() (which sets closed_ under mu_, then Forget()s)
          // cannot miss it and leave the scheduler pointing at a dead partition.
          scheduler_->Schedule(this);
        } else {
          // Acknowledged and visible once in the page cache.
          active_->set_visible_size(active_->size());
          AdvanceWatermark(offset, &commits, &readers);
          commits.push_back(std::move(waiter));
          if (config_.fsync == FsyncPolicy::kInterval) {
            scheduler_->Schedule(this, config_.fsync_interval_ms);
          }
        }
      }
    }
  }
  if (!status.ok()) {
    CommitWaiter::Complete(std::move(waiter), status);
    return status;
  }
  for (auto& w : commits) {
    AppendResult result = w->result;
    CommitWaiter::Complete(std::move(w), result);
  }
  for (auto& w : readers) DataWaiter::Notify(w, true);
  return placed;
}

Status Partition::MaybeRoll(size_t bytes, int64_t records, int64_t now_ms) {
  if (active_->empty()) {
    active_since_ms_ = now_ms;
    return Status::Ok();
  }
  bool too_big = active_->size() + bytes > static_cast<uint64_t>(config_.segment_bytes);
  bool too_old = now_ms - active_since_ms_ >= config_.segment_ms;
  bool offsets_full = next_offset_ + records - active_->base_offset() > UINT32_MAX;
  if (!too_big && !too_old && !offsets_full) return Status::Ok();
  MR_RETURN_IF_ERROR(active_->Seal());
  MR_ASSIGN_OR_RETURN(std::shared_ptr<Segment> segment,
                      Segment::Create(dir_, next_offset_, config_.index_interval_bytes));
  if (config_.fsync != FsyncPolicy::kNever) sealed_unsynced_.push_back(active_);
  segments_[next_offset_] = segment;
  active_since_ms_ = now_ms;
  active_ = std::move(segment);
  dir_unsynced_ = true;
  return Status::Ok();
}

void Partition::AdvanceWatermark(int64_t offset,
                                 std::vector<std::unique_ptr<CommitWaiter>>* commits,
                                 std::vector<std::shared_ptr<DataWaiter>>* readers) {
  if (offset > high_watermark_.load(std::memory_order_relaxed)) {
    high_watermark_.store(offset, std::memory_order_release);
  }
  while (!commit_waiters_.empty() && commit_waiters_.front()->target_offset <= offset) {
    commits->push_back(std::move(commit_waiters_.front()));
    commit_waiters_.pop_front();
  }
  auto keep = data_waiters_.begin();
  for (auto& weak : data_waiters_) {
    std::shared_ptr<DataWaiter> w = weak.lock();
    if (!w || w->done.load()) continue;  // finished already
    if (w->offset < offset) {
      readers->push_back(std::move(w));
    } else {
      if (&*keep != &weak) *keep = std::move(weak);  // weak_ptr self-move would empty it
      ++keep;
    }
  }
  data_waiters_.erase(keep, data_waiters_.end());
}

void Partition::SyncNow() {
  std::shared_ptr<Segment> active;
  std::vector<std::shared_ptr<Segment>> sealed;
  int64_t target;
  uint64_t active_size;
  bool sync_dir;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!sticky_error_.ok()) return;
    target = next_offset_;
    if (target == synced_offset_ && sealed_unsynced_.empty() && !dir_unsynced_) return;
    active = active_;
    active_size = active_->size();
    sealed.swap(sealed_unsynced_);
    sync_dir = dir_unsynced_;
    dir_unsynced_ = false;
  }
  Status status;
  for (const auto& segment : sealed) {
    if (status.ok()) status = segment->SyncData();
    if (status.ok()) status = segment->SyncIndexes();
  }
  if (status.ok()) status = active->SyncData();
  if (status.ok() && sync_dir) status = SyncDir(dir_);
  fsync_count_.fetch_add(1, std::memory_order_relaxed);

  std::vector<std::unique_ptr<CommitWaiter>> commits;
  std::vector<std::shared_ptr<DataWaiter>> readers;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!status.ok()) {
      // After a failed fsync the page cache may have dropped dirty pages: never retry it on
      // the same files. Fail everyone waiting and refuse appends until a reopen recovers.
      MR_LOG_ERROR("partition {}: fsync failed, refusing appends until reopened: {}", id_.DirName(),
                   status.ToString());
      sticky_error_ = status;
      for (auto& w : commit_waiters_) commits.push_back(std::move(w));
      commit_waiters_.clear();
    } else {
      synced_offset_ = std::max(synced_offset_, target);
      for (const auto& segment : sealed) segment->set_visible_size(segment->size());
      if (active_size > active->visible_size()) active->set_visible_size(active_size);
      AdvanceWatermark(target, &commits, &readers);
    }
  }
  for (auto& w : commits) {
    if (status.ok()) {
      AppendResult result = w->result;
      CommitWaiter::Complete(std::move(w), result);
    } else {
      CommitWaiter::Complete(std::move(w), status);
    }
  }
  for (auto& w : readers) DataWaiter::Notify(w, true);
}

}  // namespace millrace::log
