#include "parquet/record_shredder.h"

#include <fmt/format.h>

namespace millrace::parquet {

namespace {

using Kind = Value::Kind;
using Shape = SchemaNode::Shape;

bool LeafAccepts(const SchemaNode& node, const Value& v) {
  switch (node.physical_type) {
    case PhysicalType::kBoolean:
      return v.kind() == Kind::kBool;
    case PhysicalType::kInt32:
      return v.kind() == Kind::kInt32;
    case PhysicalType::kInt64:
      return v.kind() == Kind::kInt64 || v.kind() == Kind::kInt32;
    case PhysicalType::kFloat:
      return v.kind() == Kind::kFloat;
    case PhysicalType::kDouble:
      return v.kind() == Kind::kDouble || v.kind() == Kind::kFloat;
    case PhysicalType::kByteArray:
      return v.kind() == Kind::kBytes;
    case PhysicalType::kFixedLenByteArray:
      return v.kind() == Kind::kBytes && v.bytes().size() == static_cast<size_t>(node.type_length);
    case PhysicalType::kInt96:
      return false;
  }
  return false;
}

std::string KindName(Kind kind) {
  switch (kind) {
    case Kind::kNull:
      return "null";
    case Kind::kBool:
      return "bool";
    case Kind::kInt32:
      return "int32";
    case Kind::kInt64:
      return "int64";
    case Kind::kFloat:
      return "float";
    case Kind::kDouble:
      return "double";
    case Kind::kBytes:
      return "bytes";
    case Kind::kList:
      return "list";
    case Kind::kMap:
      return "map";
    case Kind::kStruct:
      return "struct";
  }
  return "?";
}

// The dotted path of the field being validated, rendered only for error messages so that
// valid rows cost no string building.
struct FieldPath {
  const FieldPath* parent;
  std::string_view name;

