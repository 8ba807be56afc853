// Internal to the partition: the two kinds of callers that wait on it. Each is completed
// exactly once, by posting its completion to the executor of the coroutine that waits.
#pragma once

#include <atomic>
#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <future>
#include <memory>
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
      std::move(*w->handler)(std::move(r));
    });
  }
};

// A reader waiting for the high watermark to pass `offset`. Notification goes through a
// thread-safe channel the waiting coroutine receives from (raced against its timeout timer), so
// nothing but the channel is shared between threads and no callback outlives the wait.
struct DataWaiter {
  DataWaiter(boost::asio::any_io_executor ex, int64_t wait_offset)
      : channel(ex, 1), offset(wait_offset) {}

  // From any thread: wakes the waiting coroutine with `result` (once; later calls are no-ops).
  static void Notify(const std::shared_ptr<DataWaiter>& w, bool result) {
    if (!w->done.exchange(true)) w->channel.try_send(boost::system::error_code(), result);
  }

  boost::asio::experimental::concurrent_channel<void(boost::system::error_code, bool)> channel;
  const int64_t offset;
  std::atomic<bool> done{false};  // notified or timed out: drop it from the partition's list
};

}  // namespace millrace::log
