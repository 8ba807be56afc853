#include "log/log_manager.h"

#include "base/clock.h"
#include "base/logging.h"
#include "log/file.h"
#include "log/sync_scheduler.h"

namespace millrace::log {

namespace {
// Directories being created or deleted carry this prefix until the operation completes.
constexpr const char* kPendingPrefix = ".pending-";
}  // namespace

LogManager::LogManager(LogOptions options)
    : options_(std::move(options)),
      scheduler_(std::make_unique<SyncScheduler>(options_.fsync_threads)) {}

LogManager::~LogManager() {
  Status s = Close();
  if (!s.ok()) MR_LOG_ERROR("closing the log: {}", s.ToString());
}

Result<std::unique_ptr<LogManager>> LogManager::Open(LogOptions options) {
  if (options.data_dir.empty()) return Status::InvalidArgument("LogOptions.data_dir is empty");
  std::unique_ptr<LogManager> log(new LogManager(std::move(options)));
  MR_RETURN_IF_ERROR(log->Load());
  if (log->options_.retention_check_interval_ms > 0) {
    log->retention_thread_ = std::thread([raw = log.get()] { raw->RetentionLoop(); });
  }
  return log;
}

Status LogManager::Load() {
  MR_RETURN_IF_ERROR(CreateDirs(root()));
  MR_ASSIGN_OR_RETURN(std::vector<std::string> names, ListDir(root()));
  for (const std::string& name : names) {
    std::string dir = root() + "/" + name;
    if (name.starts_with(kPendingPrefix)) {
      MR_LOG_WARN("removing unfinished partition directory {}", dir);
      MR_RETURN_IF_ERROR(RemoveAll(dir));
      continue;
    }
    MR_ASSIGN_OR_RETURN(std::unique_ptr<Partition> partition,
                        Partition::Open(dir, scheduler_.get()));
    if (partition->id().DirName() != name) {
      return Status::Corruption("partition directory " + dir + " holds metadata for " +
                                partition->id().DirName());
    }
    PartitionId id = partition->id();
    partitions_[id] = std::move(partition);
  }
  return SyncDir(root());
}

Result<Partition*> LogManager::Create(const PartitionId& id, const PartitionConfig& config) {
  MR_RETURN_IF_ERROR(ValidatePartitionId(id));
  MR_RETURN_IF_ERROR(ValidatePartitionConfig(config));
  std::lock_guard<std::mutex> lock(mu_);
  if (closed_) return Status::Unavailable("the log is closed");
  if (partitions_.contains(id)) {
    return Status::AlreadyExists("partition " + id.DirName() + " already exists");
  }
  // Lay it out under a pending name, then rename: a crash leaves all or nothing.
  std::string pending = root() + "/" + kPendingPrefix + id.DirName();
  std::string dir = root() + "/" + id.DirName();
  MR_RETURN_IF_ERROR(RemoveAll(pending));
  MR_RETURN_IF_ERROR(Partition::Initialize(pending, id, config));
  MR_RETURN_IF_ERROR(RenamePath(pending, dir));
  MR_RETURN_IF_ERROR(SyncDir(root()));
  MR_ASSIGN_OR_RETURN(std::unique_ptr<Partition> partition, Partition::Open(dir, scheduler_.get()));
  Partition* raw = partition.get();
  partitions_[id] = std::move(partition);
  return raw;
}

Result<Partition*> LogManager::Get(const PartitionId& id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = partitions_.find(id);
  if (it == partitions_.end()) {
    return Status::NotFound("partition " + id.DirName() + " does not exist");
  }
  return it->second.get();
}

Status LogManager::Delete(const PartitionId& id) {
  std::lock_guard<std::mutex> retention_lock(retention_mu_);
  std::unique_ptr<Partition> partition;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = partitions_.find(id);
    if (it == partitions_.end()) {
      return Status::NotFound("partition " + id.DirName() + " does not exist");
    }
    partition = std::move(it->second);
    partitions_.erase(it);
  }
  Status closed = partition->Close();
  if (!closed.ok()) MR_LOG_WARN("deleting {}: {}", id.DirName(), closed.ToString());
  std::string dir = partition->dir();
  partition.reset();
  std::string pending = root() + "/" + kPendingPrefix + id.DirName();
  MR_RETURN_IF_ERROR(RenamePath(dir, pending));
  MR_RETURN_IF_ERROR(SyncDir(root()));
  return RemoveAll(pending);
}

std::vector<PartitionId> LogManager::List() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<PartitionId> ids;
  for (const auto& [id, partition] : partitions_) ids.push_back(id);
  return ids;
}

Result<int> LogManager::RunRetention() {
  std::lock_guard<std::mutex> retention_lock(retention_mu_);
  std::vector<Partition*> partitions;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [id, partition] : partitions_) partitions.push_back(partition.get());
  }
  // The manager lock is not held while deleting files; retention_mu_ keeps Delete() from
  // destroying a partition under it.
  int deleted = 0;
  const int64_t now = WallMillis();
  for (Partition* partition : partitions) {
    MR_ASSIGN_OR_RETURN(int n, partition->RunRetention(now));
    deleted += n;
  }
  return deleted;
}

void LogManager::RetentionLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!closed_) {
    retention_cv_.wait_for(lock, std::chrono::milliseconds(options_.retention_check_interval_ms));
    if (closed_) break;
    lock.unlock();
    auto result = RunRetention();
    if (!result.ok()) MR_LOG_ERROR("retention: {}", result.status().ToString());
    lock.lock();
  }
}

Status LogManager::Close() {
  std::map<PartitionId, std::unique_ptr<Partition>> partitions;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) return Status::Ok();
    closed_ = true;
    partitions.swap(partitions_);
  }
  retention_cv_.notify_all();
  if (retention_thread_.joinable()) retention_thread_.join();
  Status first_error;
  for (auto& [id, partition] : partitions) {
    Status s = partition->Close();
    if (!s.ok() && first_error.ok()) first_error = s;
  }
  partitions.clear();
  scheduler_->Stop();
  return first_error;
}

}  // namespace millrace::log
