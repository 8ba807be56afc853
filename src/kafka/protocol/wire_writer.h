// WireWriter: encodes Kafka protocol primitives by appending to a byte string it owns.
//
// Writes cannot run out of space; the only failure is a value the wire format cannot carry
// (a string over 32767 bytes, bytes over 2^31-1). That is recorded as a sticky Status which the
// encoder returns when it finishes. Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "kafka/protocol/wire_types.h"

namespace millrace::kafka {

class WireWriter {
 public:
  WireWriter() = default;

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  // Bytes written by reference (WriteBytesByReference): `bytes` belong in the encoded stream
  // at offset `at` of the owned bytes. The caller keeps them alive.
  // An external reference (WriteExternalBytes) has empty `bytes` and `external` > 0: that many
  // bytes the caller supplies itself at write time (a file range sent with sendfile).
  struct Reference {
    size_t at;
    std::string_view bytes;
    size_t external = 0;
  };

  // The owned bytes: the whole encoding unless something was written by reference.
  const std::string& data() const { return out_; }
  // Encoded size, references included.
  size_t size() const { return out_.size() + referenced_bytes_; }
  // Hands the encoded bytes (references copied in) to the caller and leaves the writer empty.
  // REQUIRES: no external references (their bytes are not the writer's to copy).
  std::string Release();
  // Hands the owned bytes and the references over, for gather I/O without copying the
  // referenced bytes; leaves the writer empty.
  std::string ReleaseWithReferences(std::vector<Reference>* references);
  // Makes room for `bytes` more bytes up front. Large messages (Fetch responses) should call it:
  // growing a multi-megabyte buffer by doubling costs far more than the copies themselves.
  void Reserve(size_t bytes) { out_.reserve(out_.size() + bytes); }

  void WriteInt8(int8_t v) { out_.push_back(static_cast<char>(v)); }
  void WriteInt16(int16_t v);
  void WriteInt32(int32_t v);
  void WriteInt64(int64_t v);
  void WriteUint16(uint16_t v) { WriteInt16(static_cast<int16_t>(v)); }
  void WriteUint32(uint32_t v) { WriteInt32(static_cast<int32_t>(v)); }
  void WriteBool(bool v) { WriteInt8(v ? 1 : 0); }
  void WriteUuid(const Uuid& id);

  void WriteUnsignedVarint(uint32_t v);
  void WriteVarint(int32_t v);
  void WriteVarlong(int64_t v);

  // STRING / NULLABLE_STRING (int16 length), or the compact forms when `flexible`.
  void WriteString(std::string_view s, bool flexible = false);
  void WriteNullableString(const std::optional<std::string>& s, bool flexible = false);
  void WriteCompactString(std::string_view s) { WriteString(s, true); }
  void WriteCompactNullableString(const std::optional<std::string>& s) {
    WriteNullableString(s, true);
  }

  // BYTES / NULLABLE_BYTES (int32 length), or COMPACT_BYTES when `flexible`.
  void WriteBytes(std::string_view b, bool flexible = false);
  void WriteNullableBytes(const std::optional<std::string>& b, bool flexible = false);
  // As WriteNullableBytes, but bytes of at least kMinReferenceBytes are not copied: the writer
  // refers to them. REQUIRES: `b` outlives the writer's output (Release or the gather write).
  static constexpr size_t kMinReferenceBytes = 16 << 10;
  void WriteNullableBytesByReference(const std::optional<std::string>& b, bool flexible = false);
  // A BYTES length prefix for `n` > 0 bytes that are not given to the writer: an external
  // reference, spliced in by whoever writes the output (ReleaseWithReferences only).
  void WriteExternalBytes(size_t n, bool flexible = false);

  // Array element count (int32, or unsigned varint N+1 when `flexible`); -1 writes null.
  void WriteArrayLength(int64_t n, bool flexible);

  // An empty tagged-field section (millrace never sends tagged fields) when `flexible`.
  void WriteTaggedFields(bool flexible) {
    if (flexible) WriteUnsignedVarint(0);
  }

  // Appends `bytes` verbatim (record batches, pre-encoded sections).
  void WriteRaw(std::string_view bytes) { out_.append(bytes); }

  // Size prefixes: ReserveInt32() leaves four bytes and returns their position; PatchInt32()
  // fills them in. REQUIRES: `pos` came from ReserveInt32() on this writer.
  size_t ReserveInt32();
  void PatchInt32(size_t pos, int32_t v);

  // Records an encoding error unless one is already recorded.
  void Fail(std::string message);

 private:
  bool CheckLength(size_t n, size_t max, const char* what);

  std::string out_;
  std::vector<Reference> references_;  // by ascending `at`
  size_t referenced_bytes_ = 0;
  Status status_;
};

template <typename T, typename WriteOne>
void WriteArray(WireWriter& w, bool flexible, const std::vector<T>& items, WriteOne&& write_one) {
  w.WriteArrayLength(static_cast<int64_t>(items.size()), flexible);
  for (const T& item : items) write_one(w, item);
}

template <typename T, typename WriteOne>
void WriteNullableArray(WireWriter& w, bool flexible, const std::optional<std::vector<T>>& items,
                        WriteOne&& write_one) {
  if (!items) {
    w.WriteArrayLength(-1, flexible);
    return;
  }
  WriteArray(w, flexible, *items, write_one);
}

void WriteInt32Array(WireWriter& w, bool flexible, const std::vector<int32_t>& items);
void WriteStringArray(WireWriter& w, bool flexible, const std::vector<std::string>& items);

}  // namespace millrace::kafka
