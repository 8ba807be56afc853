#include "kafka/protocol/wire_reader.h"

#include <limits>
#include <string>

#include "base/endian.h"

namespace millrace::kafka {

std::string_view WireReader::Rest() const {
  if (!ok()) return {};
  return {reinterpret_cast<const char*>(data_ + pos_), size_ - pos_};
}

void WireReader::Fail(std::string message) {
  if (status_.ok()) status_ = Status::InvalidArgument(std::move(message));
}

bool WireReader::Need(size_t n, const char* what) {
  if (!ok()) return false;
  if (n > remaining()) {
    Fail(std::string("truncated ") + what + " at byte " + std::to_string(pos_) + ": needs " +
         std::to_string(n) + ", " + std::to_string(remaining()) + " left");
    return false;
  }
  return true;
}

int8_t WireReader::ReadInt8() {
  if (!Need(1, "int8")) return 0;
  return static_cast<int8_t>(data_[pos_++]);
}

int16_t WireReader::ReadInt16() {
  if (!Need(2, "int16")) return 0;
  const auto v = LoadBE<int16_t>(data_ + pos_);
  pos_ += 2;
  return v;
}

uint16_t WireReader::ReadUint16() {
  return static_cast<uint16_t>(ReadInt16());
}

int32_t WireReader::ReadInt32() {
  if (!Need(4, "int32")) return 0;
  const auto v = LoadBE<int32_t>(data_ + pos_);
  pos_ += 4;
  return v;
}

uint32_t WireReader::ReadUint32() {
  return static_cast<uint32_t>(ReadInt32());
}

int64_t WireReader::ReadInt64() {
  if (!Need(8, "int64")) return 0;
  const auto v = LoadBE<int64_t>(data_ + pos_);
  pos_ += 8;
  return v;
}

bool WireReader::ReadBool() {
  return ReadInt8() != 0;
}

Uuid WireReader::ReadUuid() {
  Uuid id;
  if (!Need(16, "uuid")) return id;
  for (size_t i = 0; i < 16; ++i) id.bytes[i] = data_[pos_ + i];
  pos_ += 16;
  return id;
}

uint32_t WireReader::ReadUnsignedVarint() {
  if (!ok()) return 0;
  uint32_t result = 0;
  for (int shift = 0; shift < 35; shift += 7) {
    if (!Need(1, "varint")) return 0;
    const uint8_t byte = data_[pos_++];
    // The fifth byte may only carry the top four bits of a 32-bit value.
    if (shift == 28 && (byte & 0xF0) != 0) break;
    result |= static_cast<uint32_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return result;
  }
  Fail("unsigned varint longer than 32 bits at byte " + std::to_string(pos_));
  return 0;
}

int32_t WireReader::ReadVarint() {
  const uint32_t u = ReadUnsignedVarint();
  return static_cast<int32_t>((u >> 1) ^ (~(u & 1) + 1));
}

int64_t WireReader::ReadVarlong() {
  if (!ok()) return 0;
  uint64_t u = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    if (!Need(1, "varlong")) return 0;
    const uint8_t byte = data_[pos_++];
    if (shift == 63 && (byte & 0xFE) != 0) break;
    u |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1));
  }
  Fail("varlong longer than 64 bits at byte " + std::to_string(pos_));
  return 0;
}

int64_t WireReader::CheckLength(int64_t length, bool nullable, const char* what) {
  if (!ok()) return -1;
  if (length < 0) {
    if (length == -1 && nullable) return -1;
    Fail(std::string("invalid ") + what + " length " + std::to_string(length) + " at byte " +
         std::to_string(pos_));
    return -1;
  }
  if (!Need(static_cast<size_t>(length), what)) return -1;
  return length;
}

std::string WireReader::TakeBytes(size_t n) {
  std::string out(reinterpret_cast<const char*>(data_ + pos_), n);
  pos_ += n;
  return out;
}

std::string WireReader::ReadString() {
  const int16_t len = ReadInt16();
  const int64_t n = CheckLength(len, /*nullable=*/false, "string");
  return n < 0 ? std::string() : TakeBytes(static_cast<size_t>(n));
}

