#include "parquet/json_record_parser.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <unordered_map>

#include "parquet/decimal.h"
#include "parquet/json_time.h"

namespace millrace::parquet {

namespace dom = simdjson::dom;

std::string RecordError::ToString() const {
  if (column.empty()) return fmt::format("record {}: {}", record, reason);
  return fmt::format("record {}: column '{}': {}", record, column, reason);
}

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Field positions of one struct-shaped node, keyed by lower-case name.
using FieldIndex = std::unordered_map<std::string, size_t>;

FieldIndex IndexFields(const std::vector<SchemaNode>& fields) {
  FieldIndex index;
  for (size_t i = 0; i < fields.size(); ++i) index.emplace(Lower(fields[i].name), i);
  return index;
}

const char* TypeName(dom::element_type t) {
  switch (t) {
    case dom::element_type::ARRAY:
      return "an array";
    case dom::element_type::OBJECT:
      return "an object";
    case dom::element_type::INT64:
    case dom::element_type::UINT64:
      return "an integer";
    case dom::element_type::DOUBLE:
      return "a number";
    case dom::element_type::STRING:
      return "a string";
    case dom::element_type::BOOL:
      return "a boolean";
    case dom::element_type::NULL_VALUE:
      return "null";
  }
  return "a value";
}

// A JSON number's text without float rounding surprises: integers exactly, doubles shortest.
std::string NumberText(dom::element e) {
  char buf[64];
  std::to_chars_result r{};
  if (e.is_int64()) {
    r = std::to_chars(buf, buf + sizeof(buf), int64_t(e.get_int64()));
  } else if (e.is_uint64()) {
    r = std::to_chars(buf, buf + sizeof(buf), uint64_t(e.get_uint64()));
  } else {
    r = std::to_chars(buf, buf + sizeof(buf), double(e.get_double()));
  }
  return std::string(buf, r.ptr);
}

template <typename Int>
std::optional<Int> ParseInteger(std::string_view s) {
  Int v{};
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

// Turns one parsed JSON record into one Value per top-level column. Holds the case-insensitive
// field indexes of every struct in the schema. Not thread-safe.
class JsonRecordParser::Impl {
 public:
  explicit Impl(const Schema& schema) : schema_(schema) { Index(schema_.root()); }

  // Parses the line at `line` (REQUIRES: SIMDJSON_PADDING readable bytes after it) into
  // `*row` (one entry per column). On a bad record returns false with `*error` filled in.
  bool Parse(const char* line, size_t length, std::vector<Value>* row, RecordError* error) {
    dom::element doc;
    auto parsed = parser_.parse(reinterpret_cast<const uint8_t*>(line), length, false);
    if (parsed.error()) {
      error->reason = std::string("invalid JSON: ") + simdjson::error_message(parsed.error());
      return false;
    }
    doc = parsed.value_unsafe();
    if (!doc.is_object()) {
      error->reason = std::string("a record must be a JSON object, not ") + TypeName(doc.type());
      return false;
    }
    row->assign(schema_.columns().size(), Value::Null());
    path_.clear();
    return Struct(schema_.root(), dom::object(doc), row, error);
  }

 private:
  static constexpr size_t kNoField = SIZE_MAX;

  // A struct's fields by lower-case name, and for the n-th key of the last object seen, the
  // field it matched: records of one stream usually list their keys in the same order.
  struct StructFields {
    FieldIndex by_name;
    std::vector<size_t> by_ordinal;
  };

  void Index(const SchemaNode& node) {
    if (node.shape == SchemaNode::Shape::kStruct) {
      structs_.emplace(&node, StructFields{IndexFields(node.children), {}});
    }
    for (const SchemaNode& child : node.children) Index(child);
  }

  static bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      char x = a[i], y = b[i];
      if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
      if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
      if (x != y) return false;
    }
    return true;
  }

  // The position of the field `key` names, or kNoField.
  size_t Lookup(const SchemaNode& node, StructFields* info, size_t ordinal, std::string_view key) {
    if (ordinal < info->by_ordinal.size()) {
      size_t hint = info->by_ordinal[ordinal];
      if (hint != kNoField && EqualsIgnoringCase(key, node.children[hint].name)) return hint;
    } else {
      info->by_ordinal.resize(ordinal + 1, kNoField);
    }
    auto it = info->by_name.find(Lower(key));
    size_t position = it == info->by_name.end() ? kNoField : it->second;
    info->by_ordinal[ordinal] = position;
    return position;
  }

  bool Fail(RecordError* error, std::string reason) {
    std::string column;
    for (const std::string& part : path_) {
      if (!column.empty()) column += '.';
      column += part;
    }
    error->column = std::move(column);
    error->reason = std::move(reason);
    return false;
  }

