#include "kinesis/shard_map_format.h"

#include <cstdint>
#include <vector>

#include "base/crc32c.h"
#include "base/endian.h"

namespace millrace::kinesis {

namespace {

constexpr uint8_t kFormatVersion = 1;
constexpr uint8_t kClosed = 1 << 0;
constexpr uint8_t kHasParent = 1 << 1;
constexpr uint8_t kHasAdjacentParent = 1 << 2;
constexpr uint8_t kKnownFlags = kClosed | kHasParent | kHasAdjacentParent;

class ByteWriter {
 public:
  template <typename T>
  void Put(T v) {
    uint8_t buf[sizeof(T)];
    StoreLE<T>(buf, v);
    out_.append(reinterpret_cast<const char*>(buf), sizeof(T));
  }
  void PutHashKey(HashKey key) {
    Put<uint64_t>(static_cast<uint64_t>(key));
    Put<uint64_t>(static_cast<uint64_t>(key >> 64));
  }
  std::string& bytes() { return out_; }

 private:
  std::string out_;
};

// Reads fixed-width fields; once a read runs past the end, every later read fails too.
class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}
  template <typename T>
  bool Get(T* v) {
    if (failed_ || in_.size() - pos_ < sizeof(T)) {
      failed_ = true;
      return false;
    }
    *v = LoadLE<T>(reinterpret_cast<const uint8_t*>(in_.data() + pos_));
    pos_ += sizeof(T);
    return true;
  }
  bool GetHashKey(HashKey* key) {
    uint64_t low = 0, high = 0;
    if (!Get(&low) || !Get(&high)) return false;
    *key = (HashKey{high} << 64) | low;
    return true;
  }
  bool AtEnd() const { return pos_ == in_.size(); }

 private:
  std::string_view in_;
  size_t pos_ = 0;
  bool failed_ = false;
};

KinesisStatus Damaged(std::string_view stream_name, std::string_view why) {
  return KinesisStatus(Errc::kInternalFailure, "stored shard map of stream " +
                                                   std::string(stream_name) +
                                                   " is damaged: " + std::string(why));
}

}  // namespace

std::string EncodeShardMap(const ShardMap& map) {
  ByteWriter w;
  w.Put<uint8_t>(kFormatVersion);
  w.Put<uint32_t>(static_cast<uint32_t>(map.shards().size()));
  for (const Shard& s : map.shards()) {
    uint8_t flags = (s.open() ? 0 : kClosed) | (s.parent ? kHasParent : 0) |
                    (s.adjacent_parent ? kHasAdjacentParent : 0);
    w.Put<uint8_t>(flags);
    w.PutHashKey(s.range.start);
    w.PutHashKey(s.range.end);
    w.Put<int64_t>(s.starting_offset);
    w.Put<int64_t>(s.created_ms);
    if (!s.open()) {
      w.Put<int64_t>(*s.ending_offset);
      w.Put<int64_t>(s.closed_ms.value_or(s.created_ms));
    }
    if (s.parent) w.Put<int32_t>(*s.parent);
    if (s.adjacent_parent) w.Put<int32_t>(*s.adjacent_parent);
  }
  w.Put<uint32_t>(static_cast<uint32_t>(map.scaling_times_ms().size()));
  for (int64_t t : map.scaling_times_ms()) w.Put<int64_t>(t);
  std::string& bytes = w.bytes();
  w.Put<uint32_t>(crc32c::Value(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  return std::move(bytes);
}

KinesisResult<ShardMap> DecodeShardMap(std::string_view bytes, std::string stream_name,
                                       std::string account_id) {
  if (bytes.size() < 1 + 4 + 4 + 4) return Damaged(stream_name, "too short");
  std::string_view body = bytes.substr(0, bytes.size() - 4);
  uint32_t stored_crc =
      LoadLE<uint32_t>(reinterpret_cast<const uint8_t*>(bytes.data()) + body.size());
  if (crc32c::Value(reinterpret_cast<const uint8_t*>(body.data()), body.size()) != stored_crc) {
    return Damaged(stream_name, "checksum mismatch");
  }
  ByteReader r(body);
  uint8_t version = 0;
  uint32_t count = 0;
  r.Get(&version);
  if (version != kFormatVersion) return Damaged(stream_name, "unknown version");
  if (!r.Get(&count) || count > body.size()) return Damaged(stream_name, "bad shard count");
  std::vector<Shard> shards(count);
  for (uint32_t i = 0; i < count; ++i) {
    Shard& s = shards[i];
    s.index = static_cast<int32_t>(i);
    uint8_t flags = 0;
    if (!r.Get(&flags) || (flags & ~kKnownFlags) != 0) return Damaged(stream_name, "bad flags");
    bool ok = r.GetHashKey(&s.range.start) && r.GetHashKey(&s.range.end) &&
              r.Get(&s.starting_offset) && r.Get(&s.created_ms);
    if (flags & kClosed) {
      int64_t end = 0, closed = 0;
      ok = ok && r.Get(&end) && r.Get(&closed);
      s.ending_offset = end;
      s.closed_ms = closed;
    }
    if (flags & kHasParent) {
      int32_t parent = 0;
      ok = ok && r.Get(&parent);
      s.parent = parent;
    }
    if (flags & kHasAdjacentParent) {
      int32_t adjacent = 0;
      ok = ok && r.Get(&adjacent);
      s.adjacent_parent = adjacent;
    }
    if (!ok) return Damaged(stream_name, "truncated shard");
  }
  uint32_t scalings = 0;
  if (!r.Get(&scalings) || scalings > body.size()) return Damaged(stream_name, "bad scaling count");
  std::vector<int64_t> times(scalings);
  for (int64_t& t : times) {
    if (!r.Get(&t)) return Damaged(stream_name, "truncated scaling times");
  }
  if (!r.AtEnd()) return Damaged(stream_name, "trailing bytes");
  return ShardMap::Restore(std::move(stream_name), std::move(account_id), std::move(shards),
                           std::move(times));
}

}  // namespace millrace::kinesis
