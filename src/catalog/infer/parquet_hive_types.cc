#include "catalog/infer/parquet_hive_types.h"

#include "parquet/schema.h"

namespace millrace::catalog {

namespace {

using parquet::ConvertedType;
using parquet::LogicalTypeInfo;
using parquet::PhysicalType;
using parquet::SchemaNode;
using LogicalKind = LogicalTypeInfo::Kind;

HiveType Simple(HiveType::Kind kind) {
  HiveType t;
  t.kind = kind;
  return t;
}

Result<HiveType> PrimitiveType(const SchemaNode& n) {
  const LogicalKind logical = n.logical_type.kind;
  if (logical == LogicalKind::kDecimal) {
    HiveType t = Simple(HiveType::Kind::kDecimal);
    t.precision = n.logical_type.precision;
    t.scale = n.logical_type.scale;
    if (t.precision < 1 || t.precision > 38 || t.scale < 0 || t.scale > t.precision) {
      return Status::InvalidArgument("column '" + n.name + "': decimal(" +
                                     std::to_string(t.precision) + "," +
                                     std::to_string(t.scale) + ") does not fit Hive");
    }
    return t;
  }
  if (logical == LogicalKind::kTime) {
    return Status::InvalidArgument("column '" + n.name + "': Parquet TIME has no Hive type");
  }
  switch (n.physical_type) {
    case PhysicalType::kBoolean:
      return Simple(HiveType::Kind::kBoolean);
    case PhysicalType::kInt32:
      if (logical == LogicalKind::kDate) return Simple(HiveType::Kind::kDate);
      if (logical == LogicalKind::kInteger) {
        if (!n.logical_type.is_signed && n.logical_type.bit_width >= 32) {
          return Simple(HiveType::Kind::kBigInt);
        }
        if (n.logical_type.bit_width == 8) return Simple(HiveType::Kind::kTinyInt);
        if (n.logical_type.bit_width == 16) return Simple(HiveType::Kind::kSmallInt);
      }
      return Simple(HiveType::Kind::kInt);
    case PhysicalType::kInt64:
      if (logical == LogicalKind::kTimestamp) return Simple(HiveType::Kind::kTimestamp);
      if (logical == LogicalKind::kInteger && !n.logical_type.is_signed) {
        HiveType t = Simple(HiveType::Kind::kDecimal);  // uint64 does not fit bigint
        t.precision = 20;
        return t;
      }
      return Simple(HiveType::Kind::kBigInt);
    case PhysicalType::kInt96:
      return Simple(HiveType::Kind::kTimestamp);
    case PhysicalType::kFloat:
      return Simple(HiveType::Kind::kFloat);
    case PhysicalType::kDouble:
      return Simple(HiveType::Kind::kDouble);
    case PhysicalType::kByteArray:
    case PhysicalType::kFixedLenByteArray:
      if (logical == LogicalKind::kString || logical == LogicalKind::kEnum ||
          logical == LogicalKind::kJson ||
          (n.converted_type && *n.converted_type == ConvertedType::kUtf8)) {
        return Simple(HiveType::Kind::kString);
      }
      return Simple(HiveType::Kind::kBinary);
  }
  return Status::InvalidArgument("column '" + n.name + "': unknown physical type");
}

Result<HiveType> NodeType(const SchemaNode& n, bool apply_repetition);

Result<HiveType> ArrayOf(Result<HiveType> element) {
  if (!element.ok()) return element.status();
  HiveType t = Simple(HiveType::Kind::kArray);
  t.children.push_back(std::move(element).value());
  return t;
}

Result<HiveType> ShapeType(const SchemaNode& n) {
  switch (n.shape) {
    case SchemaNode::Shape::kPrimitive:
      return PrimitiveType(n);
    case SchemaNode::Shape::kList: {
      const SchemaNode& repeated = n.children[0];
      if (n.list_element_is_child) return ArrayOf(NodeType(repeated.children[0], true));
      return ArrayOf(NodeType(repeated, false));  // legacy 2-level: the repeated node is it
    }
    case SchemaNode::Shape::kMap: {
      const SchemaNode& key_value = n.children[0];
      if (key_value.children.size() != 2) {
        return Status::InvalidArgument("column '" + n.name + "': a MAP without values");
      }
      MR_ASSIGN_OR_RETURN(HiveType key, NodeType(key_value.children[0], true));
      MR_ASSIGN_OR_RETURN(HiveType value, NodeType(key_value.children[1], true));
      if (!key.is_primitive()) {
        return Status::InvalidArgument("column '" + n.name + "': map keys must be primitive");
      }
      HiveType t = Simple(HiveType::Kind::kMap);
      t.children.push_back(std::move(key));
      t.children.push_back(std::move(value));
      return t;
    }
    case SchemaNode::Shape::kStruct: {
      HiveType t = Simple(HiveType::Kind::kStruct);
      for (const SchemaNode& child : n.children) {
        MR_ASSIGN_OR_RETURN(HiveType field, NodeType(child, true));
        t.field_names.push_back(child.name);
        t.children.push_back(std::move(field));
      }
      return t;
    }
  }
  return Status::InvalidArgument("column '" + n.name + "': unknown shape");
}

// The node's type; a repeated node outside a LIST annotation is an array of it.
Result<HiveType> NodeType(const SchemaNode& n, bool apply_repetition) {
  if (apply_repetition && n.repetition == parquet::Repetition::kRepeated) {
    return ArrayOf(ShapeType(n));
  }
  return ShapeType(n);
}

}  // namespace

Result<HiveType> HiveTypeOfParquet(const SchemaNode& node) {
  return NodeType(node, true);
}

}  // namespace millrace::catalog
