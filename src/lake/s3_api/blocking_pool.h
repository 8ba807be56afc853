// BlockingPool: a few threads for the lake's blocking file work (fsync, rename, directory walks),
// so S3 handlers never block an event-loop thread. Run() hops to the pool and back.
// Thread-safe.
#pragma once

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <optional>
#include <utility>

namespace millrace::lake::s3 {

class BlockingPool {
 public:
  explicit BlockingPool(size_t threads) : pool_(threads) {}
  ~BlockingPool() { pool_.join(); }

  // Runs fn() on a pool thread; the awaiting coroutine resumes on its own executor.
  // Exceptions from fn propagate to the awaiter.
  template <typename Fn>
  boost::asio::awaitable<decltype(std::declval<Fn&>()())> Run(Fn fn) {
    using T = decltype(fn());
    std::optional<T> result;
    co_await boost::asio::co_spawn(
        pool_.get_executor(),
        [&]() -> boost::asio::awaitable<void> {
          result.emplace(fn());
          co_return;
        },
        boost::asio::use_awaitable);
    co_return std::move(*result);
  }

 private:
  boost::asio::thread_pool pool_;
};

}  // namespace millrace::lake::s3
