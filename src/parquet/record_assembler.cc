#include "parquet/record_assembler.h"

#include <fmt/format.h>

#include <algorithm>

namespace millrace::parquet {

namespace {

using Shape = SchemaNode::Shape;

// Walks the leaves' level streams in step. Errors latch into `error_`; reads past the end
// return level 0 so that assembly terminates, and the caller reports the latched error.
class Assembler {
 public:
  Assembler(const Schema& schema, const std::vector<const ColumnChunkData*>& columns)
      : schema_(schema),
        columns_(columns),
        level_pos_(columns.size(), 0),
        value_pos_(columns.size(), 0) {}

  Value ReadField(const SchemaNode& node) {
    if (node.repetition == Repetition::kRepeated) return Value::List(ReadRepeated(node));
    if (node.repetition == Repetition::kOptional && Def(node.first_leaf) < node.def_level) {
      SkipEntry(node);
      return Value::Null();
    }
    return ReadInstance(node);
  }

  bool AtEnd(int32_t leaf) const { return level_pos_[leaf] >= columns_[leaf]->def_levels.size(); }
  int16_t Rep(int32_t leaf) {
    if (AtEnd(leaf)) return Fail("repetition levels end early"), 0;
    return columns_[leaf]->rep_levels[level_pos_[leaf]];
  }
  const Status& error() const { return error_; }
  void Fail(std::string_view what) {
    if (error_.ok()) error_ = Status::Corruption(fmt::format("parquet record assembly: {}", what));
  }

 private:
  int16_t Def(int32_t leaf) {
    if (AtEnd(leaf)) return Fail("definition levels end early"), 0;
    return columns_[leaf]->def_levels[level_pos_[leaf]];
  }

  // Consumes one entry in every leaf under `node`: a null or empty at or above it.
  void SkipEntry(const SchemaNode& node) {
    for (int32_t i = node.first_leaf; i < node.first_leaf + node.leaf_count; ++i) {
      if (AtEnd(i)) {
        Fail("levels end early");
        continue;
      }
      if (columns_[i]->def_levels[level_pos_[i]] == schema_.leaves()[i].max_def_level) {
        Fail("a present value where the levels say null");
      }
      ++level_pos_[i];
    }
  }

  // Instances of a repeated node, at the current position.
  std::vector<Value> ReadRepeated(const SchemaNode& node) {
    std::vector<Value> items;
    if (Def(node.first_leaf) < node.def_level) {
      SkipEntry(node);
      return items;
    }
    do {
      items.push_back(ReadInstance(node));
    } while (error_.ok() && !AtEnd(node.first_leaf) && Rep(node.first_leaf) == node.rep_level);
    return items;
  }

  Value ReadInstance(const SchemaNode& node) {
    switch (node.shape) {
      case Shape::kPrimitive: {
        const int32_t leaf = node.first_leaf;
        if (AtEnd(leaf)) return Fail("levels end early"), Value::Null();
        const ColumnChunkData& data = *columns_[leaf];
        if (data.def_levels[level_pos_[leaf]] != schema_.leaves()[leaf].max_def_level) {
          Fail(fmt::format("leaf {} has a null where a value must be", node.name));
          ++level_pos_[leaf];
          return Value::Null();
        }
        ++level_pos_[leaf];
        if (value_pos_[leaf] >= data.values.size()) return Fail("values end early"), Value::Null();
        return data.values.ValueAt(value_pos_[leaf]++);
      }
      case Shape::kStruct: {
        std::vector<Value> fields;
        fields.reserve(node.children.size());
        for (const SchemaNode& child : node.children) fields.push_back(ReadField(child));
        return Value::Struct(std::move(fields));
      }
      case Shape::kList: {
        const SchemaNode& repeated = node.children[0];
        std::vector<Value> items;
        if (Def(node.first_leaf) < repeated.def_level) {
          SkipEntry(node);
          return Value::List(std::move(items));
        }
        do {
          items.push_back(node.list_element_is_child ? ReadField(repeated.children[0])
                                                     : ReadInstance(repeated));
        } while (error_.ok() && !AtEnd(node.first_leaf) &&
                 Rep(node.first_leaf) == repeated.rep_level);
        return Value::List(std::move(items));
      }
      case Shape::kMap: {
        const SchemaNode& kv = node.children[0];
        std::vector<std::pair<Value, Value>> entries;
        if (Def(node.first_leaf) < kv.def_level) {
          SkipEntry(node);
          return Value::Map(std::move(entries));
        }
        do {
          Value key = ReadField(kv.children[0]);
          Value value = kv.children.size() > 1 ? ReadField(kv.children[1]) : Value::Null();
          entries.emplace_back(std::move(key), std::move(value));
        } while (error_.ok() && !AtEnd(node.first_leaf) && Rep(node.first_leaf) == kv.rep_level);
        return Value::Map(std::move(entries));
      }
    }
    Fail("unknown schema shape");
    return Value::Null();
  }

  const Schema& schema_;
  const std::vector<const ColumnChunkData*>& columns_;
  std::vector<size_t> level_pos_;
  std::vector<size_t> value_pos_;
  Status error_;
};

}  // namespace

Result<std::vector<Value>> AssembleRows(const Schema& schema,
                                        const std::vector<const ColumnChunkData*>& columns,
                                        const std::vector<int>& projection, int64_t num_rows) {
  Assembler assembler(schema, columns);
  std::vector<Value> rows;
  // The row count comes from the footer: only trust it as far as the columns bear it out.
  rows.reserve(static_cast<size_t>(std::min<int64_t>(num_rows, 1 << 16)));
  for (int64_t r = 0; r < num_rows; ++r) {
    std::vector<Value> fields;
    fields.reserve(projection.size());
    for (int index : projection) {
      const SchemaNode& column = schema.columns()[index];
      for (int32_t leaf = column.first_leaf; leaf < column.first_leaf + column.leaf_count; ++leaf) {
        if (assembler.AtEnd(leaf) || assembler.Rep(leaf) != 0) {
          assembler.Fail(fmt::format("row {} does not start at repetition level 0", r));
        }
      }
      if (!assembler.error().ok()) return assembler.error();
      fields.push_back(assembler.ReadField(column));
    }
    if (!assembler.error().ok()) return assembler.error();
    rows.push_back(Value::Struct(std::move(fields)));
  }
  for (int index : projection) {
    const SchemaNode& column = schema.columns()[index];
    for (int32_t leaf = column.first_leaf; leaf < column.first_leaf + column.leaf_count; ++leaf) {
      if (!assembler.AtEnd(leaf)) {
        return Status::Corruption("parquet record assembly: levels left over after the last row");
      }
    }
  }
  return rows;
}

}  // namespace millrace::parquet
