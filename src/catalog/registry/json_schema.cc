#include "catalog/registry/json_schema.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <regex>
#include <set>
#include <vector>

#include "base/json.h"

namespace millrace::catalog {

namespace {

constexpr std::string_view kAnnotations[] = {
    "$schema",
    "$id",
    "id",
    "title",
    "description",
    "default",
    "examples",
    "$comment",
    "definitions",
    "$defs",
    "readOnly",
    "writeOnly",
    "deprecated",
    "contentMediaType",
    "contentEncoding",
};
constexpr std::string_view kUnderstood[] = {
    "type",
    "properties",
    "required",
    "additionalProperties",
    "enum",
    "const",
    "items",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "pattern",
    "format",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "multipleOf",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "$ref",
    "additionalItems",
};
constexpr std::string_view kTypeNames[] = {"null",   "boolean", "object", "array",
                                           "number", "string",  "integer"};

Status Invalid(const std::string& path, const std::string& what) {
  return Status::InvalidArgument(path + ": " + what);
}

bool IsNumber(const Value& v) {
  return v.kind() == Value::Kind::kInt || v.kind() == Value::Kind::kDouble;
}
bool IsNonNegativeInt(const Value& v) {
  return v.kind() == Value::Kind::kInt && v.int_value() >= 0;
}
bool IsSchema(const Value& v) {
  return v.is_object() || v.kind() == Value::Kind::kBool;
}

Status CheckSchema(const Value& s, const std::string& path, int depth);

Status CheckSchemaArray(const Value& v, const std::string& path, int depth, bool non_empty) {
  if (!v.is_array() || (non_empty && v.array().empty())) {
    return Invalid(
        path, non_empty ? "must be a non-empty array of schemas" : "must be an array of schemas");
  }
  for (size_t i = 0; i < v.array().size(); ++i) {
    MR_RETURN_IF_ERROR(CheckSchema(v.array()[i], path + "/" + std::to_string(i), depth + 1));
  }
  return Status::Ok();
}

Status CheckSchemaMap(const Value& v, const std::string& path, int depth) {
  if (!v.is_object()) return Invalid(path, "must be an object of schemas");
  for (const auto& [name, sub] : v.object()) {
    MR_RETURN_IF_ERROR(CheckSchema(sub, path + "/" + name, depth + 1));
  }
  return Status::Ok();
}

Status CheckType(const Value& v, const std::string& path) {
  auto known = [](const Value& t) {
    return t.kind() == Value::Kind::kString &&
           std::find(std::begin(kTypeNames), std::end(kTypeNames), t.string_value()) !=
               std::end(kTypeNames);
  };
  if (known(v)) return Status::Ok();
  if (v.is_array() && !v.array().empty() &&
      std::all_of(v.array().begin(), v.array().end(), known)) {
    return Status::Ok();
  }
  return Invalid(path,
                 "must be one of null, boolean, object, array, number, string, integer "
                 "or a non-empty array of them");
}

Status CheckKeyword(const std::string& key, const Value& v, const std::string& path, int depth) {
  if (key == "type") return CheckType(v, path);
  if (key == "properties" || key == "patternProperties" || key == "definitions" || key == "$defs") {
    return CheckSchemaMap(v, path, depth);
  }
  if (key == "additionalProperties" || key == "additionalItems" || key == "not" ||
      key == "propertyNames" || key == "contains" || key == "if" || key == "then" ||
      key == "else") {
    return IsSchema(v) ? CheckSchema(v, path, depth + 1) : Invalid(path, "must be a schema");
  }
  if (key == "items") {
    return v.is_array()  ? CheckSchemaArray(v, path, depth, false)
           : IsSchema(v) ? CheckSchema(v, path, depth + 1)
                         : Invalid(path, "must be a schema or an array of schemas");
  }
  if (key == "allOf" || key == "anyOf" || key == "oneOf") {
    return CheckSchemaArray(v, path, depth, true);
  }
  if (key == "required") {
    if (!v.is_array()) return Invalid(path, "must be an array of property names");
    std::set<std::string> seen;
    for (const Value& name : v.array()) {
      if (name.kind() != Value::Kind::kString || !seen.insert(name.string_value()).second) {
        return Invalid(path, "must be an array of distinct property names");
      }
    }
    return Status::Ok();
  }
  if (key == "enum") {
    return v.is_array() ? Status::Ok() : Invalid(path, "must be an array");
  }
  if (key == "minimum" || key == "maximum") {
    return IsNumber(v) ? Status::Ok() : Invalid(path, "must be a number");
  }
  if (key == "exclusiveMinimum" || key == "exclusiveMaximum") {
    // A number since draft 06, a boolean modifier in draft 04.
    return IsNumber(v) || v.kind() == Value::Kind::kBool ? Status::Ok()
                                                         : Invalid(path, "must be a number");
  }
  if (key == "multipleOf") {
    return IsNumber(v) && v.AsDouble("multipleOf").value() > 0
               ? Status::Ok()
               : Invalid(path, "must be a number greater than 0");
  }
  if (key == "minLength" || key == "maxLength" || key == "minItems" || key == "maxItems" ||
      key == "minProperties" || key == "maxProperties") {
    return IsNonNegativeInt(v) ? Status::Ok() : Invalid(path, "must be a non-negative integer");
  }
  if (key == "uniqueItems") {
    return v.kind() == Value::Kind::kBool ? Status::Ok() : Invalid(path, "must be a boolean");
  }
  if (key == "pattern") {
    if (v.kind() != Value::Kind::kString) return Invalid(path, "must be a string");
    // std::regex compiles recursively: bound the pattern so a hostile one cannot exhaust the stack.
    if (v.string_value().size() > kMaxJsonSchemaPatternLength) {
      return Invalid(
          path, "is longer than " + std::to_string(kMaxJsonSchemaPatternLength) + " characters");
    }
    try {
      std::regex re(v.string_value(), std::regex::ECMAScript);
    } catch (const std::regex_error&) {
      return Invalid(path, "is not a valid regular expression");
    }
    return Status::Ok();
  }
  if (key == "$ref" || key == "format" || key == "$schema" || key == "$id" || key == "title" ||
      key == "description") {
    return v.kind() == Value::Kind::kString ? Status::Ok() : Invalid(path, "must be a string");
  }
  return Status::Ok();
}

Status CheckSchema(const Value& s, const std::string& path, int depth) {
  if (depth > 48) return Invalid(path, "schema nests too deeply");
  if (s.kind() == Value::Kind::kBool) return Status::Ok();
  if (!s.is_object()) return Invalid(path, "a schema must be an object or a boolean");
  for (const auto& [key, v] : s.object()) {
    MR_RETURN_IF_ERROR(CheckKeyword(key, v, path + "/" + key, depth));
  }
  return Status::Ok();
}

Value Sorted(const Value& v) {
  if (v.is_array()) {
    Value out = Value::MakeArray();
    for (const Value& item : v.array()) out.Append(Sorted(item));
    return out;
  }
  if (!v.is_object()) return v;
  std::vector<const Value::Member*> members;
  for (const Value::Member& m : v.object()) members.push_back(&m);
  std::sort(members.begin(), members.end(),
            [](const Value::Member* a, const Value::Member* b) { return a->first < b->first; });
  Value out = Value::MakeObject();
  for (const Value::Member* m : members) out.Set(m->first, Sorted(m->second));
  return out;
}

// "a~1b" -> "a/b", "a~0b" -> "a~b" (JSON Pointer).
std::string UnescapePointer(std::string_view token) {
  std::string out;
  for (size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
      out.push_back(token[i + 1] == '0' ? '~' : '/');
      ++i;
    } else {
      out.push_back(token[i]);
    }
  }
  return out;
}

const Value* FollowPointer(const Value& root, std::string_view ref) {
  if (ref.empty() || ref[0] != '#') return nullptr;
  std::string_view rest = ref.substr(1);
  const Value* at = &root;
  while (!rest.empty()) {
    if (rest[0] != '/') return nullptr;
    rest.remove_prefix(1);
    size_t slash = rest.find('/');
    std::string token = UnescapePointer(rest.substr(0, slash));
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
    if (at->is_object()) {
      at = at->Find(token);
    } else if (at->is_array()) {
      char* end = nullptr;
      unsigned long index = std::strtoul(token.c_str(), &end, 10);
      if (token.empty() || *end != '\0' || index >= at->array().size()) return nullptr;
      at = &at->array()[index];
    } else {
      return nullptr;
    }
    if (at == nullptr) return nullptr;
  }
  return at;
}

}  // namespace

