#include "kafka/protocol/wire_writer.h"

#include <limits>

#include "base/endian.h"

namespace millrace::kafka {

void WireWriter::Fail(std::string message) {
  if (status_.ok()) status_ = Status::InvalidArgument(std::move(message));
}

void WireWriter::WriteInt16(int16_t v) {
  uint8_t buf[2];
  StoreBE(buf, v);
  out_.append(reinterpret_cast<const char*>(buf), sizeof(buf));
}

void WireWriter::WriteInt32(int32_t v) {
  uint8_t buf[4];
  StoreBE(buf, v);
  out_.append(reinterpret_cast<const char*>(buf), sizeof(buf));
}

void WireWriter::WriteInt64(int64_t v) {
  uint8_t buf[8];
  StoreBE(buf, v);
  out_.append(reinterpret_cast<const char*>(buf), sizeof(buf));
}

void WireWriter::WriteUuid(const Uuid& id) {
  out_.append(reinterpret_cast<const char*>(id.bytes.data()), id.bytes.size());
}

void WireWriter::WriteUnsignedVarint(uint32_t v) {
  PutUVarint(out_, v);
}

void WireWriter::WriteVarint(int32_t v) {
  WriteUnsignedVarint((static_cast<uint32_t>(v) << 1) ^ static_cast<uint32_t>(v >> 31));
}

void WireWriter::WriteVarlong(int64_t v) {
  PutVarint(out_, v);
}

bool WireWriter::CheckLength(size_t n, size_t max, const char* what) {
  if (n <= max) return true;
  Fail(std::string(what) + " of " + std::to_string(n) + " bytes exceeds the limit of " +
       std::to_string(max));
  return false;
}

void WireWriter::WriteString(std::string_view s, bool flexible) {
  if (!CheckLength(s.size(), kMaxStringBytes, "string")) return;
  if (flexible) {
    WriteUnsignedVarint(static_cast<uint32_t>(s.size()) + 1);
  } else {
    WriteInt16(static_cast<int16_t>(s.size()));
  }
  out_.append(s);
}

void WireWriter::WriteNullableString(const std::optional<std::string>& s, bool flexible) {
  if (s) {
    WriteString(*s, flexible);
  } else if (flexible) {
    WriteUnsignedVarint(0);
  } else {
    WriteInt16(-1);
  }
}

void WireWriter::WriteBytes(std::string_view b, bool flexible) {
  if (!CheckLength(b.size(), std::numeric_limits<int32_t>::max() - 1, "bytes")) return;
  if (flexible) {
    WriteUnsignedVarint(static_cast<uint32_t>(b.size()) + 1);
  } else {
    WriteInt32(static_cast<int32_t>(b.size()));
  }
  out_.append(b);
}

void WireWriter::WriteNullableBytes(const std::optional<std::string>& b, bool flexible) {
  if (b) {
    WriteBytes(*b, flexible);
  } else if (flexible) {
    WriteUnsignedVarint(0);
  } else {
    WriteInt32(-1);
  }
}

void WireWriter::WriteNullableBytesByReference(const std::optional<std::string>& b, bool flexible) {
  if (!b || b->size() < kMinReferenceBytes) {
    WriteNullableBytes(b, flexible);
    return;
  }
  if (!CheckLength(b->size(), std::numeric_limits<int32_t>::max() - 1, "bytes")) return;
  if (flexible) {
    WriteUnsignedVarint(static_cast<uint32_t>(b->size()) + 1);
  } else {
    WriteInt32(static_cast<int32_t>(b->size()));
  }
  references_.push_back({out_.size(), *b});
  referenced_bytes_ += b->size();
}

void WireWriter::WriteExternalBytes(size_t n, bool flexible) {
  if (!CheckLength(n, std::numeric_limits<int32_t>::max() - 1, "bytes")) return;
  if (flexible) {
    WriteUnsignedVarint(static_cast<uint32_t>(n) + 1);
  } else {
    WriteInt32(static_cast<int32_t>(n));
  }
  references_.push_back({out_.size(), std::string_view(), n});
  referenced_bytes_ += n;
}

std::string WireWriter::Release() {
  if (references_.empty()) return std::move(out_);
  std::string whole;
  whole.reserve(size());
  size_t copied = 0;
  for (const Reference& r : references_) {
    whole.append(out_, copied, r.at - copied);
    whole.append(r.bytes);
    copied = r.at;
  }
  whole.append(out_, copied, std::string::npos);
  out_.clear();
  references_.clear();
  referenced_bytes_ = 0;
  return whole;
}

std::string WireWriter::ReleaseWithReferences(std::vector<Reference>* references) {
  *references = std::move(references_);
  references_.clear();
  referenced_bytes_ = 0;
  return std::move(out_);
}

void WireWriter::WriteArrayLength(int64_t n, bool flexible) {
  if (n < -1 || n >= std::numeric_limits<int32_t>::max()) {
    Fail("array length " + std::to_string(n) + " cannot be encoded");
    return;
  }
  if (flexible) {
    WriteUnsignedVarint(static_cast<uint32_t>(n + 1));
  } else {
    WriteInt32(static_cast<int32_t>(n));
  }
}

size_t WireWriter::ReserveInt32() {
  const size_t pos = out_.size();
  out_.append(4, '\0');
  return pos;
}

void WireWriter::PatchInt32(size_t pos, int32_t v) {
  StoreBE(reinterpret_cast<uint8_t*>(out_.data() + pos), v);
}

void WriteInt32Array(WireWriter& w, bool flexible, const std::vector<int32_t>& items) {
  WriteArray(w, flexible, items, [](WireWriter& out, int32_t v) { out.WriteInt32(v); });
}

void WriteStringArray(WireWriter& w, bool flexible, const std::vector<std::string>& items) {
  WriteArray(w, flexible, items,
             [flexible](WireWriter& out, const std::string& s) { out.WriteString(s, flexible); });
}

}  // namespace millrace::kafka
