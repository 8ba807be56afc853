// Crash-test helper for the log.
//   log_crash_writer write <data_dir>   appends batches with fsync=always from several coroutines
//                                       on two threads until killed; prints one line per
//                                       acknowledged batch: "<base> <last> <crc32c of values>"
//   log_crash_writer verify <data_dir> <acks_file>...
//                                       reopens the log and checks that every acknowledged batch
//                                       is present and intact and that offsets are dense.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <thread>

#include "base/crc32c.h"
#include "base/logging.h"
#include "log/log_manager.h"
#include "log/record_batch_builder.h"
#include "log/record_batch_reader.h"

namespace {

using millrace::log::LogManager;
using millrace::log::LogOptions;
using millrace::log::Partition;
using millrace::log::PartitionConfig;
using millrace::log::PartitionId;

const PartitionId kPartition{"crash", 0};

Partition* OpenPartition(LogManager* log) {
  auto existing = log->Get(kPartition);
  if (existing.ok()) return *existing;
  PartitionConfig config;
  config.segment_bytes = 256 << 10;  // rolls often, so kills land around rolls too
  config.index_interval_bytes = 1024;
  auto created = log->Create(kPartition, config);
  if (!created.ok()) {
    std::fprintf(stderr, "create: %s\n", created.status().ToString().c_str());
    std::exit(2);
  }
  return *created;
}

uint32_t ValuesChecksum(const std::vector<std::string>& values) {
  uint32_t crc = 0;
  for (const auto& v : values) {
    crc = millrace::crc32c::Extend(crc, reinterpret_cast<const uint8_t*>(v.data()), v.size());
  }
  return crc;
}

int Write(const std::string& dir) {
  auto log_or = LogManager::Open(LogOptions{dir, 2, 0});
  if (!log_or.ok()) {
    std::fprintf(stderr, "open: %s\n", log_or.status().ToString().c_str());
    return 2;
  }
  auto log = std::move(log_or).value();
  Partition* partition = OpenPartition(log.get());
  boost::asio::io_context io;
  std::mutex out_mu;
  std::random_device seed_source;
  const uint64_t run = (static_cast<uint64_t>(seed_source()) << 32) | seed_source();
  for (int writer = 0; writer < 8; ++writer) {
    boost::asio::co_spawn(
        io,
        [&, writer]() -> boost::asio::awaitable<void> {
          std::mt19937_64 rng(run + static_cast<uint64_t>(writer));
          for (uint64_t seq = 0;; ++seq) {
            int records = 1 + static_cast<int>(rng() % 20);
            std::vector<std::string> values;
            millrace::log::RecordBatchBuilder builder;
            for (int i = 0; i < records; ++i) {
              std::string value = std::to_string(run) + "/" + std::to_string(writer) + "/" +
                                  std::to_string(seq) + "/" + std::to_string(i) + "/";
              value.resize(value.size() + rng() % 400, static_cast<char>('a' + rng() % 26));
              builder.Add("key", value, 1000 + static_cast<int64_t>(seq));
              values.push_back(std::move(value));
            }
            auto result = co_await partition->Append(builder.Finish());
            if (!result.ok()) {
              std::fprintf(stderr, "append: %s\n", result.status().ToString().c_str());
              std::exit(3);
            }
            std::lock_guard<std::mutex> lock(out_mu);
            std::fprintf(stdout, "%lld %lld %u\n", static_cast<long long>(result->base_offset),
                         static_cast<long long>(result->last_offset), ValuesChecksum(values));
            std::fflush(stdout);
          }
        },
        boost::asio::detached);
  }
  std::thread second([&] { io.run(); });
  io.run();
  second.join();
  return 0;
}

struct Ack {
  int64_t last;
  uint32_t checksum;
};

int Verify(const std::string& dir, int argc, char** argv) {
  std::map<int64_t, Ack> acks;
  for (int i = 3; i < argc; ++i) {
    std::ifstream in(argv[i]);
    std::string content((std::istreambuf_iterator<char>(in)), {});
    std::istringstream lines(content);
    std::string line;
    // A line without its newline was cut by the kill: it was not fully reported.
    bool complete_last = !content.empty() && content.back() == '\n';
    std::vector<std::string> all;
    while (std::getline(lines, line)) all.push_back(line);
    if (!complete_last && !all.empty()) all.pop_back();
    for (const std::string& l : all) {
      long long base, last;
      unsigned checksum;
      if (std::sscanf(l.c_str(), "%lld %lld %u", &base, &last, &checksum) != 3) continue;
      acks[base] = Ack{last, checksum};
    }
  }
  auto log_or = LogManager::Open(LogOptions{dir, 1, 0});
  if (!log_or.ok()) {
    std::fprintf(stderr, "FAIL open: %s\n", log_or.status().ToString().c_str());
    return 1;
  }
  auto log = std::move(log_or).value();
  auto partition_or = log->Get(kPartition);
  if (!partition_or.ok()) {
    if (acks.empty()) {
      std::printf("ok: no partition yet, nothing acknowledged\n");
      return 0;
    }
    std::fprintf(stderr, "FAIL: partition missing but %zu batches acknowledged\n", acks.size());
    return 1;
  }
  Partition* partition = *partition_or;
  int64_t offset = 0;
  size_t batches = 0, matched = 0;
  if (partition->LogStartOffset() != 0) {
    std::fprintf(stderr, "FAIL: log start offset %lld\n",
                 static_cast<long long>(partition->LogStartOffset()));
    return 1;
  }
  while (offset < partition->HighWatermark()) {
    auto read = partition->Read(offset, 1 << 20);
    if (!read.ok() || read->bytes.empty()) {
      std::fprintf(stderr, "FAIL read at %lld: %s\n", static_cast<long long>(offset),
                   read.ok() ? "empty" : read.status().ToString().c_str());
      return 1;
    }
    size_t pos = 0;
    while (pos < read->bytes.size()) {
      auto span = millrace::log::AsBytes(read->bytes).subspan(pos);
      auto reader = millrace::log::RecordBatchReader::Open(span);
      if (!reader.ok()) {
        std::fprintf(stderr, "FAIL batch at %lld: %s\n", static_cast<long long>(offset),
                     reader.status().ToString().c_str());
        return 1;
      }
      const auto& header = reader->header();
      if (header.base_offset != offset) {
        std::fprintf(stderr, "FAIL gap: batch at %lld, expected %lld\n",
                     static_cast<long long>(header.base_offset), static_cast<long long>(offset));
        return 1;
      }
      std::vector<std::string> values;
      while (true) {
        auto record = reader->Next();
        if (!record.ok()) {
          std::fprintf(stderr, "FAIL record: %s\n", record.status().ToString().c_str());
          return 1;
        }
        if (!record->has_value()) break;
        values.emplace_back(*(*record)->value);
      }
      auto ack = acks.find(header.base_offset);
      if (ack != acks.end()) {
        if (ack->second.last != header.LastOffset() ||
            ack->second.checksum != ValuesChecksum(values)) {
          std::fprintf(stderr, "FAIL: batch at %lld differs from what was acknowledged\n",
                       static_cast<long long>(header.base_offset));
          return 1;
        }
        ++matched;
      }
      ++batches;
      offset = header.LastOffset() + 1;
      pos += header.TotalSize();
    }
  }
  if (matched != acks.size()) {
    for (const auto& [base, ack] : acks) {
      if (base >= offset) {
        std::fprintf(stderr, "FAIL: acknowledged batch at %lld is missing (log ends at %lld)\n",
                     static_cast<long long>(base), static_cast<long long>(offset));
        break;
      }
    }
    std::fprintf(stderr, "FAIL: %zu of %zu acknowledged batches found\n", matched, acks.size());
    return 1;
  }
  std::printf("ok: %zu batches, %zu acknowledged, offsets [0, %lld)\n", batches, acks.size(),
              static_cast<long long>(offset));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  millrace::InitLogging();
  if (argc >= 3 && std::string(argv[1]) == "write") return Write(argv[2]);
  if (argc >= 3 && std::string(argv[1]) == "verify") return Verify(argv[2], argc, argv);
  std::fprintf(stderr, "usage: %s write <dir> | verify <dir> <acks>...\n", argv[0]);
  return 64;
}
