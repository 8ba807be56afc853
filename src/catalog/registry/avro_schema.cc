#include "catalog/registry/avro_schema.h"

#include <map>
#include <set>

#include "base/json.h"

namespace millrace::catalog {

namespace {

struct PrimitiveName {
  std::string_view name;
  AvroType type;
};
constexpr PrimitiveName kPrimitives[] = {
    {"null", AvroType::kNull},   {"boolean", AvroType::kBoolean}, {"int", AvroType::kInt},
    {"long", AvroType::kLong},   {"float", AvroType::kFloat},     {"double", AvroType::kDouble},
    {"bytes", AvroType::kBytes}, {"string", AvroType::kString},
};

std::optional<AvroType> PrimitiveType(std::string_view name) {
  for (const PrimitiveName& p : kPrimitives) {
    if (p.name == name) return p.type;
  }
  return std::nullopt;
}

bool ValidNamePart(std::string_view part) {
  if (part.empty()) return false;
  for (size_t i = 0; i < part.size(); ++i) {
    char c = part[i];
    bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    if (!letter && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

// A full name or namespace: dot-separated valid parts (an empty namespace is allowed).
bool ValidDottedName(std::string_view name, bool allow_empty) {
  if (name.empty()) return allow_empty;
  size_t start = 0;
  while (true) {
    size_t dot = name.find('.', start);
    std::string_view part = name.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (!ValidNamePart(part)) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

Status Invalid(std::string message) {
  return Status::InvalidArgument(std::move(message));
}

}  // namespace

std::string_view AvroTypeName(AvroType type) {
  switch (type) {
    case AvroType::kNull:
      return "null";
    case AvroType::kBoolean:
      return "boolean";
    case AvroType::kInt:
      return "int";
    case AvroType::kLong:
      return "long";
    case AvroType::kFloat:
      return "float";
    case AvroType::kDouble:
      return "double";
    case AvroType::kBytes:
      return "bytes";
    case AvroType::kString:
      return "string";
    case AvroType::kRecord:
      return "record";
    case AvroType::kEnum:
      return "enum";
    case AvroType::kArray:
      return "array";
    case AvroType::kMap:
      return "map";
    case AvroType::kUnion:
      return "union";
    case AvroType::kFixed:
      return "fixed";
  }
  return "unknown";
}

std::string_view AvroShortName(std::string_view full_name) {
  size_t dot = full_name.rfind('.');
  return dot == std::string_view::npos ? full_name : full_name.substr(dot + 1);
}

// Builds an AvroSchema's node graph from parsed JSON; one parser per schema text.
class AvroSchemaParser {
 public:
  explicit AvroSchemaParser(AvroSchema& schema) : schema_(schema) {}

  Result<int32_t> ParseNode(const Value& json, const std::string& ns) {
    switch (json.kind()) {
      case Value::Kind::kString:
        return ParseName(json.string_value(), ns);
      case Value::Kind::kArray:
        return ParseUnion(json.array(), ns);
      case Value::Kind::kObject:
        return ParseObject(json, ns);
      default:
        return Invalid("a schema must be a type name, an object or an array (union), not " +
                       std::string(Value::KindName(json.kind())));
    }
  }

 private:
  int32_t NewNode(AvroType type) {
    schema_.nodes_.push_back(AvroNode{});
    schema_.nodes_.back().type = type;
    return static_cast<int32_t>(schema_.nodes_.size() - 1);
  }
  AvroNode& node(int32_t index) { return schema_.nodes_[static_cast<size_t>(index)]; }

  Result<int32_t> ParseName(const std::string& name, const std::string& ns) {
    if (std::optional<AvroType> p = PrimitiveType(name)) return NewNode(*p);
    if (name.find('.') == std::string::npos && !ns.empty()) {
      auto it = named_.find(ns + "." + name);
      if (it != named_.end()) return it->second;
    }
    auto it = named_.find(name);
    if (it != named_.end()) return it->second;
    return Invalid("unknown type \"" + name + "\" (not a primitive and not defined before use)");
  }

  Result<int32_t> ParseUnion(const Value::Array& branches, const std::string& ns) {
    std::vector<int32_t> parsed;
    std::set<std::string> seen;
    for (const Value& b : branches) {
      MR_ASSIGN_OR_RETURN(int32_t index, ParseNode(b, ns));
      const AvroNode& n = node(index);
      if (n.type == AvroType::kUnion) return Invalid("a union may not directly contain a union");
      bool named =
          n.type == AvroType::kRecord || n.type == AvroType::kEnum || n.type == AvroType::kFixed;
      std::string key = named ? n.full_name : std::string(AvroTypeName(n.type));
      if (!seen.insert(key).second) {
        return Invalid("a union may not contain \"" + key + "\" twice");
      }
      parsed.push_back(index);
    }
    int32_t index = NewNode(AvroType::kUnion);
    node(index).branches = std::move(parsed);
    return index;
  }

  Result<int32_t> ParseObject(const Value& json, const std::string& ns) {
    const Value* type = json.Find("type");
    if (type == nullptr) return Invalid("a schema object needs a \"type\"");
    if (type->kind() != Value::Kind::kString) return ParseNode(*type, ns);
    const std::string& t = type->string_value();
    const size_t nodes_before = schema_.nodes_.size();
    int32_t index;
    if (t == "record" || t == "error") {
      MR_ASSIGN_OR_RETURN(index, ParseRecord(json, ns));
    } else if (t == "enum") {
      MR_ASSIGN_OR_RETURN(index, ParseEnum(json, ns));
    } else if (t == "fixed") {
      MR_ASSIGN_OR_RETURN(index, ParseFixed(json, ns));
    } else if (t == "array" || t == "map") {
      const char* member = t == "array" ? "items" : "values";
      const Value* inner = json.Find(member);
      if (inner == nullptr) return Invalid("an " + t + " schema needs \"" + member + "\"");
      MR_ASSIGN_OR_RETURN(int32_t items, ParseNode(*inner, ns));
      index = NewNode(t == "array" ? AvroType::kArray : AvroType::kMap);
      node(index).items = items;
    } else {
      MR_ASSIGN_OR_RETURN(index, ParseName(t, ns));
    }
    // A reference to an existing named type is shared; only annotate a node made here.
    if (static_cast<size_t>(index) >= nodes_before) {
      MR_RETURN_IF_ERROR(ParseLogicalType(json, index));
    }
    return index;
  }

  Status ParseLogicalType(const Value& json, int32_t index) {
    const Value* logical = json.Find("logicalType");
    if (logical == nullptr) return Status::Ok();
    if (logical->kind() != Value::Kind::kString) return Invalid("\"logicalType\" must be a string");
    AvroNode& n = node(index);
    n.logical_type = logical->string_value();
    if (const Value* p = json.Find("precision")) {
      MR_ASSIGN_OR_RETURN(n.precision, p->AsInt64("precision"));
    }
    if (const Value* s = json.Find("scale")) {
      MR_ASSIGN_OR_RETURN(n.scale, s->AsInt64("scale"));
    }
    return Status::Ok();
  }

  // The full name and namespace of a named type defined by `json` inside namespace `ns`.
  Status NameOf(const Value& json, const std::string& ns, std::string& full, std::string& own_ns,
                std::string_view kind) {
    const Value* name = json.Find("name");
    if (name == nullptr || name->kind() != Value::Kind::kString) {
      return Invalid("a " + std::string(kind) + " needs a string \"name\"");
    }
    const std::string& n = name->string_value();
    if (n.find('.') != std::string::npos) {
      full = n;
      own_ns = n.substr(0, n.rfind('.'));
    } else {
      own_ns = ns;
      if (const Value* space = json.Find("namespace"); space != nullptr && !space->is_null()) {
        if (space->kind() != Value::Kind::kString) return Invalid("\"namespace\" must be a string");
        own_ns = space->string_value();
      }
      full = own_ns.empty() ? n : own_ns + "." + n;
    }
    if (!ValidDottedName(full, false) || !ValidDottedName(own_ns, true)) {
      return Invalid("\"" + full + "\" is not a valid Avro name");
    }
    if (PrimitiveType(full)) return Invalid("\"" + full + "\" is a primitive type name");
    if (named_.count(full) > 0) return Invalid("type \"" + full + "\" is defined twice");
    return Status::Ok();
  }

  Result<std::vector<std::string>> Aliases(const Value& json, const std::string& ns) {
    std::vector<std::string> out;
    const Value* aliases = json.Find("aliases");
    if (aliases == nullptr || aliases->is_null()) return out;
    if (!aliases->is_array()) return Invalid("\"aliases\" must be an array of names");
    for (const Value& a : aliases->array()) {
      if (a.kind() != Value::Kind::kString || !ValidDottedName(a.string_value(), false)) {
        return Invalid("\"aliases\" must be an array of names");
      }
      const std::string& s = a.string_value();
      out.push_back(s.find('.') != std::string::npos || ns.empty() ? s : ns + "." + s);
    }
    return out;
  }

  Result<int32_t> ParseRecord(const Value& json, const std::string& ns) {
    std::string full, own_ns;
    MR_RETURN_IF_ERROR(NameOf(json, ns, full, own_ns, "record"));
    const Value* fields = json.Find("fields");
    if (fields == nullptr || !fields->is_array()) {
      return Invalid("record \"" + full + "\" needs a \"fields\" array");
    }
    int32_t index = NewNode(AvroType::kRecord);
    node(index).full_name = full;
    MR_ASSIGN_OR_RETURN(node(index).aliases, Aliases(json, own_ns));
    named_[full] = index;  // before the fields, so they may refer to the record itself
    std::set<std::string> names;
    for (const Value& f : fields->array()) {
      AvroField field;
      const Value* name = f.Find("name");
      if (!f.is_object() || name == nullptr || name->kind() != Value::Kind::kString ||
          !ValidNamePart(name->string_value())) {
        return Invalid("every field of record \"" + full + "\" needs a valid \"name\"");
      }
      field.name = name->string_value();
      if (!names.insert(field.name).second) {
        return Invalid("record \"" + full + "\" has two fields named \"" + field.name + "\"");
      }
      const Value* type = f.Find("type");
      if (type == nullptr) return Invalid("field \"" + field.name + "\" needs a \"type\"");
      MR_ASSIGN_OR_RETURN(field.type, ParseNode(*type, own_ns));
      MR_ASSIGN_OR_RETURN(std::vector<std::string> aliases, Aliases(f, ""));
      field.aliases = std::move(aliases);
      if (const Value* def = f.Find("default")) {
        if (!ValidDefault(field.type, *def, 0)) {
          return Invalid("the default of field \"" + field.name + "\" in \"" + full +
                         "\" does not match its type");
        }
        field.default_value = *def;
      }
      node(index).fields.push_back(std::move(field));
    }
    return index;
  }

  Result<int32_t> ParseEnum(const Value& json, const std::string& ns) {
    std::string full, own_ns;
    MR_RETURN_IF_ERROR(NameOf(json, ns, full, own_ns, "enum"));
    const Value* symbols = json.Find("symbols");
    if (symbols == nullptr || !symbols->is_array()) {
      return Invalid("enum \"" + full + "\" needs a \"symbols\" array");
    }
    int32_t index = NewNode(AvroType::kEnum);
    AvroNode& n = node(index);
    n.full_name = full;
    MR_ASSIGN_OR_RETURN(n.aliases, Aliases(json, own_ns));
    std::set<std::string> seen;
    for (const Value& s : symbols->array()) {
      if (s.kind() != Value::Kind::kString || !ValidNamePart(s.string_value())) {
        return Invalid("enum \"" + full + "\" has a symbol that is not a valid name");
      }
      if (!seen.insert(s.string_value()).second) {
        return Invalid("enum \"" + full + "\" lists \"" + s.string_value() + "\" twice");
      }
      n.symbols.push_back(s.string_value());
    }
    if (const Value* def = json.Find("default"); def != nullptr && !def->is_null()) {
      if (def->kind() != Value::Kind::kString || seen.count(def->string_value()) == 0) {
        return Invalid("the default of enum \"" + full + "\" is not one of its symbols");
      }
      n.enum_default = def->string_value();
    }
    named_[full] = index;
    return index;
  }

  Result<int32_t> ParseFixed(const Value& json, const std::string& ns) {
    std::string full, own_ns;
    MR_RETURN_IF_ERROR(NameOf(json, ns, full, own_ns, "fixed"));
    const Value* size = json.Find("size");
    if (size == nullptr || size->kind() != Value::Kind::kInt || size->int_value() < 0) {
      return Invalid("fixed \"" + full + "\" needs a non-negative integer \"size\"");
    }
    int32_t index = NewNode(AvroType::kFixed);
    node(index).full_name = full;
    node(index).size = size->int_value();
    MR_ASSIGN_OR_RETURN(node(index).aliases, Aliases(json, own_ns));
    named_[full] = index;
    return index;
  }

  // Whether `v` is a valid JSON default for the node. A union default may match any branch
  // (the specification asks for the first; common implementations accept any).
  bool ValidDefault(int32_t index, const Value& v, int depth) {
    if (depth > 64) return false;
    const AvroNode& n = node(index);
    switch (n.type) {
      case AvroType::kNull:
        return v.is_null();
      case AvroType::kBoolean:
        return v.kind() == Value::Kind::kBool;
      case AvroType::kInt:
        return v.kind() == Value::Kind::kInt && v.int_value() >= INT32_MIN &&
               v.int_value() <= INT32_MAX;
      case AvroType::kLong:
        return v.kind() == Value::Kind::kInt;
      case AvroType::kFloat:
      case AvroType::kDouble:
        return v.kind() == Value::Kind::kInt || v.kind() == Value::Kind::kDouble;
      case AvroType::kBytes:
      case AvroType::kString:
      case AvroType::kFixed:
        return v.kind() == Value::Kind::kString;
      case AvroType::kEnum:
        if (v.kind() != Value::Kind::kString) return false;
        for (const std::string& s : n.symbols) {
          if (s == v.string_value()) return true;
        }
        return false;
      case AvroType::kArray:
        if (!v.is_array()) return false;
        for (const Value& item : v.array()) {
          if (!ValidDefault(n.items, item, depth + 1)) return false;
        }
        return true;
      case AvroType::kMap:
        if (!v.is_object()) return false;
        for (const auto& [key, item] : v.object()) {
          if (!ValidDefault(n.items, item, depth + 1)) return false;
        }
        return true;
      case AvroType::kRecord: {
        if (!v.is_object()) return false;
        // Copy: a record's fields may still be growing while its own default is checked.
        std::vector<AvroField> fields = n.fields;
        for (const AvroField& f : fields) {
          const Value* member = v.Find(f.name);
          if (member == nullptr) {
            if (!f.default_value) return false;
          } else if (!ValidDefault(f.type, *member, depth + 1)) {
            return false;
          }
        }
        return true;
      }
      case AvroType::kUnion: {
        std::vector<int32_t> branches = n.branches;
        for (int32_t b : branches) {
          if (ValidDefault(b, v, depth + 1)) return true;
        }
        return false;
      }
    }
    return false;
  }

  AvroSchema& schema_;
  std::map<std::string, int32_t> named_;
};

Result<AvroSchema> AvroSchema::Parse(std::string_view text) {
  Result<Value> json = json::Parse(text);
  if (!json.ok()) return Invalid("not valid JSON: " + json.status().message());
  AvroSchema schema;
  AvroSchemaParser parser(schema);
  MR_ASSIGN_OR_RETURN(schema.root_, parser.ParseNode(*json, ""));
  return schema;
}

}  // namespace millrace::catalog
