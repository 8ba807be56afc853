// Internal to the partition: the two kinds of callers that wait on it. Each is completed
// exactly once, by posting its completion to the executor of the coroutine that waits.
#pragma once

#include <atomic>
#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/post.hpp>
#include <future>
#include <memory>
#include <mutex>
#include <optional>

#include "base/status.h"
#include "log/partition.h"

namespace millrace::log {

// An appender waiting for its batches to become durable (fsync=always), or for the append to
// finish (other policies). Either an async handler or a blocked thread's promise.
struct CommitWaiter {
  int64_t target_offset = 0;  // satisfied once the high watermark reaches it
  AppendResult result;
  boost::asio::any_io_executor executor;
  // Set with emplace(): Boost 1.81's any_completion_handler move assignment recurses forever.
  std::optional<boost::asio::any_completion_handler<void(Result<AppendResult>)>> handler;
  std::promise<Result<AppendResult>>* blocking = nullptr;

  // Completes `waiter` with `outcome`. The handler travels inside the owning pointer: a
  // lambda holding an any_completion_handler by value would look copyable to Asio.
  static void Complete(std::unique_ptr<CommitWaiter> waiter, Result<AppendResult> outcome) {
    if (waiter->blocking != nullptr) {
      waiter->blocking->set_value(std::move(outcome));
      return;
    }
    boost::asio::any_io_executor ex = waiter->executor;
    boost::asio::post(ex, [w = std::move(waiter), r = std::move(outcome)]() mutable {
      std::move (*w->handler)(std::move(r));
    });
  }
};

using WakeChannel =
    boost::asio::experimental::concurrent_channel<void(boost::system::error_code, bool)>;

// A reader waiting for the high watermark to pass `offset`. The waiting coroutine owns the
// channel it receives on (raced against its timeout timer) and detaches it under `mu` before
// returning, so a notifier never touches it afterwards and no I/O object outlives the wait.
// The waiter itself is plain data, safe to free on any thread.
struct DataWaiter {
  explicit DataWaiter(int64_t wait_offset) : offset(wait_offset) {}

  // From any thread: wakes the waiting coroutine with `result` (once; later calls are no-ops).
  static void Notify(const std::shared_ptr<DataWaiter>& w, bool result) {
    std::lock_guard<std::mutex> lock(w->mu);
    if (w->channel != nullptr && !w->done.exchange(true)) {
      w->channel->try_send(boost::system::error_code(), result);
    }
  }
  // Called by the waiting coroutine when it stops waiting.
  void Detach() {
    std::lock_guard<std::mutex> lock(mu);
    channel = nullptr;
    done.store(true);
  }

  const int64_t offset;
  std::mutex mu;
  WakeChannel* channel = nullptr;  // guarded by mu; owned by the waiting coroutine
  std::atomic<bool> done{false};   // notified or finished: drop it from the partition's list
};

}  // namespace millrace::log