bool IsJsonSchemaAnnotation(std::string_view keyword) {
  return std::find(std::begin(kAnnotations), std::end(kAnnotations), keyword) !=
         std::end(kAnnotations);
}

bool IsJsonSchemaUnderstood(std::string_view keyword) {
  return std::find(std::begin(kUnderstood), std::end(kUnderstood), keyword) !=
         std::end(kUnderstood);
}

Result<Value> ParseJsonSchema(std::string_view text) {
  Result<Value> json = json::Parse(text);
  if (!json.ok()) return Status::InvalidArgument("not valid JSON: " + json.status().message());
  MR_RETURN_IF_ERROR(CheckSchema(*json, "#", 0));
  return json;
}

std::string NormalizedJsonSchema(const Value& schema) {
  return json::Write(Sorted(schema));
}

const Value* ResolveJsonSchemaRef(const Value& root, const Value& schema) {
  const Value* at = &schema;
  for (int hops = 0; hops < 32; ++hops) {
    const Value* ref = at->is_object() ? at->Find("$ref") : nullptr;
    if (ref == nullptr || ref->kind() != Value::Kind::kString) return at;
    at = FollowPointer(root, ref->string_value());
    if (at == nullptr) return nullptr;
  }
  return nullptr;
}

}  // namespace millrace::catalog
