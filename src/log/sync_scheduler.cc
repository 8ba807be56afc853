#include "log/sync_scheduler.h"

#include <algorithm>
#include <chrono>

#include "base/clock.h"

namespace millrace::log {

SyncScheduler::SyncScheduler(int threads) {
  for (int i = 0; i < std::max(threads, 1); ++i) threads_.emplace_back([this] { Run(); });
}

SyncScheduler::~SyncScheduler() {
  Stop();
}

void SyncScheduler::Enqueue(SyncTarget* target, TargetState& state, int64_t due_ns) {
  if (state.queued) {
    if (state.due_ns <= due_ns) return;
    auto range = queue_.equal_range(state.due_ns);
    for (auto it = range.first; it != range.second; ++it) {
      if (it->second == target) {
        queue_.erase(it);
        break;
      }
    }
  }
  state.queued = true;
  state.due_ns = due_ns;
  queue_.emplace(due_ns, target);
  work_cv_.notify_one();
}

void SyncScheduler::Schedule(SyncTarget* target, int64_t delay_ms) {
  int64_t due = MonotonicNanos() + delay_ms * 1'000'000;
  std::lock_guard<std::mutex> lock(mu_);
  if (stopping_) return;
  TargetState& state = states_[target];
  if (state.running) {
    if (!state.rerun || due < state.rerun_due_ns) state.rerun_due_ns = due;
    state.rerun = true;
    return;
  }
  Enqueue(target, state, due);
}

void SyncScheduler::Forget(SyncTarget* target) {
  std::unique_lock<std::mutex> lock(mu_);
  auto it = states_.find(target);
  if (it == states_.end()) return;
  if (it->second.queued) {
    auto range = queue_.equal_range(it->second.due_ns);
    for (auto q = range.first; q != range.second; ++q) {
      if (q->second == target) {
        queue_.erase(q);
        break;
      }
    }
    it->second.queued = false;
  }
  it->second.rerun = false;
  idle_cv_.wait(lock, [&] {
    auto s = states_.find(target);
    return s == states_.end() || !s->second.running;
  });
  states_.erase(target);
}

void SyncScheduler::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
    queue_.clear();
  }
  work_cv_.notify_all();
  for (std::thread& t : threads_) t.join();
  threads_.clear();
}

void SyncScheduler::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    if (queue_.empty()) {
      work_cv_.wait(lock);
      continue;
    }
    int64_t now = MonotonicNanos();
    auto first = queue_.begin();
    if (first->first > now) {
      work_cv_.wait_for(lock, std::chrono::nanoseconds(first->first - now));
      continue;
    }
    SyncTarget* target = first->second;
    queue_.erase(first);
    TargetState& state = states_[target];
    state.queued = false;
    state.running = true;
    lock.unlock();
    target->SyncNow();
    lock.lock();
    TargetState& after = states_[target];
    after.running = false;
    if (after.rerun && !stopping_) {
      after.rerun = false;
      Enqueue(target, after, after.rerun_due_ns);
    }
    idle_cv_.notify_all();
  }
}

}  // namespace millrace::log
