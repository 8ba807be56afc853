// AsyncSignal: wakes one coroutine waiting on a strand. A Notify() with nobody waiting is kept
// and satisfies the next Wait(). Not thread-safe: use from the strand that owns it.
#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace millrace::net {

class AsyncSignal {
 public:
  explicit AsyncSignal(const boost::asio::any_io_executor& executor)
      : timer_(executor, boost::asio::steady_timer::time_point::max()) {}

  void Notify() {
    pending_ = true;
    timer_.cancel();
  }

  // Returns after a Notify() that happened since the previous Wait() returned.
  boost::asio::awaitable<void> Wait() {
    while (!pending_) {
      timer_.expires_at(boost::asio::steady_timer::time_point::max());
      co_await timer_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    }
    pending_ = false;
  }

 private:
  boost::asio::steady_timer timer_;
  bool pending_ = false;
};

}  // namespace millrace::net
