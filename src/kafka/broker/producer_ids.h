// ProducerIdAllocator: hands out idempotent-producer ids that are never reused, even across
// restarts. Ids come from blocks of kBlockSize; the end of the current block is written to a
// file and fsynced before the block's first id is handed out, so a restarted server starts past
// every id it may have given. Thread-safe; Allocate() blocks on fsync once per block, so call
// it off the event loop.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "base/status.h"

namespace millrace::kafka {

class ProducerIdAllocator {
 public:
  static constexpr int64_t kBlockSize = 1000;

  // Opens (or starts) the block file at `path`. The first id handed out is at least `floor`
  // (e.g. one past the largest producer id found in the log) and past the stored block end.
  // A missing file starts at max(floor, wall-clock ms × 16). Corruption for a bad file.
  static Result<std::unique_ptr<ProducerIdAllocator>> Open(std::string path, int64_t floor);

  // A fresh producer id; IOError if the next block cannot be made durable.
  Result<int64_t> Allocate();

 private:
  ProducerIdAllocator(std::string path, int64_t next) : path_(std::move(path)), next_(next) {}

  const std::string path_;
  std::mutex mu_;
  int64_t next_;             // next id to hand out
  int64_t block_end_ = -1;   // ids below it are reserved durably; next_ == block_end_: reserve
};

}  // namespace millrace::kafka
