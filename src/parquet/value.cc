#include "parquet/value.h"

#include <fmt/format.h>

#include <cstring>

namespace millrace::parquet {

Value Value::Bool(bool v) {
  Value x;
  x.kind_ = Kind::kBool;
  x.scalar_.i64 = 0;
  x.scalar_.b = v;
  return x;
}
Value Value::Int32(int32_t v) {
  Value x;
  x.kind_ = Kind::kInt32;
  x.scalar_.i64 = 0;
  x.scalar_.i32 = v;
  return x;
}
Value Value::Int64(int64_t v) {
  Value x;
  x.kind_ = Kind::kInt64;
  x.scalar_.i64 = v;
  return x;
}
Value Value::Float(float v) {
  Value x;
  x.kind_ = Kind::kFloat;
  x.scalar_.i64 = 0;
  x.scalar_.f = v;
  return x;
}
Value Value::Double(double v) {
  Value x;
  x.kind_ = Kind::kDouble;
  x.scalar_.d = v;
  return x;
}
Value Value::Bytes(std::string v) {
  Value x;
  x.kind_ = Kind::kBytes;
  x.bytes_ = std::move(v);
  return x;
}
Value Value::List(std::vector<Value> items) {
  Value x;
  x.kind_ = Kind::kList;
  x.children_ = std::move(items);
  return x;
}
Value Value::Struct(std::vector<Value> fields) {
  Value x;
  x.kind_ = Kind::kStruct;
  x.children_ = std::move(fields);
  return x;
}
Value Value::Map(std::vector<std::pair<Value, Value>> entries) {
  Value x;
  x.kind_ = Kind::kMap;
  x.children_.reserve(entries.size() * 2);
  for (auto& [k, v] : entries) {
    x.children_.push_back(std::move(k));
    x.children_.push_back(std::move(v));
  }
  return x;
}

bool Value::operator==(const Value& other) const {
  if (kind_ != other.kind_) return false;
  switch (kind_) {
    case Kind::kNull:
      return true;
    case Kind::kBool:
      return scalar_.b == other.scalar_.b;
    case Kind::kInt32:
      return scalar_.i32 == other.scalar_.i32;
    case Kind::kInt64:
      return scalar_.i64 == other.scalar_.i64;
    case Kind::kFloat:
      return std::memcmp(&scalar_.f, &other.scalar_.f, sizeof(float)) == 0;
    case Kind::kDouble:
      return std::memcmp(&scalar_.d, &other.scalar_.d, sizeof(double)) == 0;
    case Kind::kBytes:
      return bytes_ == other.bytes_;
    case Kind::kList:
    case Kind::kMap:
    case Kind::kStruct:
      return children_ == other.children_;
  }
  return false;
}

std::string Value::ToString() const {
  switch (kind_) {
    case Kind::kNull:
      return "null";
    case Kind::kBool:
      return scalar_.b ? "true" : "false";
    case Kind::kInt32:
      return std::to_string(scalar_.i32);
    case Kind::kInt64:
      return std::to_string(scalar_.i64) + "L";
    case Kind::kFloat:
      return fmt::format("{}f", scalar_.f);
    case Kind::kDouble:
      return fmt::format("{}", scalar_.d);
    case Kind::kBytes: {
      std::string out = "\"";
      for (unsigned char c : bytes_) {
        if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
          out.push_back(static_cast<char>(c));
        } else {
          out += fmt::format("\\x{:02x}", c);
        }
      }
      return out + "\"";
    }
    case Kind::kList:
    case Kind::kStruct: {
      std::string out = kind_ == Kind::kList ? "[" : "{";
      for (size_t i = 0; i < children_.size(); ++i) {
        if (i) out += ", ";
        out += children_[i].ToString();
      }
      return out + (kind_ == Kind::kList ? "]" : "}");
    }
    case Kind::kMap: {
      std::string out = "map{";
      for (size_t i = 0; i < map_size(); ++i) {
        if (i) out += ", ";
        out += map_key(i).ToString() + ": " + map_value(i).ToString();
      }
      return out + "}";
    }
  }
  return "?";
}

}  // namespace millrace::parquet