  bool Struct(const SchemaNode& node, dom::object object, std::vector<Value>* fields,
              RecordError* error) {
    StructFields& info = structs_.at(&node);
    size_t ordinal = 0;
    for (auto [key, value] : object) {
      size_t position = Lookup(node, &info, ordinal++, key);
      if (position == kNoField) continue;  // attributes outside the schema are dropped
      const SchemaNode& field = node.children[position];
      path_.push_back(field.name);
      if (!Field(field, value, &(*fields)[position], error)) return false;
      path_.pop_back();
    }
    for (size_t i = 0; i < node.children.size(); ++i) {
      if ((*fields)[i].is_null() && node.children[i].repetition == Repetition::kRequired) {
        path_.push_back(node.children[i].name);
        return Fail(error, "required field is missing or null");
      }
    }
    return true;
  }

  bool Field(const SchemaNode& node, dom::element e, Value* out, RecordError* error) {
    if (e.is_null()) {
      *out = Value::Null();
      return true;  // required fields are checked by the enclosing struct
    }
    switch (node.shape) {
      case SchemaNode::Shape::kStruct: {
        if (!e.is_object()) return Mismatch("an object", e, error);
        std::vector<Value> fields(node.children.size());
        if (!Struct(node, dom::object(e), &fields, error)) return false;
        *out = Value::Struct(std::move(fields));
        return true;
      }
      case SchemaNode::Shape::kList: {
        if (!e.is_array()) return Mismatch("an array", e, error);
        const SchemaNode& element = node.children[0].children[0];
        std::vector<Value> items;
        for (dom::element item : dom::array(e)) {
          items.emplace_back();
          if (!Field(element, item, &items.back(), error)) return false;
          if (items.back().is_null() && element.repetition == Repetition::kRequired) {
            return Fail(error, "null list element in a list of required elements");
          }
        }
        *out = Value::List(std::move(items));
        return true;
      }
      case SchemaNode::Shape::kMap: {
        if (!e.is_object()) return Mismatch("an object", e, error);
        const SchemaNode& key_node = node.children[0].children[0];
        const SchemaNode& value_node = node.children[0].children[1];
        std::vector<std::pair<Value, Value>> entries;
        for (auto [key, value] : dom::object(e)) {
          Value k;
          if (!KeyFromText(key_node, key, &k, error)) return false;
          Value v;
          if (!Field(value_node, value, &v, error)) return false;
          if (v.is_null() && value_node.repetition == Repetition::kRequired) {
            return Fail(error, "null map value for required values");
          }
          entries.emplace_back(std::move(k), std::move(v));
        }
        *out = Value::Map(std::move(entries));
        return true;
      }
      case SchemaNode::Shape::kPrimitive:
        return Leaf(node, e, out, error);
    }
    return false;
  }

  bool Mismatch(const char* wanted, dom::element e, RecordError* error) {
    return Fail(error, fmt::format("expected {}, got {}", wanted, TypeName(e.type())));
  }

  // Map keys are JSON strings; they are converted as if they were string values.
  bool KeyFromText(const SchemaNode& node, std::string_view key, Value* out, RecordError* error) {
    return LeafFromText(node, key, out, error);
  }

  bool Leaf(const SchemaNode& node, dom::element e, Value* out, RecordError* error) {
    const LogicalTypeInfo::Kind kind = node.logical_type.kind;
    if (e.is_string()) return LeafFromText(node, std::string_view(e.get_string()), out, error);
    switch (node.physical_type) {
      case PhysicalType::kBoolean:
        if (!e.is_bool()) return Mismatch("a boolean", e, error);
        *out = Value::Bool(bool(e.get_bool()));
        return true;
      case PhysicalType::kInt32:
      case PhysicalType::kInt64:
      case PhysicalType::kFixedLenByteArray:
        if (e.is_bool() || e.is_object() || e.is_array()) return Mismatch("a number", e, error);
        if (kind == LogicalTypeInfo::Kind::kDecimal)
          return Decimal(node, NumberText(e), out, error);
        if (node.physical_type == PhysicalType::kFixedLenByteArray) {
          return Mismatch("a string", e, error);
        }
        if (kind == LogicalTypeInfo::Kind::kTimestamp) {
          // Numbers are epoch milliseconds, as with the OpenX SerDe's "millis" format.
          if (!e.is_int64()) return Fail(error, "timestamp numbers must be integer milliseconds");
          int64_t millis = e.get_int64();
          if (node.logical_type.unit == TimeUnit::kMillis) {
            *out = Value::Int64(millis);
            return true;
          }
          int64_t scale = node.logical_type.unit == TimeUnit::kMicros ? 1000 : 1000000;
          if (__builtin_mul_overflow(millis, scale, &millis))
            return Fail(error, "timestamp out of range");
          *out = Value::Int64(millis);
          return true;
        }
        if (!e.is_int64())
          return Fail(error, fmt::format("{} does not fit an integer column", NumberText(e)));
        return Integer(node, e.get_int64(), out, error);
      case PhysicalType::kFloat:
      case PhysicalType::kDouble: {
        if (!e.is_number()) return Mismatch("a number", e, error);
        double d = e.get_double();
        *out = node.physical_type == PhysicalType::kFloat ? Value::Float(static_cast<float>(d))
                                                          : Value::Double(d);
        return true;
      }
      case PhysicalType::kByteArray:
        if (kind == LogicalTypeInfo::Kind::kDecimal) {
          if (!e.is_number()) return Mismatch("a number", e, error);
          return Decimal(node, NumberText(e), out, error);
        }
        // Like the OpenX SerDe, a string column takes any other JSON value as its JSON text.
        *out = Value::Bytes(simdjson::minify(e));
        return true;
      case PhysicalType::kInt96:
        break;
    }
    return Fail(error, "INT96 columns are not supported");
  }

