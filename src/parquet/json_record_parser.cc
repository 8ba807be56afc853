#include "parquet/json_record_parser.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <charconv>
#include <cstring>
#include <unordered_map>

#include "parquet/json_leaf_conversion.h"

namespace millrace::parquet {

namespace dom = simdjson::dom;
using json_leaf::DecimalLeaf;
using json_leaf::FlatOut;
using json_leaf::IntegerLeaf;
using json_leaf::TextLeaf;
using json_leaf::ValueOut;

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
// Written into `buffer`, which the returned text points into.
struct NumberBuffer {
  char chars[64];
};
std::string_view NumberText(dom::element e, NumberBuffer* buffer) {
  char* begin = buffer->chars;
  char* end = begin + sizeof(buffer->chars);
  std::to_chars_result r{};
  switch (e.type()) {
    case dom::element_type::INT64:
      r = std::to_chars(begin, end, int64_t(e.get_int64().value_unsafe()));
      break;
    case dom::element_type::UINT64:
      r = std::to_chars(begin, end, uint64_t(e.get_uint64().value_unsafe()));
      break;
    default:
      r = std::to_chars(begin, end, double(e.get_double().value_unsafe()));
      break;
  }
  return std::string_view(begin, static_cast<size_t>(r.ptr - begin));
}

}  // namespace

// Turns one parsed JSON record into one row of a ColumnBatch. Holds the case-insensitive
// field indexes of every struct in the schema. Not thread-safe.
class JsonRecordParser::Impl {
 public:
  explicit Impl(const Schema& schema) : schema_(schema) {
    Index(schema_.root());
    root_fields_ = &structs_.at(&schema_.root());
    seen_.assign(schema_.columns().size(), 0);
  }

  // Parses the line at `line` (REQUIRES: SIMDJSON_PADDING readable bytes after it) into a new
  // row of `*batch`. On a bad record returns false with `*error` filled in and `*batch` as it was.
  bool Parse(const char* line, size_t length, ColumnBatch* batch, RecordError* error) {
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
    path_.clear();
    const size_t row = batch->rows();
    if (Record(dom::object(doc), batch, row, error)) return true;
    batch->Truncate(row);
    return false;
  }

 private:
  static constexpr size_t kNoField = SIZE_MAX;

  // A struct's fields by lower-case name, and for the n-th key of the last object seen, that
  // key's text and the field it matched: records of one stream usually list the same keys in
  // the same order.
  struct StructFields {
    FieldIndex by_name;
    std::vector<std::pair<std::string, size_t>> by_ordinal;
  };

  void Index(const SchemaNode& node) {
    if (node.shape == SchemaNode::Shape::kStruct) {
      structs_.emplace(&node, StructFields{IndexFields(node.children), {}});
    }
    for (const SchemaNode& child : node.children) Index(child);
  }

  // Keys are short and usually match: compare 8 bytes at a time, the tail by bytes.
  static bool SameText(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    size_t i = 0;
    for (; i + 8 <= a.size(); i += 8) {
      uint64_t x, y;
      std::memcpy(&x, a.data() + i, 8);
      std::memcpy(&y, b.data() + i, 8);
      if (x != y) return false;
    }
    uint64_t x = 0, y = 0;
    for (size_t shift = 0; i < a.size(); ++i, shift += 8) {
      x |= static_cast<uint64_t>(static_cast<uint8_t>(a[i])) << shift;
      y |= static_cast<uint64_t>(static_cast<uint8_t>(b[i])) << shift;
    }
    return x == y;
  }

  // The position of the field `key` names, or kNoField.
  static size_t Lookup(StructFields* info, size_t ordinal, std::string_view key) {
    if (ordinal < info->by_ordinal.size()) {
      const auto& [text, position] = info->by_ordinal[ordinal];
      if (SameText(text, key)) return position;
    }
    return LookupByName(info, ordinal, key);
  }
  // Lookup's slow path: by lower-cased name; remembers the answer for the key's ordinal.
  [[gnu::noinline]] static size_t LookupByName(StructFields* info, size_t ordinal,
                                               std::string_view key) {
    if (ordinal >= info->by_ordinal.size()) {
      info->by_ordinal.resize(ordinal + 1, {std::string(), kNoField});
    }
    auto it = info->by_name.find(Lower(key));
    size_t position = it == info->by_name.end() ? kNoField : it->second;
    info->by_ordinal[ordinal] = {std::string(key), position};
    return position;
  }

