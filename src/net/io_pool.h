// IoPool: one io_context run by a fixed set of threads (default: one per core). Connections get
// a strand each, so a connection's handlers never run concurrently with each other.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <optional>
#include <thread>
#include <vector>

namespace millrace::net {

class IoPool {
 public:
  // `threads` == 0 picks std::thread::hardware_concurrency().
  explicit IoPool(size_t threads = 0);
  ~IoPool();  // Stop()
  IoPool(const IoPool&) = delete;
  IoPool& operator=(const IoPool&) = delete;

  boost::asio::io_context& context() { return context_; }
  size_t thread_count() const { return thread_count_; }

  // Starts the threads. REQUIRES: not started.
  void Start();
  // Stops the io_context and joins the threads. Idempotent. REQUIRES: not called from a pool
  // thread.
  void Stop();

 private:
  size_t thread_count_;
  boost::asio::io_context context_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::vector<std::thread> threads_;
};

}  // namespace millrace::net
