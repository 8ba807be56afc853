// RandomData: random schemas (nested up to three levels) and rows that fit them, for property
// tests and the cross-reader file matrix. Strings are valid UTF-8, decimals stay within their
// precision and map keys are unique, so every reader can represent every value.
// Deterministic for a seed; not thread-safe.
#pragma once

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "parquet/decimal.h"
#include "parquet/schema.h"
#include "parquet/value.h"

namespace millrace::parquet::testing {

class RandomData {
 public:
  explicit RandomData(uint64_t seed) : rng_(seed) {}

  uint64_t Next(uint64_t n) { return rng_() % n; }
  bool Chance(int percent) { return static_cast<int>(Next(100)) < percent; }

  SchemaNode Node(int depth, const std::string& name) {
    Repetition r = Chance(50) ? Repetition::kOptional : Repetition::kRequired;
    int kinds = depth < 3 ? 16 : 13;
    switch (Next(kinds)) {
      case 0:
        return schema::Boolean(name, r);
      case 1:
        return schema::Int32(name, r);
      case 2:
        return schema::Int64(name, r);
      case 3:
        return schema::Float(name, r);
      case 4:
        return schema::Double(name, r);
      case 5:
        return schema::String(name, r);
      case 6:
        return schema::Binary(name, r);
      case 7:
        return schema::Date(name, r);
      case 8:
        return schema::TimestampMillis(name, r);
      case 9:
        return schema::TimestampMicros(name, r);
      case 10:
        return schema::Decimal(name, 1 + static_cast<int32_t>(Next(9)), 0, r);
      case 11:
        return schema::Decimal(name, 10 + static_cast<int32_t>(Next(9)), 3, r);
      case 12:
        return schema::Decimal(name, 19 + static_cast<int32_t>(Next(20)), 5, r);
      case 13: {
        std::vector<SchemaNode> fields;
        int n = 1 + static_cast<int>(Next(3));
        for (int i = 0; i < n; ++i)
          fields.push_back(Node(depth + 1, name + "_f" + std::to_string(i)));
        return schema::Struct(name, std::move(fields), r);
      }
      case 14:
        return schema::List(name, Node(depth + 1, "element"), r);
      default: {
        SchemaNode key = Chance(50) ? schema::String("key") : schema::Int64("key");
        return schema::Map(name, std::move(key), Node(depth + 1, "value"), r);
      }
    }
  }

  Value Leaf(const SchemaNode& n) {
    switch (n.physical_type) {
      case PhysicalType::kBoolean:
        return Value::Bool(Chance(50));
      case PhysicalType::kInt32: {
        if (n.logical_type.kind == LogicalTypeInfo::Kind::kDecimal) {
          int32_t limit = 1;
          for (int i = 0; i < n.logical_type.precision; ++i) limit *= 10;
          return Value::Int32(static_cast<int32_t>(Next(2 * static_cast<uint64_t>(limit) - 1)) -
                              (limit - 1));
        }
        if (n.logical_type.kind == LogicalTypeInfo::Kind::kDate) {
          return Value::Int32(static_cast<int32_t>(Next(2 << 20)) - (1 << 20));  // +-2870 years
        }
        return Value::Int32(Chance(30) ? static_cast<int32_t>(Next(5))
                                       : static_cast<int32_t>(rng_()));
      }
      case PhysicalType::kInt64:
        if (n.logical_type.kind == LogicalTypeInfo::Kind::kTimestamp) {
          // Within +-139 years in milliseconds, +-142 years in microseconds: every reader's range.
          int64_t span = n.logical_type.unit == TimeUnit::kMillis ? (1ll << 42) : (1ll << 52);
          return Value::Int64(static_cast<int64_t>(Next(2 * static_cast<uint64_t>(span))) - span);
        }
        return Value::Int64(Chance(30) ? static_cast<int64_t>(Next(5))
                                       : static_cast<int64_t>(rng_()));
      case PhysicalType::kFloat:
        return Value::Float(static_cast<float>(Dbl()));
      case PhysicalType::kDouble:
        return Value::Double(Dbl());
      case PhysicalType::kByteArray: {
        if (n.logical_type.kind == LogicalTypeInfo::Kind::kString) return Value::Bytes(Text());
        std::string s(Next(12), '\0');
        for (char& c : s) c = static_cast<char>(Chance(70) ? 'a' + Next(4) : Next(256));
        return Value::Bytes(s);
      }
      case PhysicalType::kFixedLenByteArray: {
        if (n.logical_type.kind == LogicalTypeInfo::Kind::kDecimal) {
          return Value::Bytes(
              DecimalToBigEndian(DecimalDigits(n.logical_type.precision), n.type_length));
        }
        std::string s(static_cast<size_t>(n.type_length), '\0');
        for (char& c : s) c = static_cast<char>(Next(256));
        return Value::Bytes(s);
      }
      case PhysicalType::kInt96:
        break;
    }
    return Value::Null();
  }

  // A value for a field (may be null when the field allows it).
  Value Field(const SchemaNode& n) {
    if (n.repetition == Repetition::kOptional && Chance(20)) return Value::Null();
    switch (n.shape) {
      case SchemaNode::Shape::kPrimitive:
        return Leaf(n);
      case SchemaNode::Shape::kStruct: {
        std::vector<Value> fields;
        for (const SchemaNode& c : n.children) fields.push_back(Field(c));
        return Value::Struct(std::move(fields));
      }
      case SchemaNode::Shape::kList: {
        std::vector<Value> items;
        for (int i = static_cast<int>(Next(5)); i > 0; --i) {
          items.push_back(Field(n.children[0].children[0]));
        }
        return Value::List(std::move(items));
      }
      case SchemaNode::Shape::kMap: {
        std::vector<std::pair<Value, Value>> entries;
        const SchemaNode& kv = n.children[0];
        for (int i = static_cast<int>(Next(4)); i > 0; --i) {
          Value key = Leaf(kv.children[0]);
          bool duplicate = false;
          for (const auto& entry : entries) duplicate = duplicate || entry.first == key;
          if (!duplicate) entries.emplace_back(std::move(key), Field(kv.children[1]));
        }
        return Value::Map(std::move(entries));
      }
    }
    return Value::Null();
  }

 private:
  // Valid UTF-8 mixing ASCII with two-, three- and four-byte characters.
  std::string Text() {
    static const char* const kPieces[] = {
        "a", "b", "c", "d", " ", "\"", "\\", "\n", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80"};
    std::string s;
    for (int i = static_cast<int>(Next(12)); i > 0; --i) s += kPieces[Next(11)];
    return s;
  }

  // An unscaled decimal of at most `precision` digits, sometimes using all of them.
  Int128 DecimalDigits(int32_t precision) {
    int32_t digits = Chance(30) ? precision : 1 + static_cast<int32_t>(Next(precision));
    Int128 v = 0;
    for (int32_t i = 0; i < digits; ++i) v = v * 10 + static_cast<int>(Next(10));
    return Chance(50) ? -v : v;
  }

  double Dbl() {
    switch (Next(12)) {
      case 0:
        return -0.0;
      case 1:
        return std::numeric_limits<double>::quiet_NaN();
      case 2:
        return -std::numeric_limits<double>::infinity();
      case 3:
        return std::numeric_limits<double>::denorm_min();
      case 4:
        return static_cast<double>(Next(3));
      default:
        return (static_cast<double>(rng_()) / 1e15) * (Chance(50) ? 1 : -1);
    }
  }

  std::mt19937_64 rng_;
};

}  // namespace millrace::parquet::testing
