// The builders of writer schemas (schema.h, namespace schema).
#include "parquet/schema.h"

namespace millrace::parquet {

namespace {

using Kind = LogicalTypeInfo::Kind;

SchemaNode Leaf(std::string name, Repetition repetition, PhysicalType type,
                LogicalTypeInfo logical = {}) {
  SchemaNode n;
  n.name = std::move(name);
  n.repetition = repetition;
  n.shape = SchemaNode::Shape::kPrimitive;
  n.physical_type = type;
  n.logical_type = logical;
  return n;
}

SchemaNode Group(std::string name, Repetition repetition, SchemaNode::Shape shape,
                 std::vector<SchemaNode> children) {
  SchemaNode n;
  n.name = std::move(name);
  n.repetition = repetition;
  n.shape = shape;
  n.children = std::move(children);
  if (shape == SchemaNode::Shape::kList) n.logical_type.kind = Kind::kList;
  if (shape == SchemaNode::Shape::kMap) n.logical_type.kind = Kind::kMap;
  return n;
}

}  // namespace

namespace schema {
SchemaNode Boolean(std::string name, Repetition r) {
  return Leaf(std::move(name), r, PhysicalType::kBoolean);
}
SchemaNode Int32(std::string name, Repetition r) {
  return Leaf(std::move(name), r, PhysicalType::kInt32);
}
SchemaNode Int64(std::string name, Repetition r) {
  return Leaf(std::move(name), r, PhysicalType::kInt64);
}
SchemaNode Float(std::string name, Repetition r) {
  return Leaf(std::move(name), r, PhysicalType::kFloat);
}
SchemaNode Double(std::string name, Repetition r) {
  return Leaf(std::move(name), r, PhysicalType::kDouble);
}
SchemaNode String(std::string name, Repetition r) {
  return Leaf(std::move(name), r, PhysicalType::kByteArray, {.kind = Kind::kString});
}
SchemaNode Binary(std::string name, Repetition r) {
  return Leaf(std::move(name), r, PhysicalType::kByteArray);
}
SchemaNode Date(std::string name, Repetition r) {
  return Leaf(std::move(name), r, PhysicalType::kInt32, {.kind = Kind::kDate});
}
SchemaNode TimestampMillis(std::string name, Repetition r) {
  return Leaf(std::move(name), r, PhysicalType::kInt64,
              {.kind = Kind::kTimestamp, .is_adjusted_to_utc = true, .unit = TimeUnit::kMillis});
}
SchemaNode TimestampMicros(std::string name, Repetition r) {
  return Leaf(std::move(name), r, PhysicalType::kInt64,
              {.kind = Kind::kTimestamp, .is_adjusted_to_utc = true, .unit = TimeUnit::kMicros});
}
SchemaNode Decimal(std::string name, int32_t precision, int32_t scale, Repetition r) {
  PhysicalType type = precision <= 9    ? PhysicalType::kInt32
                      : precision <= 18 ? PhysicalType::kInt64
                                        : PhysicalType::kFixedLenByteArray;
  SchemaNode n = Leaf(std::move(name), r, type,
                      {.kind = Kind::kDecimal, .scale = scale, .precision = precision});
  if (type == PhysicalType::kFixedLenByteArray) n.type_length = DecimalByteLength(precision);
  return n;
}
SchemaNode Struct(std::string name, std::vector<SchemaNode> fields, Repetition r) {
  return Group(std::move(name), r, SchemaNode::Shape::kStruct, std::move(fields));
}
SchemaNode List(std::string name, SchemaNode element, Repetition r) {
  element.name = "element";
  std::vector<SchemaNode> inner;
  inner.push_back(std::move(element));
  std::vector<SchemaNode> outer;
  outer.push_back(
      Group("list", Repetition::kRepeated, SchemaNode::Shape::kStruct, std::move(inner)));
  return Group(std::move(name), r, SchemaNode::Shape::kList, std::move(outer));
}
SchemaNode Map(std::string name, SchemaNode key, SchemaNode value, Repetition r) {
  key.name = "key";
  key.repetition = Repetition::kRequired;
  value.name = "value";
  std::vector<SchemaNode> kv;
  kv.push_back(std::move(key));
  kv.push_back(std::move(value));
  std::vector<SchemaNode> outer;
  outer.push_back(
      Group("key_value", Repetition::kRepeated, SchemaNode::Shape::kStruct, std::move(kv)));
  return Group(std::move(name), r, SchemaNode::Shape::kMap, std::move(outer));
}
}  // namespace schema

}  // namespace millrace::parquet
