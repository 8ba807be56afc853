// Value: one cell of a Parquet row, possibly nested. Values carry physical representations:
// STRING/BINARY/FIXED_LEN_BYTE_ARRAY are bytes, DATE is days (int32), TIMESTAMP is an int64 in
// the column's unit, DECIMAL is its unscaled integer (int32/int64) or big-endian bytes. The
// schema gives them meaning. A row is a struct Value with one child per top-level column.
// Plain value type; thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace millrace::parquet {

class Value {
 public:
  enum class Kind : uint8_t {
    kNull,
    kBool,
    kInt32,
    kInt64,
    kFloat,
    kDouble,
    kBytes,
    kList,
    kMap,
    kStruct,
  };

  Value() = default;  // null
  static Value Null() { return {}; }
  static Value Bool(bool v);
  static Value Int32(int32_t v);
  static Value Int64(int64_t v);
  static Value Float(float v);
  static Value Double(double v);
  static Value Bytes(std::string v);
  static Value List(std::vector<Value> items);
  static Value Struct(std::vector<Value> fields);
  static Value Map(std::vector<std::pair<Value, Value>> entries);

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }

  // REQUIRES: kind() matches the accessor.
  bool bool_value() const { return scalar_.b; }
  int32_t int32_value() const { return scalar_.i32; }
  int64_t int64_value() const { return scalar_.i64; }
  float float_value() const { return scalar_.f; }
  double double_value() const { return scalar_.d; }
  const std::string& bytes() const { return bytes_; }
  // List items or struct fields in schema order.
  const std::vector<Value>& children() const { return children_; }
  std::vector<Value>& mutable_children() { return children_; }
  // Map entries: REQUIRES kind() == kMap.
  size_t map_size() const { return children_.size() / 2; }
  const Value& map_key(size_t i) const { return children_[2 * i]; }
  const Value& map_value(size_t i) const { return children_[2 * i + 1]; }

  // Deep equality; floating-point values compare by bits, so NaN equals the same NaN.
  bool operator==(const Value& other) const;
  // A short JSON-like rendering for test failure messages.
  std::string ToString() const;

 private:
  Kind kind_ = Kind::kNull;
  union Scalar {
    bool b;
    int32_t i32;
    int64_t i64;
    float f;
    double d;
  } scalar_{.i64 = 0};
  std::string bytes_;
  std::vector<Value> children_;
};

}  // namespace millrace::parquet
