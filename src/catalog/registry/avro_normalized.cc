// AvroSchema::Normalized: the schema written back as canonical compact JSON.
#include <set>

#include "base/json.h"
#include "catalog/registry/avro_schema.h"

namespace millrace::catalog {

namespace {

Value NormalizedNode(const AvroSchema& schema, int32_t index, std::set<int32_t>& defined) {
  const AvroNode& n = schema.node(index);
  bool named =
      n.type == AvroType::kRecord || n.type == AvroType::kEnum || n.type == AvroType::kFixed;
  if (named && !defined.insert(index).second) return Value(n.full_name);
  auto with_logical = [&](Value v) {
    if (n.logical_type.empty()) return v;
    if (!v.is_object()) {
      Value o = Value::MakeObject();
      o.Set("type", std::move(v));
      v = std::move(o);
    }
    v.Set("logicalType", Value(n.logical_type));
    if (n.precision != 0) v.Set("precision", Value(n.precision));
    if (n.scale != 0) v.Set("scale", Value(n.scale));
    return v;
  };
  auto names = [](const std::vector<std::string>& list) {
    Value a = Value::MakeArray();
    for (const std::string& s : list) a.Append(Value(s));
    return a;
  };
  Value v = Value::MakeObject();
  switch (n.type) {
    case AvroType::kUnion: {
      Value a = Value::MakeArray();
      for (int32_t b : n.branches) a.Append(NormalizedNode(schema, b, defined));
      return a;
    }
    case AvroType::kRecord: {
      v.Set("type", Value("record"));
      v.Set("name", Value(n.full_name));
      if (!n.aliases.empty()) v.Set("aliases", names(n.aliases));
      Value fields = Value::MakeArray();
      for (const AvroField& f : n.fields) {
        Value fv = Value::MakeObject();
        fv.Set("name", Value(f.name));
        fv.Set("type", NormalizedNode(schema, f.type, defined));
        if (f.default_value) fv.Set("default", *f.default_value);
        if (!f.aliases.empty()) fv.Set("aliases", names(f.aliases));
        fields.Append(std::move(fv));
      }
      v.Set("fields", std::move(fields));
      return with_logical(std::move(v));
    }
    case AvroType::kEnum:
      v.Set("type", Value("enum"));
      v.Set("name", Value(n.full_name));
      if (!n.aliases.empty()) v.Set("aliases", names(n.aliases));
      v.Set("symbols", names(n.symbols));
      if (n.enum_default) v.Set("default", Value(*n.enum_default));
      return with_logical(std::move(v));
    case AvroType::kFixed:
      v.Set("type", Value("fixed"));
      v.Set("name", Value(n.full_name));
      if (!n.aliases.empty()) v.Set("aliases", names(n.aliases));
      v.Set("size", Value(n.size));
      return with_logical(std::move(v));
    case AvroType::kArray:
      v.Set("type", Value("array"));
      v.Set("items", NormalizedNode(schema, n.items, defined));
      return with_logical(std::move(v));
    case AvroType::kMap:
      v.Set("type", Value("map"));
      v.Set("values", NormalizedNode(schema, n.items, defined));
      return with_logical(std::move(v));
    default:
      return with_logical(Value(AvroTypeName(n.type)));
  }
}

}  // namespace

std::string AvroSchema::Normalized() const {
  std::set<int32_t> defined;
  return json::Write(NormalizedNode(*this, root_, defined));
}

}  // namespace millrace::catalog
