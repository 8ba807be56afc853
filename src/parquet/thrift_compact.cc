#include "parquet/thrift_compact.h"

#include <cstring>
#include <limits>

#include "base/endian.h"

namespace millrace::parquet {

namespace {

uint8_t TypeNibble(CompactType type) {
  return static_cast<uint8_t>(type);
}

Status Truncated() {
  return Status::Corruption("thrift compact: input ends inside a value");
}

}  // namespace

// ---- encoder ----

void CompactEncoder::PutVarint(uint64_t v) {
  millrace::PutUVarint(*out_, v);
}

void CompactEncoder::PutZigZag(int64_t v) {
  PutVarint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
}

void CompactEncoder::FieldHeader(int16_t id, CompactType type) {
  int32_t delta = static_cast<int32_t>(id) - last_field_id_;
  if (delta > 0 && delta <= 15) {
    out_->push_back(static_cast<char>((delta << 4) | TypeNibble(type)));
  } else {
    out_->push_back(static_cast<char>(TypeNibble(type)));
    PutZigZag(id);
  }
  last_field_id_ = id;
}

void CompactEncoder::FieldBool(int16_t id, bool value) {
  FieldHeader(id, value ? CompactType::kBoolTrue : CompactType::kBoolFalse);
}
void CompactEncoder::FieldI8(int16_t id, int8_t value) {
  FieldHeader(id, CompactType::kI8);
  out_->push_back(static_cast<char>(value));
}
void CompactEncoder::FieldI16(int16_t id, int16_t value) {
  FieldHeader(id, CompactType::kI16);
  PutZigZag(value);
}
void CompactEncoder::FieldI32(int16_t id, int32_t value) {
  FieldHeader(id, CompactType::kI32);
  PutZigZag(value);
}
void CompactEncoder::FieldI64(int16_t id, int64_t value) {
  FieldHeader(id, CompactType::kI64);
  PutZigZag(value);
}
void CompactEncoder::FieldDouble(int16_t id, double value) {
  FieldHeader(id, CompactType::kDouble);
  uint64_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  char buf[8];
  StoreLE(reinterpret_cast<uint8_t*>(buf), bits);
  out_->append(buf, 8);
}
void CompactEncoder::FieldBinary(int16_t id, std::string_view value) {
  FieldHeader(id, CompactType::kBinary);
  ElementBinary(value);
}
void CompactEncoder::FieldStructBegin(int16_t id) {
  FieldHeader(id, CompactType::kStruct);
  BeginStruct();
}
void CompactEncoder::FieldListBegin(int16_t id, CompactType element_type, uint32_t size) {
  FieldHeader(id, CompactType::kList);
  if (size < 15) {
    out_->push_back(static_cast<char>((size << 4) | TypeNibble(element_type)));
  } else {
    out_->push_back(static_cast<char>(0xF0 | TypeNibble(element_type)));
    PutVarint(size);
  }
}

void CompactEncoder::ElementI32(int32_t value) {
  PutZigZag(value);
}
void CompactEncoder::ElementI64(int64_t value) {
  PutZigZag(value);
}
void CompactEncoder::ElementBinary(std::string_view value) {
  PutVarint(value.size());
  out_->append(value.data(), value.size());
}
void CompactEncoder::ElementBool(bool value) {
  out_->push_back(value ? 1 : 2);
}
void CompactEncoder::ElementStructBegin() {
  BeginStruct();
}

void CompactEncoder::BeginStruct() {
  last_field_id_stack_.push_back(last_field_id_);
  last_field_id_ = 0;
}

void CompactEncoder::EndStruct() {
  out_->push_back(0);
  last_field_id_ = last_field_id_stack_.back();
  last_field_id_stack_.pop_back();
}

// ---- decoder ----

Status CompactDecoder::ReadVarint(uint64_t* v) {
  if (!GetUVarint(&p_, end_, v)) return Status::Corruption("thrift compact: bad varint");
  return Status::Ok();
}

Status CompactDecoder::ReadZigZag(int64_t* v) {
  uint64_t u;
  MR_RETURN_IF_ERROR(ReadVarint(&u));
  *v = static_cast<int64_t>(u >> 1) ^ -static_cast<int64_t>(u & 1);
  return Status::Ok();
}

Status CompactDecoder::BeginStruct() {
  if (last_field_id_stack_.size() >= kMaxDepth) {
    return Status::Corruption("thrift compact: structs nested too deeply");
  }
  last_field_id_stack_.push_back(last_field_id_);
  last_field_id_ = 0;
  return Status::Ok();
}

void CompactDecoder::EndStruct() {
  last_field_id_ = last_field_id_stack_.back();
  last_field_id_stack_.pop_back();
}

Status CompactDecoder::ReadFieldHeader(CompactFieldHeader* header) {
  if (p_ >= end_) return Truncated();
  uint8_t byte = *p_++;
  uint8_t type = byte & 0x0F;
  if (type == 0) {
    header->type = CompactType::kStop;
    header->id = 0;
    return Status::Ok();
  }
  if (type > static_cast<uint8_t>(CompactType::kStruct)) {
    return Status::Corruption("thrift compact: unknown field type " + std::to_string(type));
  }
  uint8_t delta = byte >> 4;
  int32_t id;
  if (delta != 0) {
    id = last_field_id_ + delta;
  } else {
    int64_t zz;
    MR_RETURN_IF_ERROR(ReadZigZag(&zz));
    id = static_cast<int32_t>(zz);
  }
  if (id <= 0 || id > std::numeric_limits<int16_t>::max()) {
    return Status::Corruption("thrift compact: bad field id " + std::to_string(id));
  }
  header->id = static_cast<int16_t>(id);
  header->type = static_cast<CompactType>(type);
  last_field_id_ = header->id;
  return Status::Ok();
}

Status CompactDecoder::ExpectType(const CompactFieldHeader& header, CompactType type) {
  CompactType got = header.type;
  if (got == CompactType::kBoolFalse) got = CompactType::kBoolTrue;
  if (type == CompactType::kBoolFalse) type = CompactType::kBoolTrue;
  if (got != type) {
    return Status::Corruption("thrift compact: field " + std::to_string(header.id) + " has type " +
                              std::to_string(static_cast<int>(header.type)) + ", expected " +
                              std::to_string(static_cast<int>(type)));
  }
  return Status::Ok();
}

Status CompactDecoder::ReadBool(const CompactFieldHeader& header, bool* value) {
  MR_RETURN_IF_ERROR(ExpectType(header, CompactType::kBoolTrue));
  *value = header.type == CompactType::kBoolTrue;
  return Status::Ok();
}

Status CompactDecoder::ReadI8(const CompactFieldHeader& header, int8_t* value) {
  MR_RETURN_IF_ERROR(ExpectType(header, CompactType::kI8));
  if (p_ >= end_) return Truncated();
  *value = static_cast<int8_t>(*p_++);
  return Status::Ok();
}

Status CompactDecoder::ReadI16(const CompactFieldHeader& header, int16_t* value) {
  MR_RETURN_IF_ERROR(ExpectType(header, CompactType::kI16));
  int64_t v;
  MR_RETURN_IF_ERROR(ReadZigZag(&v));
  if (v < std::numeric_limits<int16_t>::min() || v > std::numeric_limits<int16_t>::max()) {
    return Status::Corruption("thrift compact: i16 out of range");
  }
  *value = static_cast<int16_t>(v);
  return Status::Ok();
}

Status CompactDecoder::ReadI32(const CompactFieldHeader& header, int32_t* value) {
  MR_RETURN_IF_ERROR(ExpectType(header, CompactType::kI32));
  return ReadI32Element(value);
}

Status CompactDecoder::ReadI64(const CompactFieldHeader& header, int64_t* value) {
  MR_RETURN_IF_ERROR(ExpectType(header, CompactType::kI64));
  return ReadI64Element(value);
}

Status CompactDecoder::ReadDouble(const CompactFieldHeader& header, double* value) {
  MR_RETURN_IF_ERROR(ExpectType(header, CompactType::kDouble));
  if (end_ - p_ < 8) return Truncated();
  uint64_t bits = LoadLE<uint64_t>(p_);
  p_ += 8;
  std::memcpy(value, &bits, sizeof(bits));
  return Status::Ok();
}

Status CompactDecoder::ReadBinary(const CompactFieldHeader& header, std::string* value) {
  MR_RETURN_IF_ERROR(ExpectType(header, CompactType::kBinary));
  return ReadBinaryElement(value);
}

Status CompactDecoder::ExpectStruct(const CompactFieldHeader& header) {
  return ExpectType(header, CompactType::kStruct);
}

Status CompactDecoder::ReadListHeader(const CompactFieldHeader& header, CompactType* element_type,
                                      uint32_t* size) {
  MR_RETURN_IF_ERROR(ExpectType(header, CompactType::kList));
  if (p_ >= end_) return Truncated();
  uint8_t byte = *p_++;
  uint64_t n = byte >> 4;
  if (n == 15) MR_RETURN_IF_ERROR(ReadVarint(&n));
  uint8_t type = byte & 0x0F;
  if (type == 0 || type > static_cast<uint8_t>(CompactType::kStruct)) {
    return Status::Corruption("thrift compact: bad list element type");
  }
  // Every element takes at least one byte, so a larger count cannot be genuine.
  if (n > static_cast<uint64_t>(end_ - p_)) {
    return Status::Corruption("thrift compact: list size exceeds the input");
  }
  *element_type = static_cast<CompactType>(type);
  *size = static_cast<uint32_t>(n);
  return Status::Ok();
}

Status CompactDecoder::ReadI32Element(int32_t* value) {
  int64_t v;
  MR_RETURN_IF_ERROR(ReadZigZag(&v));
  if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()) {
    return Status::Corruption("thrift compact: i32 out of range");
  }
  *value = static_cast<int32_t>(v);
  return Status::Ok();
}

