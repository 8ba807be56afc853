// A small pool of threads that run fsync work for partitions: immediately for group commit
// (fsync=always) or after a delay (fsync=interval). A target runs on at most one thread at a
// time; scheduling it while it runs queues one more run after the current one, so appends that
// arrive during an fsync are covered by the next one. Thread-safe.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace millrace::log {

// Something that has data to make durable.
class SyncTarget {
 public:
  virtual ~SyncTarget() = default;
  // Makes everything written so far durable and completes whoever waited for it.
  virtual void SyncNow() = 0;
};

class SyncScheduler {
 public:
  explicit SyncScheduler(int threads);
  ~SyncScheduler();  // Stop()
  SyncScheduler(const SyncScheduler&) = delete;
  SyncScheduler& operator=(const SyncScheduler&) = delete;

  // Runs target->SyncNow() on a pool thread no earlier than `delay_ms` from now (0 = as soon as a
  // thread is free). A run already due earlier is kept. Never calls back into the target while
  // holding its own lock, so callers may hold their own locks.
  void Schedule(SyncTarget* target, int64_t delay_ms = 0);
  // Drops pending runs of `target` and waits for a running one to finish. Afterwards the
  // scheduler holds no reference to it (unless it is scheduled again).
  void Forget(SyncTarget* target);
  // Stops the threads; pending runs are dropped. Idempotent.
  void Stop();

 private:
  struct TargetState {
    bool queued = false;
    int64_t due_ns = 0;
    bool running = false;
    bool rerun = false;
    int64_t rerun_due_ns = 0;
  };
  void Run();
  void Enqueue(SyncTarget* target, TargetState& state, int64_t due_ns);

  std::mutex mu_;
  std::condition_variable work_cv_;
  std::condition_variable idle_cv_;
  std::multimap<int64_t, SyncTarget*> queue_;  // by due time (monotonic ns)
  std::unordered_map<SyncTarget*, TargetState> states_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace millrace::log
