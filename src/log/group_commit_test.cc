#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <future>
#include <mutex>
#include <optional>
#include <thread>

#include "log/log_manager.h"
#include "log/log_test_util.h"
#include "log/record_batch.h"

namespace millrace::log {
namespace {

namespace asio = boost::asio;
using testing::MakeBatch;
using testing::ScratchDir;

TEST(GroupCommitTest, ConcurrentAppendersShareFsyncs) {
  ScratchDir dir;
  auto log = testing::OpenLog(dir.path());
  Partition* p = *log->Create({"t", 0}, {});
  asio::io_context io;
  constexpr int kAppenders = 32;
  constexpr int kPerAppender = 10;
  std::atomic<int> acked{0};
  std::atomic<int> failed{0};
  std::mutex mu;
  std::vector<AppendResult> results;
  for (int a = 0; a < kAppenders; ++a) {
    asio::co_spawn(
        io,
        [&, a]() -> asio::awaitable<void> {
          for (int i = 0; i < kPerAppender; ++i) {
            auto r = co_await p->Append(MakeBatch("a" + std::to_string(a), 2));
            if (!r.ok()) {
              ++failed;
              continue;
            }
            // Acknowledged means durable and visible.
            if (p->HighWatermark() <= r->last_offset) ++failed;
            std::lock_guard<std::mutex> lock(mu);
            results.push_back(*r);
            ++acked;
          }
        },
        asio::detached);
  }
  std::thread second([&] { io.run(); });
  io.run();
  second.join();
  EXPECT_EQ(failed.load(), 0);
  ASSERT_EQ(acked.load(), kAppenders * kPerAppender);
  // Every offset assigned exactly once, densely.
  std::sort(results.begin(), results.end(), [](const AppendResult& x, const AppendResult& y) {
    return x.base_offset < y.base_offset;
  });
  int64_t next = 0;
  for (const AppendResult& r : results) {
    EXPECT_EQ(r.base_offset, next);
    EXPECT_EQ(r.last_offset, next + 1);
    next = r.last_offset + 1;
  }
  EXPECT_EQ(p->HighWatermark(), next);
  EXPECT_GT(p->fsync_count(), 0u);
  EXPECT_LT(p->fsync_count(), static_cast<uint64_t>(kAppenders * kPerAppender));
}

// Connection handlers run on strands: appends and long polls awaited from strand coroutines
// must resume on that strand and leave its executor intact (run this under ASan).
TEST(GroupCommitTest, AppendersAndReadersOnStrands) {
  // The io_context outlives the log: the fsync threads post completions into it until Close.
  asio::io_context io;
  ScratchDir dir;
  auto log = testing::OpenLog(dir.path());
  Partition* p = *log->Create({"t", 0}, {});
  constexpr int kStrands = 8;
  constexpr int kPerStrand = 60;
  std::atomic<int> acked{0};
  std::atomic<int> off_strand{0};
  std::atomic<int> woken{0};
  for (int s = 0; s < kStrands; ++s) {
    auto strand = asio::make_strand(io);
    asio::co_spawn(
        strand,
        [&, strand]() -> asio::awaitable<void> {
          for (int i = 0; i < kPerStrand; ++i) {
            int64_t before = p->HighWatermark();
            auto r = co_await p->Append(MakeBatch("s", 1));
            if (!strand.running_in_this_thread()) ++off_strand;
            if (r.ok()) ++acked;
            if (co_await p->WaitForData(before, std::chrono::milliseconds(1000))) ++woken;
            if (!strand.running_in_this_thread()) ++off_strand;
          }
        },
        asio::detached);
  }
  std::thread second([&] { io.run(); });
  io.run();
  second.join();
  EXPECT_EQ(acked.load(), kStrands * kPerStrand);
  EXPECT_EQ(woken.load(), kStrands * kPerStrand);
  EXPECT_EQ(off_strand.load(), 0);
  EXPECT_EQ(p->HighWatermark(), kStrands * kPerStrand);
}

// A long-polling consumer reads while appenders write across segment rolls: it sees every
// acknowledged batch exactly once, in offset order, and never a torn or undurable one.
TEST(WaitForDataTest, ConsumerFollowsConcurrentAppenders) {
  ScratchDir dir;
  auto log = testing::OpenLog(dir.path());
  PartitionConfig config;
  config.segment_bytes = 8192;
  Partition* p = *log->Create({"t", 0}, config);
  asio::io_context io;
  constexpr int kAppenders = 8;
  constexpr int kPerAppender = 25;
  constexpr int64_t kTotal = kAppenders * kPerAppender * 3;
  for (int a = 0; a < kAppenders; ++a) {
    asio::co_spawn(
        io,
        [&, a]() -> asio::awaitable<void> {
          for (int i = 0; i < kPerAppender; ++i) {
            auto r = co_await p->Append(MakeBatch("w" + std::to_string(a), 3, 1, 50));
            EXPECT_TRUE(r.ok());
          }
        },
        asio::detached);
  }
  int64_t consumed = 0;
  bool in_order = true;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        while (consumed < kTotal) {
          if (!co_await p->WaitForData(consumed, std::chrono::seconds(30))) break;
          auto read = p->Read(consumed, 4096);
          if (!read.ok()) break;
          size_t pos = 0;
          while (pos < read->bytes.size()) {
            auto header = ValidateBatch(AsBytes(read->bytes).subspan(pos));
            if (!header.ok() || header->base_offset != consumed) {
              in_order = false;
              co_return;
            }
            consumed = header->LastOffset() + 1;
            pos += header->TotalSize();
          }
        }
      },
      asio::detached);
  std::thread second([&] { io.run(); });
  io.run();
  second.join();
  EXPECT_TRUE(in_order);
  EXPECT_EQ(consumed, kTotal);
  EXPECT_GT(p->segment_count(), 2u);
}

