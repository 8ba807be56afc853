#include "log/sync_scheduler.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace millrace::log {
namespace {

// Records how many runs overlap and which request generation each run saw.
class CountingTarget : public SyncTarget {
 public:
  void SyncNow() override {
    int now = ++running_;
    int seen = max_running_.load();
    while (now > seen && !max_running_.compare_exchange_weak(seen, now)) {
    }
    int64_t generation = requested_.load();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    --running_;
    std::lock_guard<std::mutex> lock(mu_);
    covered_ = std::max(covered_, generation);
    ++runs_;
    cv_.notify_all();
  }
  // Waits until a run has started after request `generation` was made.
  void WaitCovered(int64_t generation) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return covered_ >= generation; });
  }

  std::atomic<int64_t> requested_{0};
  std::atomic<int> running_{0};
  std::atomic<int> max_running_{0};
  std::mutex mu_;
  std::condition_variable cv_;
  int64_t covered_ = 0;
  int runs_ = 0;
};

TEST(SyncSchedulerTest, OneRunAtATimeAndEveryRequestCovered) {
  SyncScheduler scheduler(4);
  CountingTarget target;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        ++target.requested_;
        scheduler.Schedule(&target);
      }
    });
  }
  for (auto& t : threads) t.join();
  target.WaitCovered(800);  // hangs (test timeout) if a request made during a run was dropped
  scheduler.Forget(&target);
  EXPECT_EQ(target.max_running_.load(), 1);
  std::lock_guard<std::mutex> lock(target.mu_);
  EXPECT_LT(target.runs_, 800);  // requests during a run share the next one
  EXPECT_GE(target.runs_, 1);
}

TEST(SyncSchedulerTest, ForgetDropsPendingRuns) {
  SyncScheduler scheduler(1);
  CountingTarget target;
  scheduler.Schedule(&target, /*delay_ms=*/60'000);
  scheduler.Forget(&target);
  scheduler.Stop();
  std::lock_guard<std::mutex> lock(target.mu_);
  EXPECT_EQ(target.runs_, 0);
}

}  // namespace
}  // namespace millrace::log
