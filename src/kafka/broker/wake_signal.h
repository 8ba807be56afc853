// WakeSignal: a one-shot wake-up for one coroutine waiting on a strand. Any thread may call
// Notify(); Wait() must run on the executor the signal was made with. Shared between the waiter
// and whoever wakes it, so it lives in a shared_ptr.
#pragma once

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <memory>

namespace millrace::kafka {

class WakeSignal : public std::enable_shared_from_this<WakeSignal> {
 public:
  static std::shared_ptr<WakeSignal> Make(boost::asio::any_io_executor executor) {
    return std::shared_ptr<WakeSignal>(new WakeSignal(std::move(executor)));
  }

  // Completes with true once Notify() has been called (possibly before Wait), false at `deadline`.
  boost::asio::awaitable<bool> Wait(std::chrono::steady_clock::time_point deadline) {
    // Far deadlines are capped per wait (steady_clock::time_point::max() would overflow).
    constexpr auto kMaxStep = std::chrono::hours(1);
    while (!notified_.load(std::memory_order_acquire)) {
      const auto now = std::chrono::steady_clock::now();
      if (now >= deadline) break;
      timer_.expires_at(deadline - now > kMaxStep ? now + kMaxStep : deadline);
      co_await timer_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    }
    co_return notified_.load(std::memory_order_acquire);
  }

  // Wakes the waiter. Thread-safe; later calls do nothing.
  void Notify() {
    if (notified_.exchange(true, std::memory_order_acq_rel)) return;
    boost::asio::post(timer_.get_executor(),
                      [self = shared_from_this()] { self->timer_.cancel(); });
  }

  bool notified() const { return notified_.load(std::memory_order_acquire); }

 private:
  explicit WakeSignal(boost::asio::any_io_executor executor) : timer_(std::move(executor)) {}

  boost::asio::steady_timer timer_;
  std::atomic<bool> notified_{false};
};

}  // namespace millrace::kafka
