#include "log/partition.h"

#include <algorithm>

#include "base/clock.h"
#include "base/logging.h"
#include "log/file.h"
#include "log/partition_waiters.h"
#include "log/segment.h"

namespace millrace::log {

namespace {
constexpr const char* kMetadataFile = "partition.meta";

// Base offset from "<20 digits>.log"; -1 if the name is not a segment's.
int64_t ParseSegmentName(const std::string& name, const std::string& suffix) {
  if (name.size() != 20 + suffix.size() || name.compare(20, suffix.size(), suffix) != 0) return -1;
  int64_t value = 0;
  for (size_t i = 0; i < 20; ++i) {
    if (name[i] < '0' || name[i] > '9') return -1;
    value = value * 10 + (name[i] - '0');
  }
  return value;
}
}  // namespace

Partition::Partition(std::string dir, PartitionId id, PartitionConfig config,
                     SyncScheduler* scheduler)
    : dir_(std::move(dir)), id_(std::move(id)), scheduler_(scheduler), config_(config) {}

Partition::~Partition() {
  Status s = Close();
  if (!s.ok()) MR_LOG_ERROR("closing partition {}: {}", id_.DirName(), s.ToString());
}

Status Partition::Initialize(const std::string& dir, const PartitionId& id,
                             const PartitionConfig& config) {
  MR_RETURN_IF_ERROR(ValidatePartitionId(id));
  MR_RETURN_IF_ERROR(ValidatePartitionConfig(config));
  MR_RETURN_IF_ERROR(CreateDirs(dir));
  MR_ASSIGN_OR_RETURN(auto segment, Segment::Create(dir, 0, config.index_interval_bytes));
  MR_RETURN_IF_ERROR(segment->SyncData());
  MR_RETURN_IF_ERROR(segment->SyncIndexes());
  // The metadata is written last: a directory without it is an unfinished creation.
  return WriteFileAtomically(dir + "/" + kMetadataFile, EncodePartitionMetadata(id, config));
}

Result<std::unique_ptr<Partition>> Partition::Open(const std::string& dir,
                                                   SyncScheduler* scheduler) {
  MR_ASSIGN_OR_RETURN(std::string meta, ReadWholeFile(dir + "/" + kMetadataFile));
  PartitionId id;
  PartitionConfig config;
  Status s = DecodePartitionMetadata(meta, &id, &config);
  if (!s.ok()) return Status::Corruption(dir + "/" + kMetadataFile + ": " + s.message());
  std::unique_ptr<Partition> partition(new Partition(dir, id, config, scheduler));
  MR_RETURN_IF_ERROR(partition->Recover());
  return partition;
}

Status Partition::Recover() {
  MR_ASSIGN_OR_RETURN(std::vector<std::string> names, ListDir(dir_));
  std::vector<int64_t> bases;
  for (const std::string& name : names) {
    int64_t base = ParseSegmentName(name, ".log");
    if (base >= 0) bases.push_back(base);
  }
  // Index files whose .log is gone, and temp files from interrupted metadata writes.
  for (const std::string& name : names) {
    int64_t base = ParseSegmentName(name, ".index");
    if (base < 0) base = ParseSegmentName(name, ".timeindex");
    bool orphan = base >= 0 && std::find(bases.begin(), bases.end(), base) == bases.end();
    if (orphan || name.ends_with(".tmp")) MR_RETURN_IF_ERROR(RemoveFile(dir_ + "/" + name));
  }
  std::sort(bases.begin(), bases.end());
  if (bases.empty()) {
    MR_LOG_WARN("partition {} has no segments; starting an empty one", id_.DirName());
    MR_ASSIGN_OR_RETURN(auto segment, Segment::Create(dir_, 0, config_.index_interval_bytes));
    bases.push_back(0);
  }
  const int32_t interval = config_.index_interval_bytes;
  for (size_t i = 0; i < bases.size(); ++i) {
    bool tail = i + 1 == bases.size();
    MR_ASSIGN_OR_RETURN(std::shared_ptr<Segment> segment,
                        Segment::Open(dir_, bases[i], interval, /*full_scan=*/tail));
    if (!segments_.empty() && segment->base_offset() != segments_.rbegin()->second->next_offset()) {
      // Only unacknowledged data can follow a gap: a segment is rolled, and anything in the next
      // one acknowledged, only after the previous one is durable.
      MR_LOG_WARN("partition {}: segment {} does not follow offset {}; dropping it and later ones",
                  id_.DirName(), bases[i], segments_.rbegin()->second->next_offset());
      for (size_t j = i; j < bases.size(); ++j) {
        for (const char* suffix : {".log", ".index", ".timeindex"}) {
          MR_RETURN_IF_ERROR(RemoveFile(SegmentPath(dir_, bases[j], suffix)));
        }
      }
      MR_RETURN_IF_ERROR(SyncDir(dir_));
      // The new tail was only checked cheaply; scan it in full before appending to it.
      int64_t last_base = segments_.rbegin()->first;
      MR_ASSIGN_OR_RETURN(segments_[last_base],
                          Segment::Open(dir_, last_base, interval, /*full_scan=*/true));
      break;
    }
    if (!tail) MR_RETURN_IF_ERROR(segment->Seal());
    segments_[bases[i]] = std::move(segment);
  }
  active_ = segments_.rbegin()->second;
  next_offset_ = active_->next_offset();
  active_since_ms_ = WallMillis();
  synced_offset_ = next_offset_;
  high_watermark_.store(next_offset_);
  log_start_offset_.store(segments_.begin()->first);
  MR_LOG_INFO("partition {}: opened {} segments, offsets [{}, {})", id_.DirName(), segments_.size(),
              segments_.begin()->first, next_offset_);
  return Status::Ok();
}

Status Partition::Close() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) return Status::Ok();
    closed_ = true;
  }
  scheduler_->Forget(this);
  SyncNow();  // completes the appenders still waiting, if the fsync succeeds
  std::vector<std::unique_ptr<CommitWaiter>> commits;
  std::vector<std::weak_ptr<DataWaiter>> readers;
  std::vector<std::shared_ptr<Segment>> segments;
  Status status;
  {
    std::lock_guard<std::mutex> lock(mu_);
    status = sticky_error_;
    for (auto& w : commit_waiters_) commits.push_back(std::move(w));
    commit_waiters_.clear();
    readers.swap(data_waiters_);
    for (auto& [base, segment] : segments_) segments.push_back(segment);
  }
  // Under fsync=never nothing was synced yet; a clean close makes everything durable.
  for (const auto& segment : segments) {
    if (!status.ok()) break;
    status = segment->SyncData();
    if (status.ok()) status = segment->SyncIndexes();
  }
  if (status.ok()) status = SyncDir(dir_);
  for (auto& w : commits) {
    CommitWaiter::Complete(std::move(w),
                           Status::Unavailable("partition " + id_.DirName() + " closed"));
  }
  for (auto& weak : readers) {
    if (auto w = weak.lock()) DataWaiter::Notify(w, false);  // a no-op if already finished
  }
  return status;
}

