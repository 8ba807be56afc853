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
    "$schema", "$id",      "id",       "title",           "description",     "default",
    "examples", "$comment", "definitions", "$defs",       "readOnly",        "writeOnly",
    "deprecated", "contentMediaType", "contentEncoding",
};
constexpr std::string_view kUnderstood[] = {
    "type",      "properties", "required",  "additionalProperties", "enum",
    "const",     "items",      "minimum",   "maximum",              "exclusiveMinimum",
    "exclusiveMaximum", "minLength", "maxLength", "pattern",       "format",
    "minItems",  "maxItems",   "uniqueItems", "minProperties",      "maxProperties",
    "multipleOf", "allOf",     "anyOf",     "oneOf",                "not",
    "$ref",      "additionalItems",
};
constexpr std::string_view kTypeNames[] = {"null",   "boolean", "object", "array",
                                           "number", "string",  "integer"};

constexpr size_t kMaxPatternLength = 1000;

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
    return Invalid(path, non_empty ? "must be a non-empty array of schemas"
                                   : "must be an array of schemas");
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
  if (v.is_array() && !v.array().empty() && std::all_of(v.array().begin(), v.array().end(), known)) {
    return Status::Ok();
  }
  return Invalid(path, "must be one of null, boolean, object, array, number, string, integer "
                       "or a non-empty array of them");
}

