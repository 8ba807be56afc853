// Internal to the partition: the two kinds of callers that wait on it. Each is completed
// exactly once, by posting its completion to the executor of the coroutine that waits.
#pragma once

#include <atomic>
#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
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

// A reader waiting for the high watermark to pass `offset`, with a timeout. The timer and the
// completion are only touched on `strand`, so a notification and the timeout cannot race.
struct DataWaiter {
  DataWaiter(boost::asio::any_io_executor ex, int64_t wait_offset)
      : executor(ex), strand(boost::asio::make_strand(ex)), timer(strand), offset(wait_offset) {}

  // Completes `w` with `result` unless already completed. REQUIRES: running on its strand.
  static void Finish(const std::shared_ptr<DataWaiter>& w, bool result) {
    if (w->done.exchange(true)) return;
    boost::asio::post(w->executor, [w, result] { std::move(*w->handler)(result); });
  }
  // From any thread: completes `w` with `result` and stops its timer.
  static void Notify(const std::shared_ptr<DataWaiter>& w, bool result) {
    boost::asio::post(w->strand, [w, result] {
      Finish(w, result);
      w->timer.cancel();
    });
  }

  boost::asio::any_io_executor executor;
  boost::asio::strand<boost::asio::any_io_executor> strand;
  boost::asio::steady_timer timer;
  const int64_t offset;
  std::optional<boost::asio::any_completion_handler<void(bool)>> handler;  // set with emplace()
  std::atomic<bool> done{false};
};

}  // namespace millrace::log
