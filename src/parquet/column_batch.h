// Columnar input for FileWriter::WriteBatch. A FlatColumn holds one flat column (a top-level
// primitive that is not repeated) for a batch of rows as typed arrays: a presence flag per row
// and the values of the column's physical type, nulls holding a zero placeholder so that row r
// is value r; byte arrays live in one arena with an end offset per row. A ColumnBatch holds a
// FlatColumn for each flat column of a schema and Values for the others (structs, lists, maps).
// Building a batch allocates nothing per value once the arrays have grown.
// Plain data; thread-compatible.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parquet/schema.h"
#include "parquet/value.h"

namespace millrace::parquet {

class FlatColumn {
 public:
  explicit FlatColumn(PhysicalType type) : type_(type) {}

  PhysicalType type() const { return type_; }
  size_t rows() const { return present_.size(); }

  // Appenders. REQUIRES: the one matching type() (INT96 columns take nothing).
  void AppendNull();
  void AppendBool(bool v) { Push(&bools_, static_cast<uint8_t>(v)); }
  void AppendInt32(int32_t v) { Push(&int32s_, v); }
  void AppendInt64(int64_t v) { Push(&int64s_, v); }
  void AppendFloat(float v) { Push(&floats_, v); }
  void AppendDouble(double v) { Push(&doubles_, v); }
  void AppendBytes(std::string_view v) {
    present_.push_back(1);
    arena_.append(v);
    ends_.push_back(arena_.size());
  }

  // Drops the rows from `rows` on. REQUIRES: rows <= this->rows().
  void Truncate(size_t rows);
  void Clear() { Truncate(0); }

  bool present(size_t row) const { return present_[row] != 0; }
  const uint8_t* presence() const { return present_.data(); }
  // The values; entries of null rows are zero. REQUIRES: the matching type().
  const uint8_t* bools() const { return bools_.data(); }
  const int32_t* int32s() const { return int32s_.data(); }
  const int64_t* int64s() const { return int64s_.data(); }
  const float* floats() const { return floats_.data(); }
  const double* doubles() const { return doubles_.data(); }
  // Row `row`'s bytes (empty for a null). REQUIRES: a BYTE_ARRAY or FIXED_LEN_BYTE_ARRAY column.
  std::string_view bytes(size_t row) const {
    size_t begin = row == 0 ? 0 : ends_[row - 1];
    return std::string_view(arena_).substr(begin, ends_[row] - begin);
  }

 private:
  template <typename T>
  void Push(std::vector<T>* values, T v) {
    present_.push_back(1);
    values->push_back(v);
  }

  PhysicalType type_;
  std::vector<uint8_t> present_;
  std::vector<uint8_t> bools_;
  std::vector<int32_t> int32s_;
  std::vector<int64_t> int64s_;
  std::vector<float> floats_;
  std::vector<double> doubles_;
  std::string arena_;
  std::vector<size_t> ends_;
};

class ColumnBatch {
 public:
  // REQUIRES: `schema` outlives the batch.
  explicit ColumnBatch(const Schema& schema);

  // True if top-level column `c` is primitive and not repeated: its rows go in flat(c).
  static bool IsFlat(const SchemaNode& column) {
    return column.is_leaf() && column.repetition != Repetition::kRepeated;
  }
  bool is_flat(size_t c) const { return flat_index_[c] != kNone; }
  FlatColumn& flat(size_t c) { return flat_[flat_index_[c]]; }
  const FlatColumn& flat(size_t c) const { return flat_[flat_index_[c]]; }
  std::vector<Value>& values(size_t c) { return values_[c]; }
  const std::vector<Value>& values(size_t c) const { return values_[c]; }

  size_t columns() const { return flat_index_.size(); }
  // Rows of column `c` (every column must hold the same number before the batch is written).
  size_t rows(size_t c) const { return is_flat(c) ? flat(c).rows() : values_[c].size(); }
  // Rows of column 0: the batch's rows when it is consistent.
  size_t rows() const { return columns() == 0 ? 0 : rows(0); }
  // Drops every column's rows from `rows` on (a rejected record). Columns shorter are untouched.
  void Truncate(size_t rows);
  void Clear() { Truncate(0); }

 private:
  static constexpr size_t kNone = SIZE_MAX;
  std::vector<size_t> flat_index_;  // per column: its FlatColumn, or kNone
  std::vector<FlatColumn> flat_;
  std::vector<std::vector<Value>> values_;  // per column; empty for flat ones
};

}  // namespace millrace::parquet
