// Helpers shared by the log's tests: a scratch directory and batch construction.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "log/log_manager.h"
#include "log/record_batch_builder.h"

namespace millrace::log::testing {

// A fresh directory under `parent` (default: the system temp dir), removed when the object dies.
class ScratchDir {
 public:
  explicit ScratchDir(std::string parent = std::filesystem::temp_directory_path().string()) {
    std::string pattern = parent + "/mr-log-XXXXXX";
    path_ = ::mkdtemp(pattern.data());
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A batch of `count` records "<tag>-<i>" with timestamps ts, ts+1, ...
inline std::string MakeBatch(const std::string& tag, int count, int64_t timestamp_ms = 1000,
                             size_t value_size = 0) {
  RecordBatchBuilder builder;
  for (int i = 0; i < count; ++i) {
    std::string value = tag + "-" + std::to_string(i);
    if (value.size() < value_size) value.resize(value_size, 'x');
    builder.Add("k" + std::to_string(i), value, timestamp_ms + i);
  }
  return builder.Finish();
}

// Opens a log in `dir` with two fsync threads and no background retention.
inline std::unique_ptr<LogManager> OpenLog(const std::string& dir) {
  auto log = LogManager::Open(LogOptions{dir, 2, 0});
  EXPECT_TRUE(log.ok()) << log.status().ToString();
  return log.ok() ? std::move(log).value() : nullptr;
}

}  // namespace millrace::log::testing
