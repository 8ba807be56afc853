// BlockingPool: a few threads for the lake's blocking file work (fsync, rename, directory walks),
// so S3 handlers never block an event-loop thread. Run() hops to the pool and back.
// Thread-safe.
#pragma once

#include <boost/asio/thread_pool.hpp>
#include <type_traits>
#include <utility>

#include "net/run_blocking.h"

namespace millrace::lake::s3 {

class BlockingPool {
 public:
  explicit BlockingPool(size_t threads) : pool_(threads) {}
  ~BlockingPool() { pool_.join(); }

  // Runs fn() on a pool thread; the awaiting coroutine resumes on its own executor.
  // Exceptions from fn propagate to the awaiter.
  template <typename Fn>
  boost::asio::awaitable<std::invoke_result_t<Fn&>> Run(Fn fn) {
    return net::RunBlocking(pool_, std::move(fn));
  }

 private:
  boost::asio::thread_pool pool_;
};

}  // namespace millrace::lake::s3
