#include "parquet/column_batch.h"

namespace millrace::parquet {

void FlatColumn::AppendNull() {
  switch (type_) {
    case PhysicalType::kBoolean:
      AppendBool(false);
      break;
    case PhysicalType::kInt32:
      AppendInt32(0);
      break;
    case PhysicalType::kInt64:
      AppendInt64(0);
      break;
    case PhysicalType::kFloat:
      AppendFloat(0);
      break;
    case PhysicalType::kDouble:
      AppendDouble(0);
      break;
    case PhysicalType::kByteArray:
    case PhysicalType::kFixedLenByteArray:
      AppendBytes({});
      break;
    case PhysicalType::kInt96:
      present_.push_back(1);
      break;
  }
  present_.back() = 0;
}

void FlatColumn::Truncate(size_t rows) {
  if (rows >= present_.size()) return;
  present_.resize(rows);
  switch (type_) {
    case PhysicalType::kBoolean:
      bools_.resize(rows);
      break;
    case PhysicalType::kInt32:
      int32s_.resize(rows);
      break;
    case PhysicalType::kInt64:
      int64s_.resize(rows);
      break;
    case PhysicalType::kFloat:
      floats_.resize(rows);
      break;
    case PhysicalType::kDouble:
      doubles_.resize(rows);
      break;
    case PhysicalType::kByteArray:
    case PhysicalType::kFixedLenByteArray:
      ends_.resize(rows);
      arena_.resize(rows == 0 ? 0 : ends_.back());
      break;
    case PhysicalType::kInt96:
      break;
  }
}

ColumnBatch::ColumnBatch(const Schema& schema) {
  const auto& columns = schema.columns();
  flat_index_.assign(columns.size(), kNone);
  values_.resize(columns.size());
  for (size_t c = 0; c < columns.size(); ++c) {
    if (!IsFlat(columns[c])) continue;
    flat_index_[c] = flat_.size();
    flat_.emplace_back(columns[c].physical_type);
  }
}

void ColumnBatch::Truncate(size_t rows) {
  for (size_t c = 0; c < columns(); ++c) {
    if (is_flat(c)) {
      flat(c).Truncate(rows);
    } else if (values_[c].size() > rows) {
      values_[c].resize(rows);
    }
  }
}

}  // namespace millrace::parquet