  std::string ToString() const {
    std::string head = parent ? parent->ToString() : "";
    if (name.empty()) return head;
    return head.empty() ? std::string(name) : head + "." + std::string(name);
  }
};

Status ValidateInstance(const SchemaNode& node, const Value& v, const FieldPath& path);

// `v` may be null (absent).
Status ValidateField(const SchemaNode& node, const Value* v, const FieldPath& parent) {
  FieldPath path{&parent, node.name};
  bool absent = v == nullptr || v->is_null();
  if (node.repetition == Repetition::kRepeated) {
    if (absent) return Status::Ok();
    if (v->kind() != Kind::kList) {
      return Status::InvalidArgument(fmt::format("field '{}' is repeated and needs a list, got {}",
                                                 path.ToString(), KindName(v->kind())));
    }
    for (const Value& item : v->children()) MR_RETURN_IF_ERROR(ValidateInstance(node, item, path));
    return Status::Ok();
  }
  if (absent) {
    if (node.repetition == Repetition::kRequired) {
      return Status::InvalidArgument(
          fmt::format("field '{}' is required but null", path.ToString()));
    }
    return Status::Ok();
  }
  return ValidateInstance(node, *v, path);
}

Status ValidateInstance(const SchemaNode& node, const Value& v, const FieldPath& path) {
  auto mismatch = [&](const char* want) {
    return Status::InvalidArgument(
        fmt::format("field '{}' needs {}, got {}", path.ToString(), want, KindName(v.kind())));
  };
  switch (node.shape) {
    case Shape::kPrimitive:
      if (v.is_null())
        return Status::InvalidArgument(fmt::format("field '{}': null item", path.ToString()));
      if (!LeafAccepts(node, v)) {
        return Status::InvalidArgument(
            fmt::format("field '{}' ({}{}) cannot hold a {} value", path.ToString(),
                        PhysicalTypeName(node.physical_type),
                        node.physical_type == PhysicalType::kFixedLenByteArray
                            ? fmt::format("({})", node.type_length)
                            : "",
                        KindName(v.kind())));
      }
      return Status::Ok();
    case Shape::kStruct:
      if (v.kind() != Kind::kStruct) return mismatch("a struct");
      if (v.children().size() > node.children.size()) {
        return Status::InvalidArgument(fmt::format("field '{}' has {} values for {} fields",
                                                   path.ToString(), v.children().size(),
                                                   node.children.size()));
      }
      for (size_t i = 0; i < node.children.size(); ++i) {
        const Value* child = i < v.children().size() ? &v.children()[i] : nullptr;
        MR_RETURN_IF_ERROR(ValidateField(node.children[i], child, path));
      }
      return Status::Ok();
    case Shape::kList: {
      if (v.kind() != Kind::kList) return mismatch("a list");
      const SchemaNode& repeated = node.children[0];
      for (const Value& item : v.children()) {
        if (node.list_element_is_child) {
          MR_RETURN_IF_ERROR(ValidateField(repeated.children[0], &item, path));
        } else {
          MR_RETURN_IF_ERROR(ValidateInstance(repeated, item, path));
        }
      }
      return Status::Ok();
    }
    case Shape::kMap: {
      if (v.kind() != Kind::kMap) return mismatch("a map");
      const SchemaNode& kv = node.children[0];
      for (size_t i = 0; i < v.map_size(); ++i) {
        MR_RETURN_IF_ERROR(ValidateField(kv.children[0], &v.map_key(i), path));
        if (kv.children.size() > 1) {
          MR_RETURN_IF_ERROR(ValidateField(kv.children[1], &v.map_value(i), path));
        }
      }
      return Status::Ok();
    }
  }
  return Status::Internal("unknown schema shape");
}

}  // namespace

Status RecordShredder::Validate(const Value& row) const {
  if (row.kind() != Kind::kStruct) {
    return Status::InvalidArgument("a row must be a struct value, got " + KindName(row.kind()));
  }
  return ValidateInstance(schema_.root(), row, FieldPath{nullptr, ""});
}

Status RecordShredder::ValidateColumnValue(size_t column, const Value& value) const {
  return ValidateField(schema_.columns()[column], &value, FieldPath{nullptr, ""});
}

Status RecordShredder::ShredColumnValue(size_t column, const Value& value) {
  return ShredField(schema_.columns()[column], &value, 0, 0);
}

Status RecordShredder::Shred(const Value& row) {
  return ShredInstance(schema_.root(), row, 0);
}

Status RecordShredder::EmitEmpty(const SchemaNode& node, int16_t rep, int16_t def) {
  for (int32_t i = node.first_leaf; i < node.first_leaf + node.leaf_count; ++i) {
    MR_RETURN_IF_ERROR((*columns_)[i]->Add(rep, def, nullptr));
  }
  return Status::Ok();
}

Status RecordShredder::ShredField(const SchemaNode& node, const Value* value, int16_t rep,
                                  int16_t parent_def) {
  const bool absent = value == nullptr || value->is_null();
  if (node.repetition == Repetition::kRepeated) {
    if (absent || value->children().empty()) return EmitEmpty(node, rep, parent_def);
    const auto& items = value->children();
    for (size_t i = 0; i < items.size(); ++i) {
      MR_RETURN_IF_ERROR(ShredInstance(node, items[i], i == 0 ? rep : node.rep_level));
    }
    return Status::Ok();
  }
  if (absent) return EmitEmpty(node, rep, parent_def);
  return ShredInstance(node, *value, rep);
}

Status RecordShredder::ShredInstance(const SchemaNode& node, const Value& value, int16_t rep) {
  switch (node.shape) {
    case Shape::kPrimitive:
      return (*columns_)[node.first_leaf]->Add(rep, node.def_level, &value);
    case Shape::kStruct:
      for (size_t i = 0; i < node.children.size(); ++i) {
        const Value* child = i < value.children().size() ? &value.children()[i] : nullptr;
        MR_RETURN_IF_ERROR(ShredField(node.children[i], child, rep, node.def_level));
      }
      return Status::Ok();
    case Shape::kList: {
      const SchemaNode& repeated = node.children[0];
      const auto& items = value.children();
      if (items.empty()) return EmitEmpty(node, rep, node.def_level);
      for (size_t i = 0; i < items.size(); ++i) {
        int16_t item_rep = i == 0 ? rep : repeated.rep_level;
        if (node.list_element_is_child) {
          MR_RETURN_IF_ERROR(
              ShredField(repeated.children[0], &items[i], item_rep, repeated.def_level));
        } else {
          MR_RETURN_IF_ERROR(ShredInstance(repeated, items[i], item_rep));
        }
      }
      return Status::Ok();
    }
    case Shape::kMap: {
      const SchemaNode& kv = node.children[0];
      if (value.map_size() == 0) return EmitEmpty(node, rep, node.def_level);
      for (size_t i = 0; i < value.map_size(); ++i) {
        int16_t item_rep = i == 0 ? rep : kv.rep_level;
        MR_RETURN_IF_ERROR(ShredField(kv.children[0], &value.map_key(i), item_rep, kv.def_level));
        if (kv.children.size() > 1) {
          MR_RETURN_IF_ERROR(
              ShredField(kv.children[1], &value.map_value(i), item_rep, kv.def_level));
        }
      }
      return Status::Ok();
    }
  }
  return Status::Internal("unknown schema shape");
}

}  // namespace millrace::parquet
