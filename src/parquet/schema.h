// The schema of a Parquet file as a tree that mirrors the file's SchemaElements exactly (LIST and
// MAP keep their intermediate repeated groups), annotated with definition and repetition levels.
// The same tree drives the writer's shredding and the reader's record assembly. Builders below
// make the standard 3-level LIST and MAP layouts. Immutable once built; thread-safe to share.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "parquet/format.h"
#include "parquet/metadata.h"

namespace millrace::parquet {

struct SchemaNode {
  // How a node's values look: a leaf, a struct of its children, a LIST or a MAP group.
  enum class Shape : uint8_t { kPrimitive, kStruct, kList, kMap };

  std::string name;
  Repetition repetition = Repetition::kOptional;
  Shape shape = Shape::kPrimitive;
  PhysicalType physical_type = PhysicalType::kInt32;  // leaves only
  int32_t type_length = 0;                            // FIXED_LEN_BYTE_ARRAY only
  LogicalTypeInfo logical_type;
  std::optional<ConvertedType> converted_type;  // as read; derived from logical_type on write
  std::vector<SchemaNode> children;

  // Filled in when the Schema is built.
  int16_t def_level = 0;   // definition level of a present instance of this node
  int16_t rep_level = 0;   // repetition level of this node's own repetitions
  int32_t first_leaf = 0;  // index of the first leaf column at or under this node
  int32_t leaf_count = 0;
  // kList only: true if an element is the repeated group's single child (3-level layout),
  // false if the repeated node itself is the element (legacy 2-level layouts).
  bool list_element_is_child = true;

  bool is_leaf() const { return shape == Shape::kPrimitive; }
};

// Builders for writer schemas. `repetition` is kOptional or kRequired.
namespace schema {
SchemaNode Boolean(std::string name, Repetition repetition = Repetition::kOptional);
SchemaNode Int32(std::string name, Repetition repetition = Repetition::kOptional);
SchemaNode Int64(std::string name, Repetition repetition = Repetition::kOptional);
SchemaNode Float(std::string name, Repetition repetition = Repetition::kOptional);
SchemaNode Double(std::string name, Repetition repetition = Repetition::kOptional);
SchemaNode String(std::string name, Repetition repetition = Repetition::kOptional);
SchemaNode Binary(std::string name, Repetition repetition = Repetition::kOptional);
SchemaNode Date(std::string name, Repetition repetition = Repetition::kOptional);
// INT64 timestamps, UTC-adjusted.
SchemaNode TimestampMillis(std::string name, Repetition repetition = Repetition::kOptional);
SchemaNode TimestampMicros(std::string name, Repetition repetition = Repetition::kOptional);
// INT32 for precision <= 9, INT64 for <= 18, FIXED_LEN_BYTE_ARRAY (big-endian) up to 38.
SchemaNode Decimal(std::string name, int32_t precision, int32_t scale,
                   Repetition repetition = Repetition::kOptional);
SchemaNode Struct(std::string name, std::vector<SchemaNode> fields,
                  Repetition repetition = Repetition::kOptional);
// `<rep> group name (LIST) { repeated group list { element } }`; the element is renamed.
SchemaNode List(std::string name, SchemaNode element,
                Repetition repetition = Repetition::kOptional);
// `<rep> group name (MAP) { repeated group key_value { required key; value } }`.
SchemaNode Map(std::string name, SchemaNode key, SchemaNode value,
               Repetition repetition = Repetition::kOptional);
}  // namespace schema

// Bytes of the smallest FIXED_LEN_BYTE_ARRAY that holds a DECIMAL of `precision` digits.
int32_t DecimalByteLength(int32_t precision);

// A leaf column: where it sits and the levels its pages carry.
struct ColumnDescriptor {
  const SchemaNode* node = nullptr;
  std::vector<std::string> path;  // path_in_schema
  int16_t max_def_level = 0;
  int16_t max_rep_level = 0;
};

class Schema {
 public:
  // Validates the columns (names, types, decimal ranges, LIST/MAP layouts) and computes levels.
  static Result<Schema> Make(std::vector<SchemaNode> columns);
  // Rebuilds the tree from a file's depth-first SchemaElement list (root first).
  static Result<Schema> FromElements(const std::vector<SchemaElement>& elements);

  Schema(const Schema& other);
  Schema& operator=(const Schema& other);
  Schema(Schema&&) noexcept = default;
  Schema& operator=(Schema&&) noexcept = default;

  // The depth-first SchemaElement list for a footer, with logical and converted types set.
  std::vector<SchemaElement> ToElements() const;

  const SchemaNode& root() const { return *root_; }
  const std::vector<SchemaNode>& columns() const { return root_->children; }
  const std::vector<ColumnDescriptor>& leaves() const { return leaves_; }
  // A readable one-line rendering, e.g. "id: INT64 required, tags: LIST<STRING>".
  std::string ToString() const;

 private:
  explicit Schema(std::unique_ptr<SchemaNode> root) : root_(std::move(root)) {}
  void Annotate();

  std::unique_ptr<SchemaNode> root_;
  std::vector<ColumnDescriptor> leaves_;
};

}  // namespace millrace::parquet