Status Partition::UpdateConfig(const PartitionConfig& config) {
  MR_RETURN_IF_ERROR(ValidatePartitionConfig(config));
  {
    std::lock_guard<std::mutex> lock(mu_);
    MR_RETURN_IF_ERROR(
        WriteFileAtomically(dir_ + "/" + kMetadataFile, EncodePartitionMetadata(id_, config)));
    if (config_.fsync == FsyncPolicy::kNever && config.fsync != FsyncPolicy::kNever) {
      // Segments sealed under `never` were never synced; the next sync covers them.
      for (const auto& [base, segment] : segments_) {
        if (segment != active_) sealed_unsynced_.push_back(segment);
      }
      dir_unsynced_ = true;
    }
    config_ = config;
    if (!closed_) scheduler_->Schedule(this);  // settle anything written under the old policy
  }
  return Status::Ok();
}

PartitionConfig Partition::config() const {
  std::lock_guard<std::mutex> lock(mu_);
  return config_;
}

size_t Partition::segment_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return segments_.size();
}

int64_t Partition::size_bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  int64_t total = 0;
  for (const auto& [base, segment] : segments_) total += static_cast<int64_t>(segment->size());
  return total;
}

std::vector<std::shared_ptr<Segment>> Partition::SegmentsFrom(int64_t offset) const {
  std::vector<std::shared_ptr<Segment>> out;
  auto it = segments_.upper_bound(offset);
  if (it != segments_.begin()) --it;
  // The one holding `offset` and, in case it ends right there, the next few.
  for (int n = 0; it != segments_.end() && n < 3; ++it, ++n) out.push_back(it->second);
  return out;
}

}  // namespace millrace::log