Status CompactDecoder::ReadI64Element(int64_t* value) {
  return ReadZigZag(value);
}

Status CompactDecoder::ReadBinaryElement(std::string* value) {
  uint64_t n;
  MR_RETURN_IF_ERROR(ReadVarint(&n));
  if (n > static_cast<uint64_t>(end_ - p_)) return Truncated();
  value->assign(reinterpret_cast<const char*>(p_), n);
  p_ += n;
  return Status::Ok();
}

Status CompactDecoder::ReadBoolElement(bool* value) {
  if (p_ >= end_) return Truncated();
  uint8_t byte = *p_++;
  // The spec says 1 = true and 2 = false; some writers use 0 for false.
  if (byte > 2) return Status::Corruption("thrift compact: bad bool element");
  *value = byte == 1;
  return Status::Ok();
}

Status CompactDecoder::Skip(CompactType type) {
  return SkipDepth(type, 0);
}

Status CompactDecoder::SkipDepth(CompactType type, int depth) {
  if (depth > kMaxDepth) return Status::Corruption("thrift compact: values nested too deeply");
  uint64_t u;
  switch (type) {
    case CompactType::kBoolTrue:
    case CompactType::kBoolFalse:
      return Status::Ok();  // a struct field's bool lives in its header
    case CompactType::kI8:
      if (p_ >= end_) return Truncated();
      ++p_;
      return Status::Ok();
    case CompactType::kI16:
    case CompactType::kI32:
    case CompactType::kI64:
      return ReadVarint(&u);
    case CompactType::kDouble:
      if (end_ - p_ < 8) return Truncated();
      p_ += 8;
      return Status::Ok();
    case CompactType::kBinary:
      MR_RETURN_IF_ERROR(ReadVarint(&u));
      if (u > static_cast<uint64_t>(end_ - p_)) return Truncated();
      p_ += u;
      return Status::Ok();
    case CompactType::kList:
    case CompactType::kSet: {
      CompactType element_type;
      uint32_t size;
      CompactFieldHeader fake{1, CompactType::kList};
      MR_RETURN_IF_ERROR(ReadListHeader(fake, &element_type, &size));
      for (uint32_t i = 0; i < size; ++i) {
        if (element_type == CompactType::kBoolTrue || element_type == CompactType::kBoolFalse) {
          bool b;
          MR_RETURN_IF_ERROR(ReadBoolElement(&b));
        } else {
          MR_RETURN_IF_ERROR(SkipDepth(element_type, depth + 1));
        }
      }
      return Status::Ok();
    }
    case CompactType::kMap: {
      MR_RETURN_IF_ERROR(ReadVarint(&u));
      if (u == 0) return Status::Ok();
      if (u > static_cast<uint64_t>(end_ - p_)) return Truncated();
      if (p_ >= end_) return Truncated();
      uint8_t types = *p_++;
      auto key_type = static_cast<CompactType>(types >> 4);
      auto value_type = static_cast<CompactType>(types & 0x0F);
      if (types >> 4 == 0 || (types & 0x0F) == 0 || (types >> 4) > 12 || (types & 0x0F) > 12) {
        return Status::Corruption("thrift compact: bad map types");
      }
      for (uint64_t i = 0; i < u; ++i) {
        for (CompactType t : {key_type, value_type}) {
          if (t == CompactType::kBoolTrue || t == CompactType::kBoolFalse) {
            bool b;
            MR_RETURN_IF_ERROR(ReadBoolElement(&b));
          } else {
            MR_RETURN_IF_ERROR(SkipDepth(t, depth + 1));
          }
        }
      }
      return Status::Ok();
    }
    case CompactType::kStruct: {
      MR_RETURN_IF_ERROR(BeginStruct());
      while (true) {
        CompactFieldHeader h;
        MR_RETURN_IF_ERROR(ReadFieldHeader(&h));
        if (h.type == CompactType::kStop) break;
        MR_RETURN_IF_ERROR(SkipDepth(h.type, depth + 1));
      }
      EndStruct();
      return Status::Ok();
    }
    case CompactType::kStop:
      break;
  }
  return Status::Corruption("thrift compact: cannot skip type " +
                            std::to_string(static_cast<int>(type)));
}

}  // namespace millrace::parquet
