// Iterates the records of one uncompressed RecordBatch v2, checking every length against the
// batch's bounds. Views point into the batch bytes, which must outlive the reader.
// Compressed batches are opaque to the log: Open() rejects them with InvalidArgument.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "log/record_batch.h"

namespace millrace::log {

struct RecordHeaderView {
  std::string_view key;
  std::optional<std::string_view> value;
};

struct RecordView {
  int64_t offset = 0;
  int64_t timestamp_ms = 0;
  std::optional<std::string_view> key;
  std::optional<std::string_view> value;
  std::vector<RecordHeaderView> headers;
};

class RecordBatchReader {
 public:
  // Validates the batch (length, magic, CRC) at the start of `batch`. Corruption if invalid,
  // InvalidArgument if compressed.
  static Result<RecordBatchReader> Open(std::span<const uint8_t> batch);

  const BatchHeader& header() const { return header_; }
  // Next record, or nullopt after the last one. Corruption if a record overruns the batch or
  // the batch holds fewer records than its recordCount says.
  Result<std::optional<RecordView>> Next();

 private:
  RecordBatchReader(std::span<const uint8_t> batch, const BatchHeader& header);

  std::span<const uint8_t> batch_;
  BatchHeader header_;
  const uint8_t* pos_;
  const uint8_t* end_;
  int32_t read_ = 0;
};

}  // namespace millrace::log
