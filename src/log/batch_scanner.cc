#include "log/batch_scanner.h"

#include <algorithm>

namespace millrace::log {

BatchScanner::BatchScanner(const File& file, uint64_t start, uint64_t end, size_t buffer_bytes)
    : file_(file), position_(start), end_(end), buffer_bytes_(buffer_bytes) {}

Result<bool> BatchScanner::Fill(size_t n) {
  if (position_ + n > end_) return false;
  if (position_ >= buf_start_ && position_ + n <= buf_start_ + buf_.size()) return true;
  size_t want =
      static_cast<size_t>(std::min<uint64_t>(std::max(n, buffer_bytes_), end_ - position_));
  buf_.resize(want);
  MR_ASSIGN_OR_RETURN(size_t got, file_.ReadAt(position_, buf_.data(), want));
  buf_.resize(got);
  buf_start_ = position_;
  return got >= n;
}

Result<std::optional<ScannedBatch>> BatchScanner::Next(bool verify_crc) {
  if (position_ >= end_) return std::optional<ScannedBatch>();
  MR_ASSIGN_OR_RETURN(bool have_header, Fill(batch_format::kHeaderSize));
  if (!have_header) {
    return Status::Corruption("partial batch header at position " + std::to_string(position_));
  }
  auto header_bytes = std::span<const uint8_t>(
      reinterpret_cast<const uint8_t*>(buf_.data()) + (position_ - buf_start_),
      batch_format::kHeaderSize);
  MR_ASSIGN_OR_RETURN(BatchHeader header, ParseBatchHeader(header_bytes));
  size_t total = header.TotalSize();
  MR_ASSIGN_OR_RETURN(bool have_batch, Fill(total));
  if (!have_batch) {
    return Status::Corruption("partial batch at position " + std::to_string(position_));
  }
  ScannedBatch batch;
  batch.position = position_;
  batch.bytes = std::span<const uint8_t>(
      reinterpret_cast<const uint8_t*>(buf_.data()) + (position_ - buf_start_), total);
  if (verify_crc) {
    MR_ASSIGN_OR_RETURN(batch.header, ValidateBatch(batch.bytes));
  } else {
    batch.header = header;
  }
  position_ += total;
  return std::optional<ScannedBatch>(batch);
}

}  // namespace millrace::log
