#include "firehose/kpl_aggregation.h"

#include <openssl/evp.h>

#include <cstring>

namespace millrace::firehose {

namespace {

constexpr char kMagic[] = "\xF3\x89\x9A\xC2";
constexpr size_t kMagicSize = 4;
constexpr size_t kDigestSize = 16;

void Md5(std::string_view bytes, unsigned char out[kDigestSize]) {
  unsigned int size = 0;
  EVP_Digest(bytes.data(), bytes.size(), out, &size, EVP_md5(), nullptr);
}

// A cursor over protobuf wire format; every read reports truncation as false.
class ProtoReader {
 public:
  explicit ProtoReader(std::string_view bytes) : bytes_(bytes) {}
  bool done() const { return pos_ == bytes_.size(); }
  bool Varint(uint64_t* v) {
    *v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= bytes_.size()) return false;
      const auto b = static_cast<uint8_t>(bytes_[pos_++]);
      *v |= uint64_t{b & 0x7Fu} << shift;
      if ((b & 0x80) == 0) return true;
    }
    return false;
  }
  bool Bytes(std::string_view* out) {
    uint64_t n;
    if (!Varint(&n) || n > bytes_.size() - pos_) return false;
    *out = bytes_.substr(pos_, n);
    pos_ += n;
    return true;
  }
  // Skips a field of `wire_type` (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).
  bool Skip(uint64_t wire_type) {
    uint64_t unused;
    std::string_view unused_bytes;
    switch (wire_type) {
      case 0:
        return Varint(&unused);
      case 1:
        return Advance(8);
      case 2:
        return Bytes(&unused_bytes);
      case 5:
        return Advance(4);
      default:
        return false;
    }
  }

 private:
  bool Advance(size_t n) {
    if (n > bytes_.size() - pos_) return false;
    pos_ += n;
    return true;
  }
  std::string_view bytes_;
  size_t pos_ = 0;
};

void PutVarint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void PutBytesField(std::string& out, int field, std::string_view bytes) {
  PutVarint(out, (uint64_t(field) << 3) | 2);
  PutVarint(out, bytes.size());
  out += bytes;
}

Status Malformed(std::string_view what) {
  return Status::Corruption("KPL aggregated record is malformed: " + std::string(what));
}

}  // namespace

bool IsKplAggregated(std::string_view record) {
  if (record.size() < kMagicSize + kDigestSize || record.substr(0, kMagicSize) != kMagic) {
    return false;
  }
  const std::string_view body = record.substr(kMagicSize, record.size() - kMagicSize - kDigestSize);
  unsigned char digest[kDigestSize];
  Md5(body, digest);
  return std::memcmp(digest, record.data() + record.size() - kDigestSize, kDigestSize) == 0;
}

Result<std::vector<KplUserRecord>> DeaggregateKpl(std::string_view record) {
  ProtoReader top(record.substr(kMagicSize, record.size() - kMagicSize - kDigestSize));
  std::vector<std::string_view> partition_keys;
  std::vector<std::string_view> hash_keys;
  struct Pending {
    uint64_t pk_index = 0;
    std::optional<uint64_t> ehk_index;
    std::optional<std::string_view> data;
  };
  std::vector<Pending> pending;
  while (!top.done()) {
    uint64_t tag;
    if (!top.Varint(&tag)) return Malformed("truncated field tag");
    const uint64_t field = tag >> 3;
    const uint64_t wire = tag & 7;
    if ((field == 1 || field == 2 || field == 3) && wire == 2) {
      std::string_view bytes;
      if (!top.Bytes(&bytes)) return Malformed("truncated field");
      if (field == 1) {
        partition_keys.push_back(bytes);
      } else if (field == 2) {
        hash_keys.push_back(bytes);
      } else {
        Pending p;
        ProtoReader inner(bytes);
        bool has_pk = false;
        while (!inner.done()) {
          uint64_t inner_tag;
          if (!inner.Varint(&inner_tag)) return Malformed("truncated record tag");
          const uint64_t f = inner_tag >> 3;
          const uint64_t w = inner_tag & 7;
          uint64_t v;
          std::string_view b;
          if (f == 1 && w == 0) {
            if (!inner.Varint(&v)) return Malformed("truncated partition_key_index");
            p.pk_index = v;
            has_pk = true;
          } else if (f == 2 && w == 0) {
            if (!inner.Varint(&v)) return Malformed("truncated explicit_hash_key_index");
            p.ehk_index = v;
          } else if (f == 3 && w == 2) {
            if (!inner.Bytes(&b)) return Malformed("truncated data");
            p.data = b;
          } else if (!inner.Skip(w)) {
            return Malformed("bad field in a record");
          }
        }
        if (!has_pk || !p.data) return Malformed("a record lacks partition_key_index or data");
        pending.push_back(p);
      }
    } else if (!top.Skip(wire)) {
      return Malformed("bad top-level field");
    }
  }
  std::vector<KplUserRecord> out;
  out.reserve(pending.size());
  for (const Pending& p : pending) {
    if (p.pk_index >= partition_keys.size()) return Malformed("partition_key_index out of range");
    KplUserRecord r;
    r.partition_key = std::string(partition_keys[p.pk_index]);
    if (p.ehk_index) {
      if (*p.ehk_index >= hash_keys.size()) {
        return Malformed("explicit_hash_key_index out of range");
      }
      r.explicit_hash_key = std::string(hash_keys[*p.ehk_index]);
    }
    r.data = *p.data;
    out.push_back(std::move(r));
  }
  return out;
}

std::string AggregateKpl(const KplAggregateInput& input) {
  std::string body;
  for (const auto& key : input.partition_keys) PutBytesField(body, 1, key);
  for (const auto& key : input.explicit_hash_keys) PutBytesField(body, 2, key);
  for (const auto& entry : input.records) {
    std::string record;
    PutVarint(record, (1 << 3) | 0);
    PutVarint(record, entry.partition_key_index);
    if (entry.explicit_hash_key_index) {
      PutVarint(record, (2 << 3) | 0);
      PutVarint(record, *entry.explicit_hash_key_index);
    }
    PutBytesField(record, 3, entry.data);
    PutBytesField(body, 3, record);
  }
  unsigned char digest[kDigestSize];
  Md5(body, digest);
  std::string out(kMagic, kMagicSize);
  out += body;
  out.append(reinterpret_cast<const char*>(digest), kDigestSize);
  return out;
}

}  // namespace millrace::firehose
