// Value: a small dynamic document for AWS request and response bodies, neutral to the wire
// encoding (JSON today, CBOR later map onto it one to one).
//
// Kinds: null, bool, int64, double, string, bytes (a blob), timestamp (epoch milliseconds), array,
// object (keys keep insertion order; lookup by key). Typed accessors return Result with a message
// that names the field, so handlers can turn them into ValidationException/SerializationException.
// A Value is a plain value type: thread-compatible, cheap to move.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "base/status.h"

namespace millrace {

class Value {
 public:
  enum class Kind : uint8_t {
    kNull,
    kBool,
    kInt,
    kDouble,
    kString,
    kBytes,
    kTimestamp,
    kArray,
    kObject
  };
  using Array = std::vector<Value>;
  using Member = std::pair<std::string, Value>;
  using Object = std::vector<Member>;

  Value() = default;
  Value(std::nullptr_t) {}                           // NOLINT
  Value(bool b) : v_(b) {}                           // NOLINT
  Value(int v) : v_(int64_t{v}) {}                   // NOLINT
  Value(int64_t v) : v_(v) {}                        // NOLINT
  Value(uint32_t v) : v_(int64_t{v}) {}              // NOLINT
  Value(double v) : v_(v) {}                         // NOLINT
  Value(std::string s) : v_(std::move(s)) {}         // NOLINT
  Value(std::string_view s) : v_(std::string(s)) {}  // NOLINT
  Value(const char* s) : v_(std::string(s)) {}       // NOLINT
  Value(Array a) : v_(std::move(a)) {}               // NOLINT

  static Value Bytes(std::string bytes) {
    Value v;
    v.v_ = BytesRep{std::move(bytes)};
    return v;
  }
  static Value Timestamp(int64_t epoch_millis) {
    Value v;
    v.v_ = TimestampRep{epoch_millis};
    return v;
  }
  static Value MakeObject() {
    Value v;
    v.v_ = Object{};
    return v;
  }
  static Value MakeArray() {
    Value v;
    v.v_ = Array{};
    return v;
  }

  Kind kind() const { return static_cast<Kind>(v_.index()); }
  bool is_null() const { return kind() == Kind::kNull; }
  bool is_object() const { return kind() == Kind::kObject; }
  bool is_array() const { return kind() == Kind::kArray; }
  // "null", "boolean", "integer", "number", "string", "blob", "timestamp", "list", "structure".
  static std::string_view KindName(Kind kind);

  // Unchecked views. REQUIRES: kind() matches.
  bool bool_value() const { return std::get<bool>(v_); }
  int64_t int_value() const { return std::get<int64_t>(v_); }
  double double_value() const { return std::get<double>(v_); }
  const std::string& string_value() const { return std::get<std::string>(v_); }
  const std::string& bytes_value() const { return std::get<BytesRep>(v_).data; }
  int64_t timestamp_millis() const { return std::get<TimestampRep>(v_).millis; }
  const Array& array() const { return std::get<Array>(v_); }
  Array& array() { return std::get<Array>(v_); }
  const Object& object() const { return std::get<Object>(v_); }
  Object& object() { return std::get<Object>(v_); }

  // Object building. REQUIRES: is_object() (a null Value becomes an empty object first).
  // Set replaces an existing key in place, otherwise appends.
  Value& Set(std::string key, Value value);
  // Array building. REQUIRES: is_array() (a null Value becomes an empty array first).
  Value& Append(Value value);

  // The member named `key`, or nullptr if this is not an object or has no such key.
  const Value* Find(std::string_view key) const;
  // True if `key` is present and not null.
  bool Has(std::string_view key) const;

  // Conversions; `what` names the field in error messages (InvalidArgument).
  Result<bool> AsBool(std::string_view what) const;
  Result<int64_t> AsInt64(std::string_view what) const;  // accepts integral doubles
  Result<double> AsDouble(std::string_view what) const;  // accepts integers
  Result<std::string> AsString(std::string_view what) const;
  Result<std::string> AsBlob(std::string_view what) const;         // bytes, or a base64 string
  Result<int64_t> AsTimestampMillis(std::string_view what) const;  // timestamp, or epoch seconds

  // Required object members: missing or null -> "<key> is required"; wrong kind -> names both.
  Result<bool> GetBool(std::string_view key) const;
  Result<int64_t> GetInt64(std::string_view key) const;
  Result<double> GetDouble(std::string_view key) const;
  Result<std::string> GetString(std::string_view key) const;
  Result<std::string> GetBlob(std::string_view key) const;
  Result<int64_t> GetTimestampMillis(std::string_view key) const;
  Result<const Array*> GetArray(std::string_view key) const;
  Result<const Value*> GetObject(std::string_view key) const;

  bool operator==(const Value& other) const { return v_ == other.v_; }

 private:
  struct BytesRep {
    std::string data;
    bool operator==(const BytesRep&) const = default;
  };
  struct TimestampRep {
    int64_t millis;
    bool operator==(const TimestampRep&) const = default;
  };
  Result<const Value*> Required(std::string_view key) const;
  Status WrongKind(std::string_view what, std::string_view expected) const;

  std::variant<std::monostate, bool, int64_t, double, std::string, BytesRep, TimestampRep, Array,
               Object>
      v_;
};

}  // namespace millrace
