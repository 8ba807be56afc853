#include "value_json.h"

#include <cinttypes>
#include <cmath>
#include <cstdio>

#include "parquet/decimal.h"

namespace millrace::parquet::testing {
namespace {

void AppendString(std::string_view s, std::string* out) {
  out->push_back('"');
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else if (u < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\u%04x", u);
      out->append(buf);
    } else {
      out->push_back(c);
    }
  }
  out->push_back('"');
}

void AppendHex(std::string_view s, std::string* out) {
  static const char kDigits[] = "0123456789abcdef";
  out->push_back('"');
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    out->push_back(kDigits[u >> 4]);
    out->push_back(kDigits[u & 15]);
  }
  out->push_back('"');
}

void AppendDouble(double d, std::string* out) {
  if (std::isnan(d)) {
    out->append("\"NaN\"");
  } else if (std::isinf(d)) {
    out->append(d > 0 ? "\"Infinity\"" : "\"-Infinity\"");
  } else {
    char buf[40];
    std::snprintf(buf, sizeof(buf), "%.17g", d);
    out->append(buf);
  }
}

bool IsDecimal(const SchemaNode& n) {
  return n.logical_type.kind == LogicalTypeInfo::Kind::kDecimal ||
         n.converted_type == ConvertedType::kDecimal;
}

bool IsString(const SchemaNode& n) {
  return n.logical_type.kind == LogicalTypeInfo::Kind::kString ||
         n.logical_type.kind == LogicalTypeInfo::Kind::kEnum ||
         n.logical_type.kind == LogicalTypeInfo::Kind::kJson ||
         n.converted_type == ConvertedType::kUtf8 || n.converted_type == ConvertedType::kEnum ||
         n.converted_type == ConvertedType::kJson;
}

const char* TimestampUnit(const SchemaNode& n) {
  if (n.logical_type.kind == LogicalTypeInfo::Kind::kTimestamp) {
    switch (n.logical_type.unit) {
      case TimeUnit::kMillis:
        return "ms";
      case TimeUnit::kMicros:
        return "us";
      case TimeUnit::kNanos:
        return "ns";
    }
  }
  if (n.converted_type == ConvertedType::kTimestampMillis) return "ms";
  if (n.converted_type == ConvertedType::kTimestampMicros) return "us";
  return nullptr;
}

// The element of a LIST node (3-level or legacy 2-level layout).
const SchemaNode& ListElement(const SchemaNode& n) {
  const SchemaNode& repeated = n.children[0];
  return n.list_element_is_child ? repeated.children[0] : repeated;
}

void AppendType(const SchemaNode& n, std::string* out) {
  switch (n.shape) {
    case SchemaNode::Shape::kList:
      out->append("{\"t\":\"list\",\"element\":");
      AppendType(ListElement(n), out);
      out->push_back('}');
      return;
    case SchemaNode::Shape::kMap:
      out->append("{\"t\":\"map\",\"key\":");
      AppendType(n.children[0].children[0], out);
      out->append(",\"value\":");
      AppendType(n.children[0].children[1], out);
      out->push_back('}');
      return;
    case SchemaNode::Shape::kStruct:
      out->append("{\"t\":\"struct\",\"fields\":[");
      for (size_t i = 0; i < n.children.size(); ++i) {
        if (i > 0) out->push_back(',');
        out->append("{\"name\":");
        AppendString(n.children[i].name, out);
        out->append(",\"type\":");
        AppendType(n.children[i], out);
        out->push_back('}');
      }
      out->append("]}");
      return;
    case SchemaNode::Shape::kPrimitive:
      break;
  }
  if (IsDecimal(n)) {
    out->append("{\"t\":\"decimal\",\"scale\":" + std::to_string(n.logical_type.scale) + "}");
    return;
  }
  if (const char* unit = TimestampUnit(n)) {
    out->append(std::string("{\"t\":\"ts\",\"unit\":\"") + unit + "\"}");
    return;
  }
  const char* t = "binary";
  switch (n.physical_type) {
    case PhysicalType::kBoolean:
      t = "bool";
      break;
    case PhysicalType::kInt32:
      t = (n.logical_type.kind == LogicalTypeInfo::Kind::kDate ||
           n.converted_type == ConvertedType::kDate)
              ? "date"
              : "int32";
      break;
    case PhysicalType::kInt64:
      t = "int64";
      break;
    case PhysicalType::kInt96:
      t = "int96";
      break;
    case PhysicalType::kFloat:
      t = "float";
      break;
    case PhysicalType::kDouble:
      t = "double";
      break;
    case PhysicalType::kByteArray:
    case PhysicalType::kFixedLenByteArray:
      t = IsString(n) ? "string" : "binary";
      break;
  }
  out->append(std::string("{\"t\":\"") + t + "\"}");
}

