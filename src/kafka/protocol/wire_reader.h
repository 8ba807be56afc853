// WireReader: bounds-checked decoding of Kafka protocol primitives from one request or response
// body.
//
// Errors are sticky: the first malformed or truncated field records a Status, every later read
// returns a zero value without touching memory, and decoders check `status()` once at the end.
// Lengths and element counts are checked against the bytes that remain before anything is
// allocated, so a hostile length can never make the reader allocate more than the input size.
// A WireReader does not own its input; the caller keeps it alive. Not thread-safe.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "kafka/protocol/wire_types.h"

namespace millrace::kafka {

// Arrays reserve at most this many elements up front; longer ones grow as elements decode. A
// count is already capped by the bytes left, but a decoded element can be far larger in memory
// than on the wire, so reserving the full count would let a frame claim gigabytes.
inline constexpr size_t kArrayReserveLimit = 1024;

class WireReader {
 public:
  explicit WireReader(std::string_view input)
      : data_(reinterpret_cast<const uint8_t*>(input.data())), size_(input.size()) {}
  // A reader over a temporary string would dangle.
  explicit WireReader(std::string&&) = delete;

  WireReader(const WireReader&) = delete;
  WireReader& operator=(const WireReader&) = delete;

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  size_t position() const { return pos_; }
  size_t remaining() const { return size_ - pos_; }
  // The bytes not yet consumed (empty once an error is recorded).
  std::string_view Rest() const;

  // Records `message` as a decode error unless an earlier error is already recorded.
  void Fail(std::string message);

  // Fixed-width big-endian integers.
  int8_t ReadInt8();
  int16_t ReadInt16();
  int32_t ReadInt32();
  int64_t ReadInt64();
  uint16_t ReadUint16();
  uint32_t ReadUint32();
  bool ReadBool();  // any non-zero byte is true, as in Kafka
  Uuid ReadUuid();

  // Varints: `ReadUnsignedVarint` is Kafka's 32-bit LEB128; the signed forms are zig-zag.
  uint32_t ReadUnsignedVarint();
  int32_t ReadVarint();
  int64_t ReadVarlong();

  // STRING / NULLABLE_STRING (int16 length, -1 = null).
  std::string ReadString();
  std::optional<std::string> ReadNullableString();
  // COMPACT_STRING / COMPACT_NULLABLE_STRING (unsigned varint length + 1, 0 = null).
  std::string ReadCompactString();
  std::optional<std::string> ReadCompactNullableString();
  // The compact form when `flexible`, else the classic one.
  std::string ReadString(bool flexible) { return flexible ? ReadCompactString() : ReadString(); }
  std::optional<std::string> ReadNullableString(bool flexible) {
    return flexible ? ReadCompactNullableString() : ReadNullableString();
  }

  // BYTES / NULLABLE_BYTES (int32 length, -1 = null), and their compact forms.
  std::string ReadBytes(bool flexible);
  std::optional<std::string> ReadNullableBytes(bool flexible);

  // Array element count: int32 (-1 = null) or, when `flexible`, unsigned varint N+1 (0 = null).
  // Returns -1 for null. Fails if the count exceeds remaining() / min_element_bytes, which
  // bounds what a hostile count can make a decoder do before it runs out of input.
  int32_t ReadArrayLength(bool flexible, size_t min_element_bytes = 1);

  // Reads a tagged-field section (count, then tag/size/data per field) and skips every field.
  // Tags must be strictly increasing, as the spec requires.
  void SkipTaggedFields();
  // SkipTaggedFields() when `flexible`, nothing otherwise.
  void ReadTaggedFields(bool flexible) {
    if (flexible) SkipTaggedFields();
  }

 private:
  // True if `n` more bytes are available; records a truncation error otherwise.
  bool Need(size_t n, const char* what);
  std::string TakeBytes(size_t n);
  // Validates a decoded length against the input and returns it, or -1 (and fails) if invalid.
  int64_t CheckLength(int64_t length, bool nullable, const char* what);

  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
  Status status_;
};

// Reads a non-nullable array of T with `read_one(reader, T&)` into `out` (cleared first).
// A null array is a decode error, as in Kafka; nullable fields use ReadNullableArray.
template <typename T, typename ReadOne>
void ReadArray(WireReader& r, bool flexible, std::vector<T>& out, ReadOne&& read_one,
               size_t min_element_bytes = 1) {
  out.clear();
  const int32_t n = r.ReadArrayLength(flexible, min_element_bytes);
  if (n < 0 && r.ok()) r.Fail("null array in a non-nullable field");
  if (n <= 0) return;
  out.reserve(std::min(static_cast<size_t>(n), kArrayReserveLimit));
  for (int32_t i = 0; i < n && r.ok(); ++i) {
    out.emplace_back();
    read_one(r, out.back());
  }
}

template <typename T, typename ReadOne>
void ReadNullableArray(WireReader& r, bool flexible, std::optional<std::vector<T>>& out,
                       ReadOne&& read_one, size_t min_element_bytes = 1) {
  out.reset();
  const int32_t n = r.ReadArrayLength(flexible, min_element_bytes);
  if (n < 0) return;
  out.emplace();
  out->reserve(std::min(static_cast<size_t>(n), kArrayReserveLimit));
  for (int32_t i = 0; i < n && r.ok(); ++i) {
    out->emplace_back();
    read_one(r, out->back());
  }
}

// Arrays of int32 (replica lists, partition indexes) are common enough to have their own helper.
void ReadInt32Array(WireReader& r, bool flexible, std::vector<int32_t>& out);
void ReadStringArray(WireReader& r, bool flexible, std::vector<std::string>& out);

}  // namespace millrace::kafka
