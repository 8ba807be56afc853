#include "log/segment.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>

#include "base/logging.h"
#include "log/batch_scanner.h"
#include "log/record_batch_reader.h"

namespace millrace::log {

namespace bf = batch_format;

std::string SegmentPath(const std::string& dir, int64_t base_offset, const char* suffix) {
  char name[32];
  std::snprintf(name, sizeof(name), "%020" PRId64, base_offset);
  return dir + "/" + name + suffix;
}

void Segment::IndexCursor::Step(uint64_t position, const BatchHeader& header, uint32_t relative,
                                int32_t interval) {
  offset_entry.reset();
  time_entry.reset();
  running_max = std::max(running_max, header.max_timestamp);
  if (!first_batch && bytes_since_entry >= static_cast<uint64_t>(interval)) {
    offset_entry = OffsetIndexEntry{relative, static_cast<uint32_t>(position)};
    if (!last_time_entry || running_max > *last_time_entry) {
      time_entry = TimeIndexEntry{running_max, relative};
      last_time_entry = running_max;
    }
    bytes_since_entry = 0;
  }
  first_batch = false;
  bytes_since_entry += header.TotalSize();
}

Segment::Segment(std::string dir, int64_t base_offset, int32_t index_interval_bytes)
    : dir_(std::move(dir)),
      base_offset_(base_offset),
      index_interval_bytes_(index_interval_bytes),
      next_offset_(base_offset) {}

Status Segment::OpenFiles(bool create) {
  MR_ASSIGN_OR_RETURN(log_, File::Open(SegmentPath(dir_, base_offset_, ".log"), create, create));
  MR_ASSIGN_OR_RETURN(offset_index_, OffsetIndex::Open(SegmentPath(dir_, base_offset_, ".index")));
  MR_ASSIGN_OR_RETURN(time_index_, TimeIndex::Open(SegmentPath(dir_, base_offset_, ".timeindex")));
  return Status::Ok();
}

Result<std::unique_ptr<Segment>> Segment::Create(const std::string& dir, int64_t base_offset,
                                                 int32_t index_interval_bytes) {
  std::unique_ptr<Segment> segment(new Segment(dir, base_offset, index_interval_bytes));
  MR_RETURN_IF_ERROR(segment->OpenFiles(/*create=*/true));
  MR_RETURN_IF_ERROR(segment->offset_index_.Reset({}));
  MR_RETURN_IF_ERROR(segment->time_index_.Reset({}));
  return segment;
}

Result<std::unique_ptr<Segment>> Segment::Open(const std::string& dir, int64_t base_offset,
                                               int32_t index_interval_bytes, bool full_scan) {
  std::unique_ptr<Segment> segment(new Segment(dir, base_offset, index_interval_bytes));
  MR_RETURN_IF_ERROR(segment->OpenFiles(/*create=*/false));
  bool ok = false;
  if (!full_scan) {
    MR_ASSIGN_OR_RETURN(ok, segment->QuickCheck());
    if (!ok) {
      MR_LOG_WARN("segment {}: indexes or tail inconsistent, rescanning",
                  SegmentPath(dir, base_offset, ".log"));
    }
  }
  if (!ok) MR_RETURN_IF_ERROR(segment->FullScan());
  segment->set_visible_size(segment->size_);
  return segment;
}

void Segment::NoteBatch(uint64_t position, const BatchHeader& header) {
  max_timestamp_ =
      max_timestamp_ ? std::max(*max_timestamp_, header.max_timestamp) : header.max_timestamp;
  last_batch_base_ = header.base_offset;
  next_offset_ = header.LastOffset() + 1;
  size_ = position + header.TotalSize();
}

Status Segment::FullScan() {
  MR_ASSIGN_OR_RETURN(uint64_t file_size, log_.Size());
  BatchScanner scanner(log_, 0, file_size);
  IndexCursor cursor;
  std::vector<OffsetIndexEntry> offsets;
  std::vector<TimeIndexEntry> times;
  size_ = 0;
  next_offset_ = base_offset_;
  last_batch_base_ = -1;
  max_timestamp_.reset();
  std::string damage;
  while (true) {
    auto next = scanner.Next(/*verify_crc=*/true);
    if (!next.ok()) {
      if (next.status().code() != StatusCode::kCorruption) return next.status();
      damage = next.status().message();
      break;
    }
    if (!next->has_value()) break;
    const ScannedBatch& batch = **next;
    if (batch.header.partition_leader_epoch != kLeaderEpoch) {
      damage = "batch at position " + std::to_string(batch.position) + " has leader epoch " +
               std::to_string(batch.header.partition_leader_epoch);
      break;
    }
    if (batch.header.base_offset != next_offset_) {
      damage = "batch at position " + std::to_string(batch.position) + " has base offset " +
               std::to_string(batch.header.base_offset) + ", expected " +
               std::to_string(next_offset_);
      break;
    }
    if (batch.header.LastOffset() - base_offset_ > UINT32_MAX) {
      damage = "batch offsets overflow the segment's relative offsets";
      break;
    }
    cursor.Step(batch.position, batch.header, Relative(batch.header.base_offset),
                index_interval_bytes_);
    if (cursor.offset_entry) offsets.push_back(*cursor.offset_entry);
    if (cursor.time_entry) times.push_back(*cursor.time_entry);
    NoteBatch(batch.position, batch.header);
  }
  if (size_ < file_size) {
    MR_LOG_WARN("segment {}: truncating {} bytes at position {} ({})", log_.path(),
                file_size - size_, size_, damage.empty() ? "trailing bytes" : damage);
    MR_RETURN_IF_ERROR(log_.Truncate(size_));
  }
  cursor_ = cursor;
  std::lock_guard<std::mutex> lock(index_mu_);
  if (offsets != offset_index_.entries())
    MR_RETURN_IF_ERROR(offset_index_.Reset(std::move(offsets)));
  if (times != time_index_.entries()) MR_RETURN_IF_ERROR(time_index_.Reset(std::move(times)));
  return Status::Ok();
}

Result<bool> Segment::QuickCheck() {
  MR_ASSIGN_OR_RETURN(uint64_t file_size, log_.Size());
  const auto& offsets = offset_index_.entries();
  const auto& times = time_index_.entries();
  if (!OffsetIndexPlausible(offsets, file_size) || !TimeIndexPlausible(times)) return false;
  if (file_size == 0) return offsets.empty() && times.empty();
  if (times.empty()) return false;
  uint64_t start = offsets.empty() ? 0 : offsets.back().position;
  int64_t expected = offsets.empty() ? base_offset_ : base_offset_ + offsets.back().relative_offset;
  BatchScanner scanner(log_, start, file_size, 64 << 10);
  int64_t tail_max = INT64_MIN;
  // Replays the indexing rule over the batches after the last entry: if it would have added an
  // entry there, the index lost its end (e.g. a crash before the index pages reached disk).
  IndexCursor cursor;
  cursor.first_batch = offsets.empty();
  bool at_last_entry = !offsets.empty();
  while (true) {
    auto next = scanner.Next(/*verify_crc=*/true);
    if (!next.ok()) {
      if (next.status().code() == StatusCode::kCorruption) return false;
      return next.status();
    }
    if (!next->has_value()) break;
    const BatchHeader& h = (*next)->header;
    if (h.base_offset != expected || h.partition_leader_epoch != kLeaderEpoch) return false;
    cursor.Step((*next)->position, h, Relative(h.base_offset), index_interval_bytes_);
    if (cursor.offset_entry && !at_last_entry) return false;
    at_last_entry = false;
    expected = h.LastOffset() + 1;
    tail_max = std::max(tail_max, h.max_timestamp);
    last_batch_base_ = h.base_offset;
  }
  if (times.back().relative_offset != Relative(last_batch_base_) ||
      times.back().timestamp_ms < tail_max) {
    return false;
  }
  max_timestamp_ = times.back().timestamp_ms;
  size_ = file_size;
  next_offset_ = expected;
  return true;
}

Status Segment::Append(std::span<const uint8_t> batches, const std::vector<BatchHeader>& headers) {
  Status s = log_.WriteAt(size_, batches.data(), batches.size());
  if (!s.ok()) {
    Status cut = log_.Truncate(size_);
    if (!cut.ok()) MR_LOG_ERROR("could not cut back a failed write: {}", cut.ToString());
    return s;
  }
  uint64_t position = size_;
  for (const BatchHeader& header : headers) {
    cursor_.Step(position, header, Relative(header.base_offset), index_interval_bytes_);
    if (cursor_.offset_entry || cursor_.time_entry) {
      std::lock_guard<std::mutex> lock(index_mu_);
      // Index files are derived data: a failed write only marks them for a rewrite on Seal().
      if (cursor_.offset_entry && !offset_index_.Append(*cursor_.offset_entry).ok()) {
        index_stale_ = true;
      }
      if (cursor_.time_entry && !time_index_.Append(*cursor_.time_entry).ok()) {
        index_stale_ = true;
      }
    }
    NoteBatch(position, header);
    position += header.TotalSize();
  }
  return Status::Ok();
}

Status Segment::Seal() {
  std::lock_guard<std::mutex> lock(index_mu_);
  if (last_batch_base_ >= 0 &&
      (time_index_.entries().empty() ||
       time_index_.entries().back().relative_offset != Relative(last_batch_base_))) {
    if (!time_index_.Append(TimeIndexEntry{*max_timestamp_, Relative(last_batch_base_)}).ok()) {
      index_stale_ = true;
    }
  }
  if (index_stale_) {
    MR_RETURN_IF_ERROR(offset_index_.Reset(offset_index_.entries()));
    MR_RETURN_IF_ERROR(time_index_.Reset(time_index_.entries()));
    index_stale_ = false;
  }
  return Status::Ok();
}

Status Segment::SyncIndexes() const {
  MR_RETURN_IF_ERROR(offset_index_.Sync());
  return time_index_.Sync();
}

Status Segment::RemoveFiles() {
  MR_RETURN_IF_ERROR(RemoveFile(SegmentPath(dir_, base_offset_, ".index")));
  MR_RETURN_IF_ERROR(RemoveFile(SegmentPath(dir_, base_offset_, ".timeindex")));
  return RemoveFile(SegmentPath(dir_, base_offset_, ".log"));
}

Result<SegmentReadResult> Segment::Read(int64_t offset, size_t max_bytes, int32_t max_records,
                                        int64_t limit_offset) const {
  SegmentReadResult result;
  result.next_offset = offset;
  const uint64_t bound = visible_size();
  uint64_t position;
  {
    std::lock_guard<std::mutex> lock(index_mu_);
    position =
        LookupPosition(offset_index_.entries(), offset > base_offset_ ? Relative(offset) : 0);
  }
  // Walk headers from the indexed position to the batch holding `offset`.
  uint8_t header_bytes[bf::kHeaderSize];
  BatchHeader first;
  while (true) {
    if (position + bf::kHeaderSize > bound) return result;
    MR_ASSIGN_OR_RETURN(size_t n, log_.ReadAt(position, header_bytes, sizeof(header_bytes)));
    MR_ASSIGN_OR_RETURN(first, ParseBatchHeader(std::span<const uint8_t>(header_bytes, n)));
    if (position + first.TotalSize() > bound || first.base_offset >= limit_offset) return result;
    if (first.LastOffset() >= offset) break;
    position += first.TotalSize();
  }
  size_t want = std::max(max_bytes, first.TotalSize());
  want = static_cast<size_t>(std::min<uint64_t>(want, bound - position));
  result.bytes.resize(want);
  MR_ASSIGN_OR_RETURN(size_t got, log_.ReadAt(position, result.bytes.data(), want));
  const auto* p = reinterpret_cast<const uint8_t*>(result.bytes.data());
  size_t used = 0;
  int64_t records = 0;
  while (used + bf::kHeaderSize <= got) {
    auto h = ParseBatchHeader(std::span<const uint8_t>(p + used, got - used));
    if (!h.ok()) {
      if (used == 0) return h.status();
      break;
    }
    int64_t count = h->last_offset_delta + 1;
    if (used + h->TotalSize() > got || h->base_offset >= limit_offset) break;
    if (used > 0 && records + count > max_records) break;
    used += h->TotalSize();
    records += count;
    result.next_offset = h->LastOffset() + 1;
  }
  result.bytes.resize(used);
  return result;
}

Result<SegmentRange> Segment::Locate(int64_t offset, size_t max_bytes, int32_t max_records,
                                     int64_t limit_offset) const {
  SegmentRange range;
  range.next_offset = offset;
  const uint64_t bound = visible_size();
  uint64_t position;
  {
    std::lock_guard<std::mutex> lock(index_mu_);
    position =
        LookupPosition(offset_index_.entries(), offset > base_offset_ ? Relative(offset) : 0);
  }
  // Headers are read through a small window so that runs of small batches cost one pread per
  // window, while a large batch costs one small pread.
  constexpr size_t kWindow = 4096;
  uint8_t window[kWindow];
  uint64_t window_start = 0;
  size_t window_size = 0;
  auto header_at = [&](uint64_t at) -> Result<BatchHeader> {
    if (at < window_start || at + bf::kHeaderSize > window_start + window_size) {
      const size_t want = static_cast<size_t>(std::min<uint64_t>(kWindow, bound - at));
      MR_ASSIGN_OR_RETURN(window_size, log_.ReadAt(at, window, want));
      window_start = at;
    }
    const size_t skip = static_cast<size_t>(at - window_start);
    return ParseBatchHeader(std::span<const uint8_t>(window + skip, window_size - skip));
  };
  bool found = false;
  int64_t records = 0;
  while (position + bf::kHeaderSize <= bound) {
    Result<BatchHeader> h = header_at(position);
    if (!h.ok()) {
      if (range.length == 0) return h.status();
      break;
    }
    if (position + h->TotalSize() > bound || h->base_offset >= limit_offset) break;
    if (!found) {
      if (h->LastOffset() < offset) {
        position += h->TotalSize();
        continue;
      }
      found = true;
      range.position = position;
    } else {
      const int64_t count = h->last_offset_delta + 1;
      if (range.length + h->TotalSize() > max_bytes || records + count > max_records) break;
    }
    range.length += h->TotalSize();
    records += h->last_offset_delta + 1;
    range.next_offset = h->LastOffset() + 1;
    position += h->TotalSize();
  }
  return range;
}

Result<std::string> Segment::ReadRange(uint64_t position, size_t length) const {
  std::string bytes(length, '\0');
  MR_ASSIGN_OR_RETURN(size_t got, log_.ReadAt(position, bytes.data(), length));
  if (got != length) {
    return Status::Corruption("segment " + SegmentPath(dir_, base_offset_, ".log") +
                              " is shorter than its visible size");
  }
  return bytes;
}

Result<std::optional<int64_t>> Segment::FindByTimestamp(int64_t timestamp_ms,
                                                        int64_t limit_offset) const {
  uint64_t position = 0;
  {
    std::lock_guard<std::mutex> lock(index_mu_);
    std::optional<uint32_t> older = LookupOlderThan(time_index_.entries(), timestamp_ms);
    if (older) position = LookupPosition(offset_index_.entries(), *older);
  }
  BatchScanner scanner(log_, position, visible_size(), 256 << 10);
  while (true) {
    MR_ASSIGN_OR_RETURN(std::optional<ScannedBatch> batch, scanner.Next(/*verify_crc=*/false));
    if (!batch || batch->header.base_offset >= limit_offset) return std::optional<int64_t>();
    if (batch->header.max_timestamp < timestamp_ms) continue;
    if (batch->header.Compression() != 0) {
      return std::optional<int64_t>(batch->header.base_offset);
    }
    MR_ASSIGN_OR_RETURN(RecordBatchReader reader, RecordBatchReader::Open(batch->bytes));
    while (true) {
      MR_ASSIGN_OR_RETURN(std::optional<RecordView> record, reader.Next());
      if (!record) break;
      if (record->timestamp_ms >= timestamp_ms) return std::optional<int64_t>(record->offset);
    }
    // maxTimestamp said a record qualifies but none did: answer with the batch itself.
    return std::optional<int64_t>(batch->header.base_offset);
  }
}

}  // namespace millrace::log
