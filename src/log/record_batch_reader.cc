#include "log/record_batch_reader.h"

#include <string>

#include "base/endian.h"

namespace millrace::log {

namespace {
Status Overrun(int32_t index) {
  return Status::Corruption("record " + std::to_string(index) + " overruns its batch");
}

// Reads a varint length and that many bytes; -1 means null.
bool ReadBytes(const uint8_t** p, const uint8_t* end, std::optional<std::string_view>* out) {
  int64_t len;
  if (!GetVarint(p, end, &len)) return false;
  if (len < 0) {
    if (len != -1) return false;
    *out = std::nullopt;
    return true;
  }
  if (len > end - *p) return false;
  *out = std::string_view(reinterpret_cast<const char*>(*p), static_cast<size_t>(len));
  *p += len;
  return true;
}
}  // namespace

RecordBatchReader::RecordBatchReader(std::span<const uint8_t> batch, const BatchHeader& header)
    : batch_(batch),
      header_(header),
      pos_(batch.data() + batch_format::kHeaderSize),
      end_(batch.data() + header.TotalSize()) {}

Result<RecordBatchReader> RecordBatchReader::Open(std::span<const uint8_t> batch) {
  MR_ASSIGN_OR_RETURN(BatchHeader header, ValidateBatch(batch));
  if (header.Compression() != 0) {
    return Status::InvalidArgument("compressed record batches (codec " +
                                   std::to_string(header.Compression()) +
                                   ") cannot be read record by record yet");
  }
  return RecordBatchReader(batch, header);
}

Result<std::optional<RecordView>> RecordBatchReader::Next() {
  if (read_ >= header_.record_count) {
    if (pos_ != end_) return Status::Corruption("record batch has bytes after its last record");
    return std::optional<RecordView>();
  }
  int64_t length;
  if (!GetVarint(&pos_, end_, &length) || length < 0 || length > end_ - pos_) {
    return Overrun(read_);
  }
  const uint8_t* p = pos_;
  const uint8_t* record_end = pos_ + length;
  RecordView record;
  int64_t timestamp_delta, offset_delta, header_count;
  if (p >= record_end) return Overrun(read_);
  ++p;  // record attributes
  if (!GetVarint(&p, record_end, &timestamp_delta) || !GetVarint(&p, record_end, &offset_delta) ||
      !ReadBytes(&p, record_end, &record.key) || !ReadBytes(&p, record_end, &record.value) ||
      !GetVarint(&p, record_end, &header_count) || header_count < 0 ||
      header_count > record_end - p) {
    return Overrun(read_);
  }
  for (int64_t i = 0; i < header_count; ++i) {
    std::optional<std::string_view> key, value;
    if (!ReadBytes(&p, record_end, &key) || !key || !ReadBytes(&p, record_end, &value)) {
      return Overrun(read_);
    }
    record.headers.push_back({*key, value});
  }
  if (p != record_end) return Status::Corruption("record length does not match its fields");
  record.offset = header_.base_offset + offset_delta;
  record.timestamp_ms = (header_.attributes & batch_format::kTimestampTypeBit)
                            ? header_.max_timestamp
                            : header_.base_timestamp + timestamp_delta;
  pos_ = record_end;
  ++read_;
  return std::optional<RecordView>(std::move(record));
}

}  // namespace millrace::log
