// Walks the batches stored in a segment file in order, reading through a buffer. Used by
// recovery, index rebuilds and timestamp lookups. Not thread-safe; the file must outlive it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "base/status.h"
#include "log/file.h"
#include "log/record_batch.h"

namespace millrace::log {

struct ScannedBatch {
  uint64_t position = 0;  // file position of the batch's first byte
  BatchHeader header;
  std::span<const uint8_t> bytes;  // the whole batch; valid until the next call to Next()
};

class BatchScanner {
 public:
  // Scans [start, end) of `file`.
  BatchScanner(const File& file, uint64_t start, uint64_t end, size_t buffer_bytes = 1 << 20);

  // The next batch, or nullopt at the clean end of the range. Corruption if the bytes at
  // position() are not a whole valid batch (CRC checked only when `verify_crc`); IOError if
  // reading fails. After an error position() is where the bad bytes start.
  Result<std::optional<ScannedBatch>> Next(bool verify_crc);
  uint64_t position() const { return position_; }

 private:
  // Makes [position_, position_ + n) available in buf_; false if the range ends first.
  Result<bool> Fill(size_t n);

  const File& file_;
  uint64_t position_;
  uint64_t end_;
  size_t buffer_bytes_;
  std::string buf_;
  uint64_t buf_start_ = 0;  // file position of buf_[0]
};

}  // namespace millrace::log