void AppendValue(const SchemaNode& n, const Value& v, std::string* out) {
  if (v.is_null()) {
    out->append("null");
    return;
  }
  switch (n.shape) {
    case SchemaNode::Shape::kList: {
      out->push_back('[');
      const SchemaNode& element = ListElement(n);
      for (size_t i = 0; i < v.children().size(); ++i) {
        if (i > 0) out->push_back(',');
        AppendValue(element, v.children()[i], out);
      }
      out->push_back(']');
      return;
    }
    case SchemaNode::Shape::kMap: {
      out->push_back('[');
      const SchemaNode& kv = n.children[0];
      for (size_t i = 0; i < v.map_size(); ++i) {
        if (i > 0) out->push_back(',');
        out->push_back('[');
        AppendValue(kv.children[0], v.map_key(i), out);
        out->push_back(',');
        AppendValue(kv.children[1], v.map_value(i), out);
        out->push_back(']');
      }
      out->push_back(']');
      return;
    }
    case SchemaNode::Shape::kStruct: {
      out->push_back('[');
      for (size_t i = 0; i < n.children.size(); ++i) {
        if (i > 0) out->push_back(',');
        AppendValue(n.children[i], v.children()[i], out);
      }
      out->push_back(']');
      return;
    }
    case SchemaNode::Shape::kPrimitive:
      break;
  }
  if (IsDecimal(n)) {
    Int128 unscaled = 0;
    if (v.kind() == Value::Kind::kInt32) unscaled = v.int32_value();
    if (v.kind() == Value::Kind::kInt64) unscaled = v.int64_value();
    if (v.kind() == Value::Kind::kBytes) unscaled = DecimalFromBigEndian(v.bytes());
    AppendString(DecimalToString(unscaled, n.logical_type.scale), out);
    return;
  }
  switch (v.kind()) {
    case Value::Kind::kBool:
      out->append(v.bool_value() ? "true" : "false");
      return;
    case Value::Kind::kInt32:
      AppendString(std::to_string(v.int32_value()), out);
      return;
    case Value::Kind::kInt64:
      AppendString(std::to_string(v.int64_value()), out);
      return;
    case Value::Kind::kFloat:
      AppendDouble(static_cast<double>(v.float_value()), out);
      return;
    case Value::Kind::kDouble:
      AppendDouble(v.double_value(), out);
      return;
    case Value::Kind::kBytes:
      if (IsString(n)) {
        AppendString(v.bytes(), out);
      } else {
        AppendHex(v.bytes(), out);
      }
      return;
    default:
      out->append("null");
      return;
  }
}

}  // namespace

std::string FileToJson(const Schema& schema, const std::vector<Value>& rows) {
  std::string out = "{\"columns\":[";
  const auto& columns = schema.columns();
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.append("{\"name\":");
    AppendString(columns[i].name, &out);
    out.append(",\"type\":");
    AppendType(columns[i], &out);
    out.push_back('}');
  }
  out.append("],\"rows\":[\n");
  for (size_t r = 0; r < rows.size(); ++r) {
    if (r > 0) out.append(",\n");
    out.push_back('[');
    for (size_t i = 0; i < columns.size(); ++i) {
      if (i > 0) out.push_back(',');
      AppendValue(columns[i], rows[r].children()[i], &out);
    }
    out.push_back(']');
  }
  out.append("\n]}\n");
  return out;
}

}  // namespace millrace::parquet::testing
