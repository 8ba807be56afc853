#include "log/record_batch_builder.h"

#include <algorithm>

#include "base/endian.h"
#include "log/record_batch.h"

namespace millrace::log {

namespace bf = batch_format;

namespace {
void PutBytes(std::string& out, const std::optional<std::string_view>& bytes) {
  if (!bytes) {
    PutVarint(out, -1);
    return;
  }
  PutVarint(out, static_cast<int64_t>(bytes->size()));
  out.append(bytes->data(), bytes->size());
}
}  // namespace

RecordBatchBuilder::RecordBatchBuilder(int64_t producer_id, int16_t producer_epoch,
                                       int32_t base_sequence)
    : producer_id_(producer_id), producer_epoch_(producer_epoch), base_sequence_(base_sequence) {}

void RecordBatchBuilder::Add(const Record& record) {
  std::optional<std::string_view> key, value;
  if (record.key) key = *record.key;
  if (record.value) value = *record.value;
  AppendRecord(key, value, record.timestamp_ms, record.headers);
}

void RecordBatchBuilder::Add(std::string_view key, std::string_view value, int64_t timestamp_ms) {
  static const std::vector<RecordHeader> kNoHeaders;
  AppendRecord(key, value, timestamp_ms, kNoHeaders);
}

void RecordBatchBuilder::AppendRecord(const std::optional<std::string_view>& key,
                                      const std::optional<std::string_view>& value,
                                      int64_t timestamp_ms,
                                      const std::vector<RecordHeader>& headers) {
  if (count_ == 0) {
    base_timestamp_ = timestamp_ms;
    max_timestamp_ = timestamp_ms;
  }
  max_timestamp_ = std::max(max_timestamp_, timestamp_ms);
  scratch_.clear();
  scratch_.push_back(0);  // record attributes, unused
  PutVarint(scratch_, timestamp_ms - base_timestamp_);
  PutVarint(scratch_, static_cast<int64_t>(count_));
  PutBytes(scratch_, key);
  PutBytes(scratch_, value);
  PutVarint(scratch_, static_cast<int64_t>(headers.size()));
  for (const RecordHeader& header : headers) {
    PutBytes(scratch_, std::string_view(header.key));
    std::optional<std::string_view> header_value;
    if (header.value) header_value = *header.value;
    PutBytes(scratch_, header_value);
  }
  PutVarint(records_, static_cast<int64_t>(scratch_.size()));
  records_ += scratch_;
  ++count_;
}

size_t RecordBatchBuilder::EstimatedSize() const {
  return bf::kHeaderSize + records_.size();
}

std::string RecordBatchBuilder::Finish() {
  std::string batch(bf::kHeaderSize, '\0');
  batch += records_;
  auto* p = reinterpret_cast<uint8_t*>(batch.data());
  StoreBE<int64_t>(p + bf::kBaseOffset, 0);
  StoreBE<int32_t>(p + bf::kBatchLength, static_cast<int32_t>(batch.size() - bf::kLogOverhead));
  StoreBE<int32_t>(p + bf::kPartitionLeaderEpoch, 0);
  p[bf::kMagic] = static_cast<uint8_t>(bf::kMagicV2);
  StoreBE<int16_t>(p + bf::kAttributes, 0);
  StoreBE<int32_t>(p + bf::kLastOffsetDelta, static_cast<int32_t>(count_ - 1));
  StoreBE<int64_t>(p + bf::kBaseTimestamp, base_timestamp_);
  StoreBE<int64_t>(p + bf::kMaxTimestamp, max_timestamp_);
  StoreBE<int64_t>(p + bf::kProducerId, producer_id_);
  StoreBE<int16_t>(p + bf::kProducerEpoch, producer_epoch_);
  StoreBE<int32_t>(p + bf::kBaseSequence, base_sequence_);
  StoreBE<int32_t>(p + bf::kRecordCount, static_cast<int32_t>(count_));
  StoreBE<uint32_t>(p + bf::kCrc, ComputeBatchCrc(p, batch.size()));
  records_.clear();
  count_ = 0;
  return batch;
}

}  // namespace millrace::log