  bool Fail(RecordError* error, std::string reason) {
    std::string column;
    for (const std::string* part : path_) {
      if (!column.empty()) column += '.';
      column += *part;
    }
    error->column = std::move(column);
    error->reason = std::move(reason);
    return false;
  }

  // The top-level object: flat columns get typed values, the others Values. Every column gets
  // exactly one entry at `row` (a null if its key is missing).
  bool Record(dom::object object, ColumnBatch* batch, size_t row, RecordError* error) {
    const SchemaNode& root = schema_.root();
    const uint64_t generation = ++generation_;
    size_t ordinal = 0;
    for (auto [key, value] : object) {
      size_t position = Lookup(root_fields_, ordinal++, key);
      if (position == kNoField) continue;  // attributes outside the schema are dropped
      const SchemaNode& field = root.children[position];
      const bool repeated_key = seen_[position] == generation;  // the last value wins
      seen_[position] = generation;
      if (batch->is_flat(position)) {
        FlatColumn& column = batch->flat(position);
        if (repeated_key) column.Truncate(row);
        if (value.is_null()) {
          column.AppendNull();  // required columns are checked below
        } else if (!Leaf(field, value, FlatOut{&column}, error)) {
          error->column = field.name;  // a top-level leaf: its name is the whole path
          return false;
        }
      } else {
        path_.push_back(&field.name);
        std::vector<Value>& values = batch->values(position);
        if (!repeated_key) values.emplace_back();
        if (!Field(field, value, &values[row], error)) return false;
        path_.pop_back();
      }
    }
    for (size_t c = 0; c < root.children.size(); ++c) {
      const bool missing = seen_[c] != generation;
      if (missing) {
        if (batch->is_flat(c)) {
          batch->flat(c).AppendNull();
        } else {
          batch->values(c).emplace_back();
        }
      }
      if (root.children[c].repetition != Repetition::kRequired) continue;
      const bool null = missing || (batch->is_flat(c) ? !batch->flat(c).present(row)
                                                      : batch->values(c)[row].is_null());
      if (null) {
        path_.push_back(&root.children[c].name);
        return Fail(error, "required field is missing or null");
      }
    }
    return true;
  }

