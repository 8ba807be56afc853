#include "base/value.h"

#include <cmath>

#include "base/base64.h"

namespace millrace {

std::string_view Value::KindName(Kind kind) {
  switch (kind) {
    case Kind::kNull:
      return "null";
    case Kind::kBool:
      return "boolean";
    case Kind::kInt:
      return "integer";
    case Kind::kDouble:
      return "number";
    case Kind::kString:
      return "string";
    case Kind::kBytes:
      return "blob";
    case Kind::kTimestamp:
      return "timestamp";
    case Kind::kArray:
      return "list";
    case Kind::kObject:
      return "structure";
  }
  return "unknown";
}

Value& Value::Set(std::string key, Value value) {
  if (is_null()) v_ = Object{};
  Object& members = object();
  for (Member& m : members) {
    if (m.first == key) {
      m.second = std::move(value);
      return m.second;
    }
  }
  members.emplace_back(std::move(key), std::move(value));
  return members.back().second;
}

Value& Value::Append(Value value) {
  if (is_null()) v_ = Array{};
  Array& items = array();
  items.push_back(std::move(value));
  return items.back();
}

const Value* Value::Find(std::string_view key) const {
  if (!is_object()) return nullptr;
  for (const Member& m : object()) {
    if (m.first == key) return &m.second;
  }
  return nullptr;
}

bool Value::Has(std::string_view key) const {
  const Value* v = Find(key);
  return v != nullptr && !v->is_null();
}

namespace {
std::string_view Article(std::string_view noun) {
  return !noun.empty() && std::string_view("aeiou").find(noun[0]) != std::string_view::npos ? "an "
                                                                                            : "a ";
}
}  // namespace

Status Value::WrongKind(std::string_view what, std::string_view expected) const {
  std::string_view actual = KindName(kind());
  std::string m(what);
  m.append(" must be ").append(Article(expected)).append(expected);
  m.append(", got ").append(is_null() ? "" : Article(actual)).append(actual);
  return Status::InvalidArgument(std::move(m));
}

Result<bool> Value::AsBool(std::string_view what) const {
  if (kind() == Kind::kBool) return bool_value();
  return WrongKind(what, "boolean");
}

Result<int64_t> Value::AsInt64(std::string_view what) const {
  if (kind() == Kind::kInt) return int_value();
  if (kind() == Kind::kDouble) {
    double d = double_value();
    if (std::isfinite(d) && d == std::floor(d) && d >= -9.2233720368547758e18 &&
        d < 9.2233720368547758e18) {
      return static_cast<int64_t>(d);
    }
    return Status::InvalidArgument(std::string(what) + " must be an integer in the 64-bit range");
  }
  return WrongKind(what, "integer");
}

Result<double> Value::AsDouble(std::string_view what) const {
  if (kind() == Kind::kDouble) return double_value();
  if (kind() == Kind::kInt) return static_cast<double>(int_value());
  return WrongKind(what, "number");
}

Result<std::string> Value::AsString(std::string_view what) const {
  if (kind() == Kind::kString) return string_value();
  return WrongKind(what, "string");
}

Result<std::string> Value::AsBlob(std::string_view what) const {
  if (kind() == Kind::kBytes) return bytes_value();
  if (kind() == Kind::kString) {
    std::optional<std::string> decoded = base64::Decode(string_value());
    if (!decoded) return Status::InvalidArgument(std::string(what) + " is not valid base64");
    return std::move(*decoded);
  }
  return WrongKind(what, "blob");
}

Result<int64_t> Value::AsTimestampMillis(std::string_view what) const {
  if (kind() == Kind::kTimestamp) return timestamp_millis();
  if (kind() == Kind::kInt) {
    int64_t s = int_value();
    if (s > INT64_MAX / 1000 || s < INT64_MIN / 1000) {
      return Status::InvalidArgument(std::string(what) + " is out of range for a timestamp");
    }
    return s * 1000;
  }
  if (kind() == Kind::kDouble) {
    double ms = std::round(double_value() * 1000.0);
    if (!std::isfinite(ms) || ms >= 9.2233720368547758e18 || ms < -9.2233720368547758e18) {
      return Status::InvalidArgument(std::string(what) + " is out of range for a timestamp");
    }
    return static_cast<int64_t>(ms);
  }
  return WrongKind(what, "timestamp");
}

Result<const Value*> Value::Required(std::string_view key) const {
  const Value* v = Find(key);
  if (v == nullptr || v->is_null())
    return Status::InvalidArgument(std::string(key) + " is required");
  return v;
}

#define MR_VALUE_GETTER(Type, Name, As)                  \
  Result<Type> Value::Name(std::string_view key) const { \
    MR_ASSIGN_OR_RETURN(const Value* v, Required(key));  \
    return v->As(key);                                   \
  }
MR_VALUE_GETTER(bool, GetBool, AsBool)
MR_VALUE_GETTER(int64_t, GetInt64, AsInt64)
MR_VALUE_GETTER(double, GetDouble, AsDouble)
MR_VALUE_GETTER(std::string, GetString, AsString)
MR_VALUE_GETTER(std::string, GetBlob, AsBlob)
MR_VALUE_GETTER(int64_t, GetTimestampMillis, AsTimestampMillis)
#undef MR_VALUE_GETTER

Result<const Value::Array*> Value::GetArray(std::string_view key) const {
  MR_ASSIGN_OR_RETURN(const Value* v, Required(key));
  if (!v->is_array()) return v->WrongKind(key, "list");
  return &v->array();
}

Result<const Value*> Value::GetObject(std::string_view key) const {
  MR_ASSIGN_OR_RETURN(const Value* v, Required(key));
  if (!v->is_object()) return v->WrongKind(key, "structure");
  return v;
}

}  // namespace millrace