std::optional<std::string> WireReader::ReadNullableString() {
  const int16_t len = ReadInt16();
  const int64_t n = CheckLength(len, /*nullable=*/true, "string");
  if (n < 0) return std::nullopt;
  return TakeBytes(static_cast<size_t>(n));
}

std::string WireReader::ReadCompactString() {
  const int64_t len = static_cast<int64_t>(ReadUnsignedVarint()) - 1;
  if (ok() && len > kMaxStringBytes) Fail("compact string longer than 32767 bytes");
  const int64_t n = CheckLength(len, /*nullable=*/false, "compact string");
  return n < 0 ? std::string() : TakeBytes(static_cast<size_t>(n));
}

std::optional<std::string> WireReader::ReadCompactNullableString() {
  const int64_t len = static_cast<int64_t>(ReadUnsignedVarint()) - 1;
  if (ok() && len > kMaxStringBytes) Fail("compact string longer than 32767 bytes");
  const int64_t n = CheckLength(len, /*nullable=*/true, "compact string");
  if (n < 0) return std::nullopt;
  return TakeBytes(static_cast<size_t>(n));
}

std::string WireReader::ReadBytes(bool flexible) {
  const int64_t len =
      flexible ? static_cast<int64_t>(ReadUnsignedVarint()) - 1 : int64_t{ReadInt32()};
  const int64_t n = CheckLength(len, /*nullable=*/false, "bytes");
  return n < 0 ? std::string() : TakeBytes(static_cast<size_t>(n));
}

std::optional<std::string> WireReader::ReadNullableBytes(bool flexible) {
  const int64_t len =
      flexible ? static_cast<int64_t>(ReadUnsignedVarint()) - 1 : int64_t{ReadInt32()};
  const int64_t n = CheckLength(len, /*nullable=*/true, "bytes");
  if (n < 0) return std::nullopt;
  return TakeBytes(static_cast<size_t>(n));
}

int32_t WireReader::ReadArrayLength(bool flexible, size_t min_element_bytes) {
  const int64_t n =
      flexible ? static_cast<int64_t>(ReadUnsignedVarint()) - 1 : int64_t{ReadInt32()};
  if (!ok()) return -1;
  if (n == -1) return -1;
  if (n < 0) {
    Fail("invalid array length " + std::to_string(n) + " at byte " + std::to_string(pos_));
    return -1;
  }
  if (min_element_bytes == 0) min_element_bytes = 1;
  if (n > std::numeric_limits<int32_t>::max() ||
      static_cast<uint64_t>(n) > remaining() / min_element_bytes) {
    Fail("array of " + std::to_string(n) + " elements cannot fit in the " +
         std::to_string(remaining()) + " bytes left at byte " + std::to_string(pos_));
    return -1;
  }
  return static_cast<int32_t>(n);
}

void WireReader::SkipTaggedFields() {
  const uint32_t count = ReadUnsignedVarint();
  int64_t previous_tag = -1;
  for (uint32_t i = 0; i < count && ok(); ++i) {
    const uint32_t tag = ReadUnsignedVarint();
    const uint32_t size = ReadUnsignedVarint();
    if (!ok()) return;
    if (static_cast<int64_t>(tag) <= previous_tag) {
      Fail("tagged field " + std::to_string(tag) + " out of order at byte " + std::to_string(pos_));
      return;
    }
    previous_tag = tag;
    if (!Need(size, "tagged field")) return;
    pos_ += size;
  }
}

void ReadInt32Array(WireReader& r, bool flexible, std::vector<int32_t>& out) {
  ReadArray(
      r, flexible, out, [](WireReader& in, int32_t& v) { v = in.ReadInt32(); }, 4);
}

void ReadStringArray(WireReader& r, bool flexible, std::vector<std::string>& out) {
  ReadArray(
      r, flexible, out, [flexible](WireReader& in, std::string& s) { s = in.ReadString(flexible); },
      flexible ? 1 : 2);
}

}  // namespace millrace::kafka