  bool Struct(const SchemaNode& node, dom::object object, std::vector<Value>* fields,
              RecordError* error) {
    StructFields& info = structs_.at(&node);
    size_t ordinal = 0;
    for (auto [key, value] : object) {
      size_t position = Lookup(&info, ordinal++, key);
      if (position == kNoField) continue;  // attributes outside the schema are dropped
      const SchemaNode& field = node.children[position];
      path_.push_back(&field.name);
      if (!Field(field, value, &(*fields)[position], error)) return false;
      path_.pop_back();
    }
    for (size_t i = 0; i < node.children.size(); ++i) {
      if ((*fields)[i].is_null() && node.children[i].repetition == Repetition::kRequired) {
        path_.push_back(&node.children[i].name);
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
          // Map keys are JSON strings; they are converted as if they were string values.
          if (!FromText(key_node, key, ValueOut{&k}, error)) return false;
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
        return Leaf(node, e, ValueOut{out}, error);
    }
    return false;
  }

  bool Mismatch(const char* wanted, dom::element e, RecordError* error) {
    return Fail(error, fmt::format("expected {}, got {}", wanted, TypeName(e.type())));
  }

  // A non-null JSON value into a leaf of `node`'s physical type.
  template <typename Out>
  bool Leaf(const SchemaNode& node, dom::element e, Out out, RecordError* error) {
    using Type = dom::element_type;
    const Type type = e.type();
    if (type == Type::STRING) {
      return FromText(node, std::string_view(e.get_string().value_unsafe()), out, error);
    }
    const bool is_number = type == Type::INT64 || type == Type::UINT64 || type == Type::DOUBLE;
    NumberBuffer number;
    const LogicalTypeInfo::Kind kind = node.logical_type.kind;
    switch (node.physical_type) {
      case PhysicalType::kBoolean:
        if (type != Type::BOOL) return Mismatch("a boolean", e, error);
        out.Bool(bool(e.get_bool().value_unsafe()));
        return true;
      case PhysicalType::kInt32:
      case PhysicalType::kInt64:
      case PhysicalType::kFixedLenByteArray:
        if (!is_number) return Mismatch("a number", e, error);
        if (kind == LogicalTypeInfo::Kind::kDecimal) return Decimal(node, NumberText(e, &number), out, error);
        if (node.physical_type == PhysicalType::kFixedLenByteArray) {
          return Mismatch("a string", e, error);
        }
        if (kind == LogicalTypeInfo::Kind::kTimestamp) {
          // Numbers are epoch milliseconds, as with the OpenX SerDe's "millis" format.
          if (type != Type::INT64) {
            return Fail(error, "timestamp numbers must be integer milliseconds");
          }
          int64_t millis = e.get_int64().value_unsafe();
          if (node.logical_type.unit == TimeUnit::kMillis) {
            out.Int64(millis);
            return true;
          }
          int64_t scale = node.logical_type.unit == TimeUnit::kMicros ? 1000 : 1000000;
          if (__builtin_mul_overflow(millis, scale, &millis))
            return Fail(error, "timestamp out of range");
          out.Int64(millis);
          return true;
        }
        if (type != Type::INT64) {
          return Fail(error, fmt::format("{} does not fit an integer column", NumberText(e, &number)));
        }
        return Integer(node, e.get_int64().value_unsafe(), out, error);
      case PhysicalType::kFloat:
      case PhysicalType::kDouble: {
        if (!is_number) return Mismatch("a number", e, error);
        double d = e.get_double().value_unsafe();
        if (node.physical_type == PhysicalType::kFloat) {
          out.Float(static_cast<float>(d));
        } else {
          out.Double(d);
        }
        return true;
      }
      case PhysicalType::kByteArray:
        if (kind == LogicalTypeInfo::Kind::kDecimal) {
          if (!is_number) return Mismatch("a number", e, error);
          return Decimal(node, NumberText(e, &number), out, error);
        }
        // Like the OpenX SerDe, a string column takes any other JSON value as its JSON text.
        out.OwnedBytes(simdjson::minify(e));
        return true;
      case PhysicalType::kInt96:
        break;
    }
    return Fail(error, "INT96 columns are not supported");
  }

  // Text conversions report the reason; the parser adds the column path.
  template <typename Out>
  bool FromText(const SchemaNode& node, std::string_view text, Out out, RecordError* error) {
    std::string reason;
    return TextLeaf(node, text, out, &reason) || Fail(error, std::move(reason));
  }
  template <typename Out>
  bool Decimal(const SchemaNode& node, std::string_view text, Out out, RecordError* error) {
    std::string reason;
    return DecimalLeaf(node, text, out, &reason) || Fail(error, std::move(reason));
  }
  template <typename Out>
  bool Integer(const SchemaNode& node, int64_t v, Out out, RecordError* error) {
    std::string reason;
    return IntegerLeaf(node, v, out, &reason) || Fail(error, std::move(reason));
  }

  const Schema& schema_;
  dom::parser parser_;
  std::unordered_map<const SchemaNode*, StructFields> structs_;
  StructFields* root_fields_ = nullptr;
  // Per top-level column: the generation of the last record that had its key.
  std::vector<uint64_t> seen_;
  uint64_t generation_ = 0;
  std::vector<const std::string*> path_;  // field names from the top, for error messages
};

JsonRecordParser::JsonRecordParser(const Schema& schema) : impl_(std::make_unique<Impl>(schema)) {}
JsonRecordParser::~JsonRecordParser() = default;

bool JsonRecordParser::Parse(const char* line, size_t length, ColumnBatch* batch,
                             RecordError* error) {
  return impl_->Parse(line, length, batch, error);
}

}  // namespace millrace::parquet
