// JsonSchemaAccepts: validation of one instance against the understood keywords.
#include <algorithm>
#include <cmath>
#include <optional>
#include <regex>

#include "catalog/registry/json_schema.h"

namespace millrace::catalog {

namespace {

bool IsNumber(const Value& v) {
  return v.kind() == Value::Kind::kInt || v.kind() == Value::Kind::kDouble;
}
bool IsNonNegativeInt(const Value& v) {
  return v.kind() == Value::Kind::kInt && v.int_value() >= 0;
}

bool TypeMatches(std::string_view type, const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNull:
      return type == "null";
    case Value::Kind::kBool:
      return type == "boolean";
    case Value::Kind::kInt:
      return type == "integer" || type == "number";
    case Value::Kind::kDouble: {
      double d = v.double_value();
      return type == "number" || (type == "integer" && std::isfinite(d) && d == std::floor(d));
    }
    case Value::Kind::kString:
      return type == "string";
    case Value::Kind::kArray:
      return type == "array";
    case Value::Kind::kObject:
      return type == "object";
    default:
      return false;
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
    if (const Value* x = s.Find("minLength");
        x && IsNonNegativeInt(*x) && n < static_cast<size_t>(x->int_value())) {
      return false;
    }
    if (const Value* x = s.Find("maxLength");
        x && IsNonNegativeInt(*x) && n > static_cast<size_t>(x->int_value())) {
      return false;
    }
    if (const Value* p = s.Find("pattern"); p && p->kind() == Value::Kind::kString) {
      // Matching recurses per input character: long strings are not checked (answer: no).
      if (v.string_value().size() > kMaxJsonSchemaPatternLength) return false;
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
    if (const Value* x = s.Find("minItems");
        x && IsNonNegativeInt(*x) && a.size() < static_cast<size_t>(x->int_value())) {
      return false;
    }
    if (const Value* x = s.Find("maxItems");
        x && IsNonNegativeInt(*x) && a.size() > static_cast<size_t>(x->int_value())) {
      return false;
    }
    if (const Value* u = s.Find("uniqueItems");
        u && u->kind() == Value::Kind::kBool && u->bool_value()) {
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
    if (const Value* x = s.Find("minProperties");
        x && IsNonNegativeInt(*x) && o.size() < static_cast<size_t>(x->int_value())) {
      return false;
    }
    if (const Value* x = s.Find("maxProperties");
        x && IsNonNegativeInt(*x) && o.size() > static_cast<size_t>(x->int_value())) {
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

bool JsonSchemaAccepts(const Value& root, const Value& schema, const Value& instance) {
  return Accepts(root, schema, instance, 0);
}

}  // namespace millrace::catalog
