// The log: every partition under <data_dir>/log, the fsync threads they share and the
// background retention thread. Thread-safe. Partition pointers stay valid until Delete() of
// that partition or Close().
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/status.h"
#include "log/partition.h"
#include "log/partition_config.h"

namespace millrace::log {

class SyncScheduler;

struct LogOptions {
  std::string data_dir;                                 // partitions live in <data_dir>/log
  int fsync_threads = 4;                                // parallel fsyncs across partitions
  int64_t retention_check_interval_ms = 5 * 60 * 1000;  // <= 0: no background retention
};

class LogManager {
 public:
  // Opens (creating if needed) <data_dir>/log and recovers every partition in it.
  static Result<std::unique_ptr<LogManager>> Open(LogOptions options);
  ~LogManager();  // Close()
  LogManager(const LogManager&) = delete;
  LogManager& operator=(const LogManager&) = delete;

  // AlreadyExists if the partition exists; InvalidArgument for a bad name or config.
  Result<Partition*> Create(const PartitionId& id, const PartitionConfig& config);
  // NotFound if it does not exist.
  Result<Partition*> Get(const PartitionId& id) const;
  // Closes and removes the partition and its files. REQUIRES: no caller still uses its pointer.
  Status Delete(const PartitionId& id);
  std::vector<PartitionId> List() const;

  // Runs retention on every partition now; returns the number of segments deleted.
  Result<int> RunRetention();
  // Flushes and closes every partition, stops background threads. Idempotent.
  Status Close();

 private:
  explicit LogManager(LogOptions options);
  Status Load();
  void RetentionLoop();
  std::string root() const { return options_.data_dir + "/log"; }

  const LogOptions options_;
  std::unique_ptr<SyncScheduler> scheduler_;
  mutable std::mutex mu_;
  std::mutex retention_mu_;  // held while retention runs; Delete() waits for it
  std::map<PartitionId, std::unique_ptr<Partition>> partitions_;
  bool closed_ = false;
  std::condition_variable retention_cv_;
  std::thread retention_thread_;
};

}  // namespace millrace::log