  bool Integer(const SchemaNode& node, int64_t v, Value* out, RecordError* error) {
    if (node.physical_type == PhysicalType::kInt64) {
      *out = Value::Int64(v);
      return true;
    }
    if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()) {
      return Fail(error, fmt::format("{} does not fit a 32-bit integer column", v));
    }
    *out = Value::Int32(static_cast<int32_t>(v));
    return true;
  }

  bool Decimal(const SchemaNode& node, std::string_view text, Value* out, RecordError* error) {
    auto unscaled = ParseDecimal(text, node.logical_type.precision, node.logical_type.scale);
    if (!unscaled.ok()) return Fail(error, unscaled.status().message());
    switch (node.physical_type) {
      case PhysicalType::kInt32:
        *out = Value::Int32(static_cast<int32_t>(*unscaled));
        return true;
      case PhysicalType::kInt64:
        *out = Value::Int64(static_cast<int64_t>(*unscaled));
        return true;
      default:
        *out = Value::Bytes(
            DecimalToBigEndian(*unscaled, node.type_length > 0 ? node.type_length : 16));
        return true;
    }
  }

  // A leaf from JSON string text: strings as they are, numbers, booleans, dates and timestamps
  // parsed from it.
  bool LeafFromText(const SchemaNode& node, std::string_view text, Value* out, RecordError* error) {
    const LogicalTypeInfo::Kind kind = node.logical_type.kind;
    if (kind == LogicalTypeInfo::Kind::kDecimal) return Decimal(node, text, out, error);
    switch (node.physical_type) {
      case PhysicalType::kBoolean:
        if (text == "true" || text == "TRUE" || text == "True") {
          *out = Value::Bool(true);
        } else if (text == "false" || text == "FALSE" || text == "False") {
          *out = Value::Bool(false);
        } else {
          return Fail(error, fmt::format("'{}' is not a boolean", text));
        }
        return true;
      case PhysicalType::kInt32:
        if (kind == LogicalTypeInfo::Kind::kDate) {
          auto days = ParseDate(text);
          if (!days) return Fail(error, fmt::format("'{}' is not a date (yyyy-mm-dd)", text));
          *out = Value::Int32(*days);
          return true;
        }
        [[fallthrough]];
      case PhysicalType::kInt64: {
        if (kind == LogicalTypeInfo::Kind::kTimestamp) {
          auto at = ParseTimestamp(text, node.logical_type.unit);
          if (!at) return Fail(error, fmt::format("'{}' is not a timestamp", text));
          *out = Value::Int64(*at);
          return true;
        }
        auto v = ParseInteger<int64_t>(text);
        if (!v) return Fail(error, fmt::format("'{}' is not an integer", text));
        return Integer(node, *v, out, error);
      }
      case PhysicalType::kFloat:
      case PhysicalType::kDouble: {
        double d = 0;
        auto r = std::from_chars(text.data(), text.data() + text.size(), d);
        if (r.ec != std::errc() || r.ptr != text.data() + text.size()) {
          return Fail(error, fmt::format("'{}' is not a number", text));
        }
        *out = node.physical_type == PhysicalType::kFloat ? Value::Float(static_cast<float>(d))
                                                          : Value::Double(d);
        return true;
      }
      case PhysicalType::kByteArray:
        *out = Value::Bytes(std::string(text));
        return true;
      case PhysicalType::kFixedLenByteArray:
        if (static_cast<int32_t>(text.size()) != node.type_length) {
          return Fail(error,
                      fmt::format("expected {} bytes, got {}", node.type_length, text.size()));
        }
        *out = Value::Bytes(std::string(text));
        return true;
      case PhysicalType::kInt96:
        break;
    }
    return Fail(error, "INT96 columns are not supported");
  }

  const Schema& schema_;
  dom::parser parser_;
  std::unordered_map<const SchemaNode*, StructFields> structs_;
  std::vector<std::string> path_;
};

JsonRecordParser::JsonRecordParser(const Schema& schema) : impl_(std::make_unique<Impl>(schema)) {}
JsonRecordParser::~JsonRecordParser() = default;

bool JsonRecordParser::Parse(const char* line, size_t length, std::vector<Value>* row,
                             RecordError* error) {
  return impl_->Parse(line, length, row, error);
}

}  // namespace millrace::parquet
