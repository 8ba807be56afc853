#include "net/run_blocking.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <stdexcept>
#include <string>
#include <thread>

namespace millrace::net {
namespace {

namespace asio = boost::asio;

// Connection handlers run on strands: blocking work awaited from strand coroutines must come
// back on that strand with its result, and leave the strand intact (run this under ASan).
TEST(RunBlockingTest, ResumesOnTheCallersStrandWithTheResult) {
  asio::io_context io;
  asio::thread_pool pool(2);
  constexpr int kStrands = 8;
  constexpr int kCalls = 100;
  std::atomic<int> correct{0}, off_strand{0}, on_pool{0};
  for (int s = 0; s < kStrands; ++s) {
    auto strand = asio::make_strand(io);
    asio::co_spawn(
        strand,
        [&, strand, s]() -> asio::awaitable<void> {
          std::thread::id loop_thread = std::this_thread::get_id();
          for (int i = 0; i < kCalls; ++i) {
            std::string got = co_await RunBlocking(pool, [&, s, i, loop_thread] {
              if (std::this_thread::get_id() != loop_thread) ++on_pool;
              return std::to_string(s * 1000 + i);
            });
            if (got == std::to_string(s * 1000 + i)) ++correct;
            if (!strand.running_in_this_thread()) ++off_strand;
            loop_thread = std::this_thread::get_id();
          }
        },
        asio::detached);
  }
  std::thread second([&] { io.run(); });
  io.run();
  second.join();
  pool.join();
  EXPECT_EQ(correct.load(), kStrands * kCalls);
  EXPECT_EQ(off_strand.load(), 0);
  EXPECT_GT(on_pool.load(), 0);
}

TEST(RunBlockingTest, ExceptionsReachTheAwaiter) {
  asio::io_context io;
  asio::thread_pool pool(1);
  std::string caught;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        try {
          co_await RunBlocking(pool, []() -> int { throw std::runtime_error("disk on fire"); });
        } catch (const std::runtime_error& e) {
          caught = e.what();
        }
      },
      asio::detached);
  io.run();
  pool.join();
  EXPECT_EQ(caught, "disk on fire");
}

}  // namespace
}  // namespace millrace::net