TEST(WaitForDataTest, WakesOnAppend) {
  ScratchDir dir;
  auto log = testing::OpenLog(dir.path());
  Partition* p = *log->Create({"t", 0}, {});
  asio::io_context io;
  std::optional<bool> woke;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        woke = co_await p->WaitForData(0, std::chrono::seconds(60));
      },
      asio::detached);
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        asio::steady_timer t(io, std::chrono::milliseconds(20));
        co_await t.async_wait(asio::use_awaitable);
        auto r = co_await p->Append(MakeBatch("x", 1));
        EXPECT_TRUE(r.ok());
      },
      asio::detached);
  io.run();  // returns only once both are done: a 60 s wait would show as a hung test
  ASSERT_TRUE(woke.has_value());
  EXPECT_TRUE(*woke);
}

TEST(WaitForDataTest, ReturnsAtOnceWhenDataIsThere) {
  ScratchDir dir;
  auto log = testing::OpenLog(dir.path());
  Partition* p = *log->Create({"t", 0}, {});
  ASSERT_TRUE(p->AppendBlocking(MakeBatch("x", 3)).ok());
  asio::io_context io;
  std::optional<bool> below, at;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        below = co_await p->WaitForData(2, std::chrono::seconds(60));
        at = co_await p->WaitForData(3, std::chrono::milliseconds(10));
      },
      asio::detached);
  io.run();
  EXPECT_EQ(below, std::optional<bool>(true));
  EXPECT_EQ(at, std::optional<bool>(false));
}

TEST(WaitForDataTest, TimesOutWithoutData) {
  ScratchDir dir;
  auto log = testing::OpenLog(dir.path());
  Partition* p = *log->Create({"t", 0}, {});
  asio::io_context io;
  std::optional<bool> woke;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        woke = co_await p->WaitForData(0, std::chrono::milliseconds(30));
      },
      asio::detached);
  io.run();
  ASSERT_TRUE(woke.has_value());
  EXPECT_FALSE(*woke);
  EXPECT_EQ(p->HighWatermark(), 0);
}

TEST(GroupCommitTest, AppendAsyncPlacesInCallOrderAndCompletesOnItsExecutor) {
  ScratchDir dir;
  auto log = testing::OpenLog(dir.path());
  Partition* p = *log->Create({"t", 0}, {});
  asio::io_context io;
  auto guard = asio::make_work_guard(io);
  auto strand = asio::make_strand(io);
  constexpr int kAppends = 20;
  std::vector<std::optional<Result<AppendResult>>> done(kAppends);
  std::atomic<int> off_strand{0};
  std::atomic<int> completed{0};
  for (int i = 0; i < kAppends; ++i) {
    Result<AppendResult> placed = p->AppendAsync(
        MakeBatch("p" + std::to_string(i), 3), strand, [&, i](Result<AppendResult> r) {
          if (!strand.running_in_this_thread()) ++off_strand;
          done[i] = std::move(r);
          ++completed;
        });
    ASSERT_TRUE(placed.ok()) << placed.status().ToString();
    // Placed synchronously, in call order; durable only later.
    EXPECT_EQ(placed->base_offset, i * 3);
    EXPECT_EQ(placed->last_offset, i * 3 + 2);
  }
  // A corrupt batch fails at once, and the callback hears the same error.
  std::string bad = MakeBatch("bad", 1);
  bad[bad.size() - 2] ^= 1;
  std::optional<Result<AppendResult>> bad_done;
  Result<AppendResult> refused =
      p->AppendAsync(bad, strand, [&](Result<AppendResult> r) {
        bad_done = std::move(r);
        ++completed;
      });
  EXPECT_EQ(refused.status().code(), StatusCode::kCorruption);
  std::thread runner([&] { io.run(); });
  while (completed.load() < kAppends + 1) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  guard.reset();
  runner.join();
  EXPECT_EQ(off_strand.load(), 0);
  for (int i = 0; i < kAppends; ++i) {
    ASSERT_TRUE(done[i].has_value()) << i;
    ASSERT_TRUE(done[i]->ok()) << done[i]->status().ToString();
    EXPECT_EQ((*done[i])->base_offset, i * 3);
  }
  ASSERT_TRUE(bad_done.has_value());
  EXPECT_EQ(bad_done->status().code(), StatusCode::kCorruption);
  EXPECT_EQ(p->HighWatermark(), kAppends * 3);
}

TEST(WaitForDataTest, CloseReleasesWaiters) {
  ScratchDir dir;
  auto log = testing::OpenLog(dir.path());
  Partition* p = *log->Create({"t", 0}, {});
  asio::io_context io;
  auto guard = asio::make_work_guard(io);
  std::thread runner([&] { io.run(); });
  std::promise<bool> woke;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        woke.set_value(co_await p->WaitForData(0, std::chrono::seconds(600)));
      },
      asio::detached);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_TRUE(log->Close().ok());
  EXPECT_FALSE(woke.get_future().get());
  guard.reset();
  runner.join();
}

}  // namespace
}  // namespace millrace::log