Status CheckKeyword(const std::string& key, const Value& v, const std::string& path, int depth) {
  if (key == "type") return CheckType(v, path);
  if (key == "properties" || key == "patternProperties" || key == "definitions" ||
      key == "$defs") {
    return CheckSchemaMap(v, path, depth);
  }
  if (key == "additionalProperties" || key == "additionalItems" || key == "not" ||
      key == "propertyNames" || key == "contains" || key == "if" || key == "then" ||
      key == "else") {
    return IsSchema(v) ? CheckSchema(v, path, depth + 1) : Invalid(path, "must be a schema");
  }
  if (key == "items") {
    return v.is_array() ? CheckSchemaArray(v, path, depth, false)
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
    if (v.string_value().size() > kMaxPatternLength) {
      return Invalid(path, "is longer than " + std::to_string(kMaxPatternLength) + " characters");
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

bool TypeMatches(std::string_view type, const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNull: return type == "null";
    case Value::Kind::kBool: return type == "boolean";
    case Value::Kind::kInt: return type == "integer" || type == "number";
    case Value::Kind::kDouble: {
      double d = v.double_value();
      return type == "number" || (type == "integer" && std::isfinite(d) && d == std::floor(d));
    }
    case Value::Kind::kString: return type == "string";
    case Value::Kind::kArray: return type == "array";
    case Value::Kind::kObject: return type == "object";
    default: return false;
  }
}

// Number of Unicode code points in UTF-8 text (JSON Schema lengths count characters).
size_t CodePoints(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool NumericEqual(const Value& a, const Value& b) {
  if (IsNumber(a) && IsNumber(b)) return a.AsDouble("").value() == b.AsDouble("").value();
  return a == b;
}

bool Accepts(const Value& root, const Value& schema_in, const Value& v, int depth) {
  if (depth > 64) return false;
  const Value* schema = ResolveJsonSchemaRef(root, schema_in);
  if (schema == nullptr) return false;
  if (schema->kind() == Value::Kind::kBool) return schema->bool_value();
  if (!schema->is_object()) return false;
  const Value& s = *schema;
  for (const auto& [key, kw] : s.object()) {
    if (IsJsonSchemaAnnotation(key)) continue;
    if (!IsJsonSchemaUnderstood(key)) return false;
  }
  if (const Value* type = s.Find("type")) {
    bool any = false;
    if (type->kind() == Value::Kind::kString) any = TypeMatches(type->string_value(), v);
    if (type->is_array()) {
      for (const Value& t : type->array()) {
        any = any || (t.kind() == Value::Kind::kString && TypeMatches(t.string_value(), v));
      }
    }
    if (!any) return false;
  }
  if (const Value* e = s.Find("enum")) {
    if (!e->is_array() || std::none_of(e->array().begin(), e->array().end(),
                                       [&](const Value& x) { return NumericEqual(x, v); })) {
      return false;
    }
  }
  if (const Value* c = s.Find("const"); c != nullptr && !NumericEqual(*c, v)) return false;
  if (IsNumber(v)) {
    double d = v.AsDouble("").value();
    auto num = [&](const char* k) -> std::optional<double> {
      const Value* x = s.Find(k);
      if (x == nullptr || !IsNumber(*x)) return std::nullopt;
      return x->AsDouble(k).value();
    };
    auto flag = [&](const char* k) {
      const Value* x = s.Find(k);
      return x != nullptr && x->kind() == Value::Kind::kBool && x->bool_value();
    };
    if (auto m = num("minimum")) {
      if (flag("exclusiveMinimum") ? d <= *m : d < *m) return false;
    }
    if (auto m = num("maximum")) {
      if (flag("exclusiveMaximum") ? d >= *m : d > *m) return false;
    }
    if (auto m = num("exclusiveMinimum"); m && d <= *m) return false;
    if (auto m = num("exclusiveMaximum"); m && d >= *m) return false;
    if (auto m = num("multipleOf")) {
      double q = d / *m;
      if (std::fabs(q - std::round(q)) > 1e-9) return false;
    }
  }
  if (v.kind() == Value::Kind::kString) {
    size_t n = CodePoints(v.string_value());
    if (const Value* x = s.Find("minLength"); x && IsNonNegativeInt(*x) &&
                                               n < static_cast<size_t>(x->int_value())) {
      return false;
    }
    if (const Value* x = s.Find("maxLength"); x && IsNonNegativeInt(*x) &&
                                               n > static_cast<size_t>(x->int_value())) {
      return false;
    }
    if (const Value* p = s.Find("pattern"); p && p->kind() == Value::Kind::kString) {
      // Matching recurses per input character: long strings are not checked (answer: no).
      if (v.string_value().size() > kMaxPatternLength) return false;
      try {
        if (!std::regex_search(v.string_value(), std::regex(p->string_value()))) return false;
      } catch (const std::regex_error&) {
        return false;
      }
    }
    if (s.Has("format")) return false;  // formats are not checked here: stay conservative
  }
  if (v.is_array()) {
    const Value::Array& a = v.array();
    if (const Value* x = s.Find("minItems"); x && IsNonNegativeInt(*x) &&
                                              a.size() < static_cast<size_t>(x->int_value())) {
      return false;
    }
    if (const Value* x = s.Find("maxItems"); x && IsNonNegativeInt(*x) &&
                                              a.size() > static_cast<size_t>(x->int_value())) {
      return false;
    }
    if (const Value* u = s.Find("uniqueItems"); u && u->kind() == Value::Kind::kBool &&
                                                 u->bool_value()) {
      for (size_t i = 0; i < a.size(); ++i) {
        for (size_t j = i + 1; j < a.size(); ++j) {
          if (NumericEqual(a[i], a[j])) return false;
        }
      }
    }
    if (const Value* items = s.Find("items")) {
      if (items->is_array()) {
        const Value* extra = s.Find("additionalItems");
        for (size_t i = 0; i < a.size(); ++i) {
          const Value* sub = i < items->array().size() ? &items->array()[i] : extra;
          if (sub != nullptr && !Accepts(root, *sub, a[i], depth + 1)) return false;
        }
      } else {
        for (const Value& item : a) {
          if (!Accepts(root, *items, item, depth + 1)) return false;
        }
      }
    }
  }
  if (v.is_object()) {
    const Value::Object& o = v.object();
    if (const Value* x = s.Find("minProperties"); x && IsNonNegativeInt(*x) &&
                                                   o.size() < static_cast<size_t>(x->int_value())) {
      return false;
    }
    if (const Value* x = s.Find("maxProperties"); x && IsNonNegativeInt(*x) &&
                                                   o.size() > static_cast<size_t>(x->int_value())) {
      return false;
    }
    if (const Value* req = s.Find("required"); req && req->is_array()) {
      for (const Value& name : req->array()) {
        if (name.kind() == Value::Kind::kString && v.Find(name.string_value()) == nullptr) {
          return false;
        }
      }
    }
    const Value* props = s.Find("properties");
    const Value* extra = s.Find("additionalProperties");
    for (const auto& [name, member] : o) {
      const Value* sub = props != nullptr && props->is_object() ? props->Find(name) : nullptr;
      if (sub == nullptr) sub = extra;
      if (sub != nullptr && !Accepts(root, *sub, member, depth + 1)) return false;
    }
  }
  if (const Value* all = s.Find("allOf"); all && all->is_array()) {
    for (const Value& b : all->array()) {
      if (!Accepts(root, b, v, depth + 1)) return false;
    }
  }
  if (const Value* any = s.Find("anyOf"); any && any->is_array()) {
    if (std::none_of(any->array().begin(), any->array().end(),
                     [&](const Value& b) { return Accepts(root, b, v, depth + 1); })) {
      return false;
    }
  }
  if (const Value* one = s.Find("oneOf"); one && one->is_array()) {
    size_t matches = std::count_if(one->array().begin(), one->array().end(),
                                   [&](const Value& b) { return Accepts(root, b, v, depth + 1); });
    if (matches != 1) return false;
  }
  if (const Value* n = s.Find("not"); n && Accepts(root, *n, v, depth + 1)) return false;
  return true;
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

bool JsonSchemaAccepts(const Value& root, const Value& schema, const Value& instance) {
  return Accepts(root, schema, instance, 0);
}

}  // namespace millrace::catalog
