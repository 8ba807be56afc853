// The Thrift compact protocol, as much of it as Parquet metadata needs: an encoder that appends to
// a string and a bounds-checked decoder over a byte range. Neither allocates beyond what the
// values need; neither is thread-safe (one instance per message).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace millrace::parquet {

// Compact protocol type ids, as they appear in field and list headers.
enum class CompactType : uint8_t {
  kStop = 0,
  kBoolTrue = 1,  // in a list header: the element type BOOL
  kBoolFalse = 2,
  kI8 = 3,
  kI16 = 4,
  kI32 = 5,
  kI64 = 6,
  kDouble = 7,
  kBinary = 8,
  kList = 9,
  kSet = 10,
  kMap = 11,
  kStruct = 12,
};

// Appends compact-protocol bytes to `*out`, which must outlive the encoder. Fields must be
// written in increasing id order within a struct only for the short delta form; any order is
// valid output. Every Begin* is closed by the matching End*.
class CompactEncoder {
 public:
  explicit CompactEncoder(std::string* out) : out_(out) {}

  void FieldBool(int16_t id, bool value);
  void FieldI8(int16_t id, int8_t value);
  void FieldI16(int16_t id, int16_t value);
  void FieldI32(int16_t id, int32_t value);
  void FieldI64(int16_t id, int64_t value);
  void FieldDouble(int16_t id, double value);
  void FieldBinary(int16_t id, std::string_view value);
  // Opens a nested struct field; close with EndStruct().
  void FieldStructBegin(int16_t id);
  // Opens a list field of `size` elements of `element_type`; the caller then writes exactly
  // `size` elements with the Element* calls (or ElementStructBegin/EndStruct).
  void FieldListBegin(int16_t id, CompactType element_type, uint32_t size);

  void ElementI32(int32_t value);
  void ElementI64(int64_t value);
  void ElementBinary(std::string_view value);
  void ElementBool(bool value);
  void ElementStructBegin();

  // Starts the outermost struct of a message (no field header).
  void BeginStruct();
  // Writes the stop byte of the innermost open struct.
  void EndStruct();

 private:
  void FieldHeader(int16_t id, CompactType type);
  void PutVarint(uint64_t v);
  void PutZigZag(int64_t v);

  std::string* out_;
  std::vector<int16_t> last_field_id_stack_;
  int16_t last_field_id_ = 0;
};

// Header of one struct field as read. For booleans the value travels in the type.
struct CompactFieldHeader {
  int16_t id = 0;
  CompactType type = CompactType::kStop;
};

// Reads compact-protocol values from [data, data + size), which must outlive the decoder. Every
// read checks bounds and returns Corruption on truncated or malformed input, never reading
// outside the range. Nesting deeper than kMaxDepth is rejected.
class CompactDecoder {
 public:
  static constexpr int kMaxDepth = 64;

  CompactDecoder(const uint8_t* data, size_t size) : p_(data), begin_(data), end_(data + size) {}

  // Enters a struct: the next ReadFieldHeader calls return its fields.
  Status BeginStruct();
  // Leaves the struct entered last. REQUIRES: ReadFieldHeader returned kStop for it.
  void EndStruct();
  // Reads the next field header of the current struct; type kStop means the struct ended.
  Status ReadFieldHeader(CompactFieldHeader* header);

  // Typed reads of a field's value; `header` is checked to carry the expected type.
  Status ReadBool(const CompactFieldHeader& header, bool* value);
  Status ReadI8(const CompactFieldHeader& header, int8_t* value);
  Status ReadI16(const CompactFieldHeader& header, int16_t* value);
  Status ReadI32(const CompactFieldHeader& header, int32_t* value);
  Status ReadI64(const CompactFieldHeader& header, int64_t* value);
  Status ReadDouble(const CompactFieldHeader& header, double* value);
  Status ReadBinary(const CompactFieldHeader& header, std::string* value);
  // Checks that the field is a struct; the caller then calls BeginStruct().
  Status ExpectStruct(const CompactFieldHeader& header);
  // Checks that the field is a list and reads its header. `size` is at most the bytes left.
  Status ReadListHeader(const CompactFieldHeader& header, CompactType* element_type,
                        uint32_t* size);

  // Element reads inside a list.
  Status ReadI32Element(int32_t* value);
  Status ReadI64Element(int64_t* value);
  Status ReadBinaryElement(std::string* value);
  Status ReadBoolElement(bool* value);

  // Skips one value of `type` (nested structs, lists, maps included).
  Status Skip(CompactType type);

  size_t position() const { return static_cast<size_t>(p_ - begin_); }

 private:
  Status ReadVarint(uint64_t* v);
  Status ReadZigZag(int64_t* v);
  Status ExpectType(const CompactFieldHeader& header, CompactType type);
  Status SkipDepth(CompactType type, int depth);

  const uint8_t* p_;
  const uint8_t* begin_;
  const uint8_t* end_;
  std::vector<int16_t> last_field_id_stack_;
  int16_t last_field_id_ = 0;
};

}  // namespace millrace::parquet
