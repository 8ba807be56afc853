#include "net/io_pool.h"

#include <exception>

#include "base/logging.h"

namespace millrace::net {

IoPool::IoPool(size_t threads)
    : thread_count_(threads ? threads : std::max(1u, std::thread::hardware_concurrency())),
      context_(static_cast<int>(thread_count_)) {}

IoPool::~IoPool() {
  Stop();
}

void IoPool::Start() {
  work_.emplace(context_.get_executor());
  for (size_t i = 0; i < thread_count_; ++i) {
    threads_.emplace_back([this] {
      for (;;) {
        try {
          context_.run();
          return;
        } catch (const std::exception& e) {
          // A handler let an exception escape; log it and keep the thread serving.
          MR_LOG_ERROR("event loop: uncaught exception: {}", e.what());
        }
      }
    });
  }
}

void IoPool::Stop() {
  work_.reset();
  context_.stop();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

}  // namespace millrace::net
