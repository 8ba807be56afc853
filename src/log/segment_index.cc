#include "log/segment_index.h"

#include <algorithm>

#include "base/endian.h"

namespace millrace::log {

namespace {
void Encode(const OffsetIndexEntry& e, uint8_t* p) {
  StoreLE<uint32_t>(p, e.relative_offset);
  StoreLE<uint32_t>(p + 4, e.position);
}
void Decode(const uint8_t* p, OffsetIndexEntry* e) {
  e->relative_offset = LoadLE<uint32_t>(p);
  e->position = LoadLE<uint32_t>(p + 4);
}
void Encode(const TimeIndexEntry& e, uint8_t* p) {
  StoreLE<int64_t>(p, e.timestamp_ms);
  StoreLE<uint32_t>(p + 8, e.relative_offset);
}
void Decode(const uint8_t* p, TimeIndexEntry* e) {
  e->timestamp_ms = LoadLE<int64_t>(p);
  e->relative_offset = LoadLE<uint32_t>(p + 8);
}
}  // namespace

template <typename Entry>
Result<IndexFile<Entry>> IndexFile<Entry>::Open(const std::string& path) {
  IndexFile index;
  MR_ASSIGN_OR_RETURN(index.file_, File::Open(path, /*create=*/true));
  MR_ASSIGN_OR_RETURN(uint64_t size, index.file_.Size());
  std::string bytes(size, '\0');
  MR_ASSIGN_OR_RETURN(size_t n, index.file_.ReadAt(0, bytes.data(), bytes.size()));
  size_t count = n / kEntrySize;
  index.entries_.resize(count);
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  for (size_t i = 0; i < count; ++i) Decode(p + i * kEntrySize, &index.entries_[i]);
  if (n != count * kEntrySize) MR_RETURN_IF_ERROR(index.file_.Truncate(count * kEntrySize));
  return index;
}

template <typename Entry>
Status IndexFile<Entry>::Append(const Entry& entry) {
  uint8_t buf[kEntrySize];
  Encode(entry, buf);
  entries_.push_back(entry);
  return file_.WriteAt((entries_.size() - 1) * kEntrySize, buf, kEntrySize);
}

template <typename Entry>
Status IndexFile<Entry>::Reset(std::vector<Entry> entries) {
  std::string bytes(entries.size() * kEntrySize, '\0');
  auto* p = reinterpret_cast<uint8_t*>(bytes.data());
  for (size_t i = 0; i < entries.size(); ++i) Encode(entries[i], p + i * kEntrySize);
  MR_RETURN_IF_ERROR(file_.Truncate(0));
  MR_RETURN_IF_ERROR(file_.WriteAt(0, bytes.data(), bytes.size()));
  entries_ = std::move(entries);
  return Status::Ok();
}

template class IndexFile<OffsetIndexEntry>;
template class IndexFile<TimeIndexEntry>;

bool OffsetIndexPlausible(const std::vector<OffsetIndexEntry>& entries, uint64_t log_size) {
  for (size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].position >= log_size) return false;
    if (i > 0 && (entries[i].relative_offset <= entries[i - 1].relative_offset ||
                  entries[i].position <= entries[i - 1].position)) {
      return false;
    }
  }
  return true;
}

bool TimeIndexPlausible(const std::vector<TimeIndexEntry>& entries) {
  for (size_t i = 1; i < entries.size(); ++i) {
    if (entries[i].relative_offset <= entries[i - 1].relative_offset ||
        entries[i].timestamp_ms < entries[i - 1].timestamp_ms) {
      return false;
    }
  }
  return true;
}

uint32_t LookupPosition(const std::vector<OffsetIndexEntry>& entries, uint32_t relative_offset) {
  auto it = std::upper_bound(
      entries.begin(), entries.end(), relative_offset,
      [](uint32_t rel, const OffsetIndexEntry& e) { return rel < e.relative_offset; });
  if (it == entries.begin()) return 0;
  return std::prev(it)->position;
}

std::optional<uint32_t> LookupOlderThan(const std::vector<TimeIndexEntry>& entries,
                                        int64_t timestamp_ms) {
  auto it =
      std::lower_bound(entries.begin(), entries.end(), timestamp_ms,
                       [](const TimeIndexEntry& e, int64_t ts) { return e.timestamp_ms < ts; });
  if (it == entries.begin()) return std::nullopt;
  return std::prev(it)->relative_offset;
}

}  // namespace millrace::log
