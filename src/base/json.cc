#include "base/json.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <simdjson.h>

#include <cmath>

#include "base/base64.h"

namespace millrace::json {
namespace {

Value FromElement(simdjson::dom::element element) {
  using simdjson::dom::element_type;
  switch (element.type()) {
    case element_type::NULL_VALUE:
      return Value();
    case element_type::BOOL:
      return Value(bool(element.get_bool().value_unsafe()));
    case element_type::INT64:
      return Value(int64_t(element.get_int64().value_unsafe()));
    case element_type::UINT64:
      return Value(static_cast<double>(element.get_uint64().value_unsafe()));
    case element_type::DOUBLE:
      return Value(double(element.get_double().value_unsafe()));
    case element_type::STRING:
      return Value(std::string_view(element.get_string().value_unsafe()));
    case element_type::ARRAY: {
      Value out = Value::MakeArray();
      simdjson::dom::array items{};
      if (element.get_array().get(items) != simdjson::SUCCESS) return out;
      for (simdjson::dom::element item : items) {
        out.Append(FromElement(item));
      }
      return out;
    }
    case element_type::OBJECT: {
      Value out = Value::MakeObject();
      simdjson::dom::object members{};
      if (element.get_object().get(members) != simdjson::SUCCESS) return out;
      for (simdjson::dom::key_value_pair member : members) {
        // Duplicate keys: the last one wins, as most JSON readers do.
        out.Set(std::string(member.key), FromElement(member.value));
      }
      return out;
    }
  }
  return Value();
}

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void WriteValue(const Value& value, JsonWriter& w) {
  switch (value.kind()) {
    case Value::Kind::kNull:
      w.Null();
      break;
    case Value::Kind::kBool:
      w.Bool(value.bool_value());
      break;
    case Value::Kind::kInt:
      w.Int64(value.int_value());
      break;
    case Value::Kind::kDouble:
      if (std::isfinite(value.double_value())) {
        w.Double(value.double_value());
      } else {
        w.Null();
      }
      break;
    case Value::Kind::kString: {
      const std::string& s = value.string_value();
      w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
      break;
    }
    case Value::Kind::kBytes: {
      std::string encoded = base64::Encode(value.bytes_value());
      w.String(encoded.data(), static_cast<rapidjson::SizeType>(encoded.size()));
      break;
    }
    case Value::Kind::kTimestamp: {
      int64_t ms = value.timestamp_millis();
      if (ms % 1000 == 0) {
        w.Int64(ms / 1000);
      } else {
        w.Double(static_cast<double>(ms) / 1000.0);
      }
      break;
    }
    case Value::Kind::kArray:
      w.StartArray();
      for (const Value& item : value.array()) WriteValue(item, w);
      w.EndArray();
      break;
    case Value::Kind::kObject:
      w.StartObject();
      for (const auto& [key, member] : value.object()) {
        w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
        WriteValue(member, w);
      }
      w.EndObject();
      break;
  }
}

}  // namespace

Result<Value> Parse(std::string_view text, const ParseLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return Status::ResourceExhausted("JSON document of " + std::to_string(text.size()) +
                                     " bytes exceeds the limit of " +
                                     std::to_string(limits.max_bytes) + " bytes");
  }
  // One parser per thread keeps its buffers across calls; it never outlives the thread.
  thread_local simdjson::dom::parser parser;
  thread_local size_t parser_depth = 0;
  if (parser_depth != limits.max_depth) {
    if (parser.allocate(std::max<size_t>(text.size(), 4096), limits.max_depth) !=
        simdjson::SUCCESS) {
      return Status::ResourceExhausted("cannot allocate a JSON parser");
    }
    parser_depth = limits.max_depth;
  }
  simdjson::dom::element root;
  simdjson::error_code error = parser.parse(text.data(), text.size(), true).get(root);
  if (error == simdjson::DEPTH_ERROR) {
    return Status::InvalidArgument("JSON nesting is deeper than " +
                                   std::to_string(limits.max_depth) + " levels");
  }
  if (error != simdjson::SUCCESS) {
    return Status::InvalidArgument(std::string("malformed JSON: ") +
                                   simdjson::error_message(error));
  }
  return FromElement(root);
}

std::string Write(const Value& value) {
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  WriteValue(value, writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace millrace::json
