// Benchmarks for the durable log. Subcommands (each takes --dir, a scratch directory it owns):
//   append    throughput: 1 KiB records, batches of 100, N partitions, several appenders each,
//             fsync=always, for --seconds
//   latency   append latency p50/p99/p999 at a fixed rate (--rate batches/s), fsync=always
//   read      sequential read throughput of --mib MiB from the page cache
//   recovery  writes --mib MiB into one partition from a child process, SIGKILLs it, times Open()
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "base/logging.h"
#include "log/log_manager.h"
#include "log/record_batch_builder.h"

namespace {

namespace asio = boost::asio;
using millrace::MonotonicNanos;
using millrace::log::FsyncPolicy;
using millrace::log::LogManager;
using millrace::log::LogOptions;
using millrace::log::Partition;
using millrace::log::PartitionConfig;

struct Flags {
  std::string dir;
  double seconds = 10;
  int partitions = 4;
  int appenders = 8;  // per partition
  int records = 100;
  int record_bytes = 1024;
  double rate = 200;  // batches per second, latency mode
  int64_t mib = 1024;
};

std::string MakeBatch(const Flags& f, int64_t seq) {
  millrace::log::RecordBatchBuilder builder;
  std::string value(static_cast<size_t>(f.record_bytes), 'v');
  for (int i = 0; i < f.records; ++i) {
    std::snprintf(value.data(), value.size(), "%lld/%d", static_cast<long long>(seq), i);
    builder.Add("", value, millrace::WallMillis());
  }
  return builder.Finish();
}

std::unique_ptr<LogManager> MustOpen(const std::string& dir) {
  auto log = LogManager::Open(LogOptions{dir, 4, 0});
  if (!log.ok()) {
    std::fprintf(stderr, "open: %s\n", log.status().ToString().c_str());
    std::exit(1);
  }
  return std::move(log).value();
}

Partition* MustCreate(LogManager* log, int index, const PartitionConfig& config) {
  auto p = log->Create({"bench", index}, config);
  if (!p.ok()) {
    std::fprintf(stderr, "create: %s\n", p.status().ToString().c_str());
    std::exit(1);
  }
  return *p;
}

int Append(const Flags& f) {
  auto log = MustOpen(f.dir);
  std::vector<Partition*> partitions;
  for (int i = 0; i < f.partitions; ++i) partitions.push_back(MustCreate(log.get(), i, {}));
  const std::string batch = MakeBatch(f, 0);
  asio::io_context io;
  std::atomic<int64_t> bytes{0}, batches{0};
  std::atomic<bool> failed{false};
  const int64_t deadline = MonotonicNanos() + static_cast<int64_t>(f.seconds * 1e9);
  for (Partition* p : partitions) {
    for (int a = 0; a < f.appenders; ++a) {
      asio::co_spawn(
          io,
          [&, p]() -> asio::awaitable<void> {
            while (MonotonicNanos() < deadline) {
              auto r = co_await p->Append(batch);
              if (!r.ok()) {
                std::fprintf(stderr, "append: %s\n", r.status().ToString().c_str());
                failed = true;
                co_return;
              }
              bytes += static_cast<int64_t>(batch.size());
              ++batches;
            }
          },
          asio::detached);
    }
  }
  int64_t start = MonotonicNanos();
  std::thread second([&] { io.run(); });
  io.run();
  second.join();
  double secs = static_cast<double>(MonotonicNanos() - start) / 1e9;
  uint64_t fsyncs = 0;
  for (Partition* p : partitions) fsyncs += p->fsync_count();
  std::printf("append_mb_per_s %.1f\nappend_records_per_s %.0f\nappend_batches %lld\nfsyncs %llu\n",
              static_cast<double>(bytes) / secs / 1e6,
              static_cast<double>(batches) * f.records / secs,
              static_cast<long long>(batches.load()), static_cast<unsigned long long>(fsyncs));
  return failed ? 1 : 0;
}

int Latency(const Flags& f) {
  auto log = MustOpen(f.dir);
  std::vector<Partition*> partitions;
  for (int i = 0; i < f.partitions; ++i) partitions.push_back(MustCreate(log.get(), i, {}));
  const std::string batch = MakeBatch(f, 0);
  asio::io_context io;
  std::vector<double> latencies_ms;
  std::mutex mu;
  const int64_t total = static_cast<int64_t>(f.rate * f.seconds);
  const double interval_ns = 1e9 / f.rate;
  // One coroutine issues appends on a fixed schedule (open loop); each append runs on its own.
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        asio::steady_timer timer(io);
        const auto start = std::chrono::steady_clock::now();
        for (int64_t i = 0; i < total; ++i) {
          timer.expires_at(start + std::chrono::nanoseconds(static_cast<int64_t>(i * interval_ns)));
          co_await timer.async_wait(asio::use_awaitable);
          Partition* p = partitions[static_cast<size_t>(i) % partitions.size()];
          asio::co_spawn(
              io,
              [&, p]() -> asio::awaitable<void> {
                int64_t t0 = MonotonicNanos();
                auto r = co_await p->Append(batch);
                double ms = static_cast<double>(MonotonicNanos() - t0) / 1e6;
                if (r.ok()) {
                  std::lock_guard<std::mutex> lock(mu);
                  latencies_ms.push_back(ms);
                }
              },
              asio::detached);
        }
      },
      asio::detached);
  std::thread second([&] { io.run(); });
  io.run();
  second.join();
  std::sort(latencies_ms.begin(), latencies_ms.end());
  auto pct = [&](double q) {
    if (latencies_ms.empty()) return 0.0;
    return latencies_ms[std::min(
        latencies_ms.size() - 1,
        static_cast<size_t>(q * static_cast<double>(latencies_ms.size())))];
  };
  std::printf("latency_batches %zu\nlatency_rate_batches_per_s %.0f\n", latencies_ms.size(),
              f.rate);
  std::printf("latency_p50_ms %.2f\nlatency_p99_ms %.2f\nlatency_p999_ms %.2f\n", pct(0.5),
              pct(0.99), pct(0.999));
  return 0;
}

