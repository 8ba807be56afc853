// Conversion of JSON leaf values to the physical values of a Parquet column, shared by the
// JSON record parser's flat (typed array) and nested (Value) paths: the output is a sink with
// Bool/Int32/Int64/Float/Double/Bytes/OwnedBytes, which ValueOut and FlatOut implement.
// Internal to json_record_parser.cc. Stateless; thread-safe.
#pragma once

#include <fmt/format.h>

#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "parquet/column_batch.h"
#include "parquet/decimal.h"
#include "parquet/json_time.h"
#include "parquet/schema.h"
#include "parquet/value.h"

namespace millrace::parquet::json_leaf {

// Where a converted leaf goes: a Value (inside structs, lists and maps) or the next row of a
// flat column. Both take the column's physical type, as the converter produces it.
struct ValueOut {
  Value* out;
  void Bool(bool v) { *out = Value::Bool(v); }
  void Int32(int32_t v) { *out = Value::Int32(v); }
  void Int64(int64_t v) { *out = Value::Int64(v); }
  void Float(float v) { *out = Value::Float(v); }
  void Double(double v) { *out = Value::Double(v); }
  void Bytes(std::string_view v) { *out = Value::Bytes(std::string(v)); }
  void OwnedBytes(std::string v) { *out = Value::Bytes(std::move(v)); }
};

struct FlatOut {
  FlatColumn* out;
  void Bool(bool v) { out->AppendBool(v); }
  void Int32(int32_t v) { out->AppendInt32(v); }
  void Int64(int64_t v) { out->AppendInt64(v); }
  void Float(float v) { out->AppendFloat(v); }
  void Double(double v) { out->AppendDouble(v); }
  void Bytes(std::string_view v) { out->AppendBytes(v); }
  void OwnedBytes(const std::string& v) { out->AppendBytes(v); }
};

template <typename Int>
std::optional<Int> ParseInteger(std::string_view s) {
  Int v{};
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

// Sets `*reason` and returns false.
inline bool Reject(std::string* reason, std::string text) {
  *reason = std::move(text);
  return false;
}

// Each converter hands one value of `node`'s physical type to `out`, or returns false with
// `*reason` set when the input does not fit the column.
template <typename Out>
bool IntegerLeaf(const SchemaNode& node, int64_t v, Out out, std::string* reason) {
  if (node.physical_type == PhysicalType::kInt64) {
    out.Int64(v);
    return true;
  }
  if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()) {
    return Reject(reason, fmt::format("{} does not fit a 32-bit integer column", v));
  }
  out.Int32(static_cast<int32_t>(v));
  return true;
}

template <typename Out>
bool DecimalLeaf(const SchemaNode& node, std::string_view text, Out out, std::string* reason) {
  auto unscaled = ParseDecimal(text, node.logical_type.precision, node.logical_type.scale);
  if (!unscaled.ok()) return Reject(reason, std::string(unscaled.status().message()));
  switch (node.physical_type) {
    case PhysicalType::kInt32:
      out.Int32(static_cast<int32_t>(*unscaled));
      return true;
    case PhysicalType::kInt64:
      out.Int64(static_cast<int64_t>(*unscaled));
      return true;
    default:
      out.OwnedBytes(
          DecimalToBigEndian(*unscaled, node.type_length > 0 ? node.type_length : 16));
      return true;
  }
}

// A leaf from JSON string text: strings as they are, numbers, booleans, dates and timestamps
// parsed from it.
template <typename Out>
bool TextLeaf(const SchemaNode& node, std::string_view text, Out out, std::string* reason) {
  const LogicalTypeInfo::Kind kind = node.logical_type.kind;
  if (kind == LogicalTypeInfo::Kind::kDecimal) return DecimalLeaf(node, text, out, reason);
  switch (node.physical_type) {
    case PhysicalType::kBoolean:
      if (text == "true" || text == "TRUE" || text == "True") {
        out.Bool(true);
      } else if (text == "false" || text == "FALSE" || text == "False") {
        out.Bool(false);
      } else {
        return Reject(reason, fmt::format("'{}' is not a boolean", text));
      }
      return true;
    case PhysicalType::kInt32:
      if (kind == LogicalTypeInfo::Kind::kDate) {
        auto days = ParseDate(text);
        if (!days) return Reject(reason, fmt::format("'{}' is not a date (yyyy-mm-dd)", text));
        out.Int32(*days);
        return true;
      }
      [[fallthrough]];
    case PhysicalType::kInt64: {
      if (kind == LogicalTypeInfo::Kind::kTimestamp) {
        auto at = ParseTimestamp(text, node.logical_type.unit);
        if (!at) return Reject(reason, fmt::format("'{}' is not a timestamp", text));
        out.Int64(*at);
        return true;
      }
      auto v = ParseInteger<int64_t>(text);
      if (!v) return Reject(reason, fmt::format("'{}' is not an integer", text));
      return IntegerLeaf(node, *v, out, reason);
    }
    case PhysicalType::kFloat:
    case PhysicalType::kDouble: {
      double d = 0;
      auto r = std::from_chars(text.data(), text.data() + text.size(), d);
      if (r.ec != std::errc() || r.ptr != text.data() + text.size()) {
        return Reject(reason, fmt::format("'{}' is not a number", text));
      }
      if (node.physical_type == PhysicalType::kFloat) {
        out.Float(static_cast<float>(d));
      } else {
        out.Double(d);
      }
      return true;
    }
    case PhysicalType::kByteArray:
      out.Bytes(text);
      return true;
    case PhysicalType::kFixedLenByteArray:
      if (static_cast<int32_t>(text.size()) != node.type_length) {
        return Reject(reason, fmt::format("expected {} bytes, got {}", node.type_length, text.size()));
      }
      out.Bytes(text);
      return true;
    case PhysicalType::kInt96:
      break;
  }
  return Reject(reason, "INT96 columns are not supported");
}

}  // namespace millrace::parquet::json_leaf