// Writes `mib` MiB of batches to partition 0 with fsync=never.
void Fill(LogManager* log, const Flags& f, int64_t mib) {
  PartitionConfig config;
  config.fsync = FsyncPolicy::kNever;
  Partition* p = MustCreate(log, 0, config);
  const std::string batch = MakeBatch(f, 0);
  // Stops one batch short so that 1024 MiB stays in one (default 1 GiB) segment: recovery then
  // scans all of it, the worst case.
  int64_t target = (mib << 20) - static_cast<int64_t>(batch.size());
  for (int64_t written = 0; written + static_cast<int64_t>(batch.size()) <= target;
       written += static_cast<int64_t>(batch.size())) {
    auto r = p->AppendBlocking(batch);
    if (!r.ok()) {
      std::fprintf(stderr, "append: %s\n", r.status().ToString().c_str());
      std::exit(1);
    }
  }
}

int Read(const Flags& f) {
  auto log = MustOpen(f.dir);
  Fill(log.get(), f, f.mib);
  Partition* p = *log->Get({"bench", 0});
  // A first pass warms the page cache; the second is measured.
  double secs = 0;
  int64_t bytes = 0;
  for (int pass = 0; pass < 2; ++pass) {
    bytes = 0;
    int64_t start = MonotonicNanos();
    int64_t offset = 0;
    while (offset < p->HighWatermark()) {
      auto r = p->Read(offset, 1 << 20);
      if (!r.ok() || r->bytes.empty()) {
        std::fprintf(stderr, "read failed at %lld\n", static_cast<long long>(offset));
        return 1;
      }
      bytes += static_cast<int64_t>(r->bytes.size());
      offset = r->next_offset;
    }
    secs = static_cast<double>(MonotonicNanos() - start) / 1e9;
  }
  std::printf("read_mb_per_s %.1f\nread_bytes %lld\n", static_cast<double>(bytes) / secs / 1e6,
              static_cast<long long>(bytes));
  return 0;
}

int Recovery(const Flags& f) {
  int ready[2];
  if (::pipe(ready) != 0) return 1;
  pid_t child = ::fork();
  if (child == 0) {
    ::close(ready[0]);
    auto log = MustOpen(f.dir);
    Fill(log.get(), f, f.mib);
    char c = 'x';
    if (::write(ready[1], &c, 1) != 1) std::_Exit(1);
    ::pause();  // killed here, without Close()
    std::_Exit(0);
  }
  ::close(ready[1]);
  char c;
  if (::read(ready[0], &c, 1) != 1) {
    std::fprintf(stderr, "writer child failed\n");
    return 1;
  }
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  int64_t start = MonotonicNanos();
  auto log = MustOpen(f.dir);
  double secs = static_cast<double>(MonotonicNanos() - start) / 1e9;
  Partition* p = *log->Get({"bench", 0});
  std::printf(
      "recovery_seconds %.3f\nrecovery_mib %lld\nrecovery_segments %zu\n"
      "recovered_offsets %lld\n",
      secs, static_cast<long long>(p->size_bytes() >> 20), p->segment_count(),
      static_cast<long long>(p->HighWatermark()));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  millrace::InitLogging();
  spdlog::set_level(spdlog::level::warn);
  CLI::App app{"millrace log benchmarks"};
  Flags f;
  app.require_subcommand(1);
  auto add_common = [&](CLI::App* cmd) {
    cmd->add_option("--dir", f.dir, "scratch directory (emptied first)")->required();
    cmd->add_option("--partitions", f.partitions);
    cmd->add_option("--records", f.records, "records per batch");
    cmd->add_option("--record-bytes", f.record_bytes);
  };
  auto* append = app.add_subcommand("append", "append throughput, fsync=always");
  add_common(append);
  append->add_option("--seconds", f.seconds);
  append->add_option("--appenders", f.appenders, "concurrent appenders per partition");
  auto* latency = app.add_subcommand("latency", "append latency at a fixed rate, fsync=always");
  add_common(latency);
  latency->add_option("--seconds", f.seconds);
  latency->add_option("--rate", f.rate, "batches per second across all partitions");
  auto* read = app.add_subcommand("read", "sequential read throughput from the page cache");
  add_common(read);
  read->add_option("--mib", f.mib);
  auto* recovery = app.add_subcommand("recovery", "Open() time after kill -9");
  add_common(recovery);
  recovery->add_option("--mib", f.mib);
  CLI11_PARSE(app, argc, argv);
  std::filesystem::remove_all(f.dir);
  std::filesystem::create_directories(f.dir);
  int rc = 1;
  if (*append) rc = Append(f);
  if (*latency) rc = Latency(f);
  if (*read) rc = Read(f);
  if (*recovery) rc = Recovery(f);
  std::filesystem::remove_all(f.dir);
  return rc;
}
