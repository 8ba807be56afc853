#include "parquet/file_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "base/endian.h"
#include "parquet/compression.h"
#include "parquet/record_shredder.h"

namespace millrace::parquet {

FileWriter::FileWriter(Schema schema, WriterOptions options, OutputSink* sink)
    : schema_(std::move(schema)), options_(std::move(options)), sink_(sink) {}

FileWriter::~FileWriter() = default;

Result<std::unique_ptr<FileWriter>> FileWriter::Open(Schema schema, WriterOptions options,
                                                     OutputSink* sink) {
  if (!CodecSupported(options.codec)) {
    return Status::InvalidArgument(
        fmt::format("parquet writer: codec {} is not supported", CodecName(options.codec)));
  }
  if (options.page_size <= 0 || options.row_group_size <= 0 ||
      options.dictionary_page_size_limit <= 0) {
    return Status::InvalidArgument("parquet writer: sizes must be positive");
  }
  for (const ColumnDescriptor& leaf : schema.leaves()) {
    if (leaf.node->physical_type == PhysicalType::kInt96) {
      return Status::InvalidArgument("parquet writer: INT96 columns are read-only");
    }
  }
  std::unique_ptr<FileWriter> w(new FileWriter(std::move(schema), std::move(options), sink));
  ColumnWriterOptions column_options{
      .codec = w->options_.codec,
      .dictionary = w->options_.dictionary,
      .page_size = w->options_.page_size,
      .dictionary_page_size_limit = w->options_.dictionary_page_size_limit,
      .data_page_v2 = w->options_.data_page_v2,
  };
  for (const ColumnDescriptor& leaf : w->schema_.leaves()) {
    w->columns_.push_back(ColumnWriter::Make(leaf, column_options));
  }
  w->shredder_ = std::make_unique<RecordShredder>(w->schema_, &w->columns_);
  w->metadata_.version = 1;
  w->metadata_.schema = w->schema_.ToElements();
  w->metadata_.created_by = w->options_.created_by;
  w->metadata_.key_value_metadata = w->options_.key_value_metadata;
  w->metadata_.column_orders_type_defined.assign(w->schema_.leaves().size(), true);
  MR_RETURN_IF_ERROR(sink->Append(kMagic));
  return w;
}

Status FileWriter::WriteRow(const Value& row) {
  if (closed_) return Status::InvalidArgument("parquet writer: WriteRow after Close");
  MR_RETURN_IF_ERROR(error_);
  MR_RETURN_IF_ERROR(shredder_->Validate(row));
  Status s = shredder_->Shred(row);
  for (auto& column : columns_) {
    if (s.ok()) s = column->EndRow();
  }
  if (!s.ok()) {
    error_ = s;
    return s;
  }
  return EndRows(1);
}

Status FileWriter::WriteColumns(const std::vector<std::vector<Value>>& columns) {
  if (closed_) return Status::InvalidArgument("parquet writer: WriteColumns after Close");
  MR_RETURN_IF_ERROR(error_);
  if (columns.size() != schema_.columns().size()) {
    return Status::InvalidArgument(
        fmt::format("parquet writer: {} columns given, the schema has {}", columns.size(),
                    schema_.columns().size()));
  }
  const size_t rows = columns.empty() ? 0 : columns[0].size();
  for (size_t c = 0; c < columns.size(); ++c) {
    if (columns[c].size() != rows) {
      return Status::InvalidArgument("parquet writer: columns of different lengths");
    }
    for (const Value& v : columns[c]) MR_RETURN_IF_ERROR(shredder_->ValidateColumnValue(c, v));
  }
  for (size_t begin = 0; begin < rows; begin += kBatchSlice) {
    const size_t end = std::min(rows, begin + kBatchSlice);
    Status s;
    for (size_t c = 0; c < columns.size() && s.ok(); ++c) s = ShredValues(c, columns[c], begin, end);
    if (!s.ok()) {
      error_ = s;
      return s;
    }
    MR_RETURN_IF_ERROR(EndRows(static_cast<int64_t>(end - begin)));
  }
  return Status::Ok();
}

Status FileWriter::ShredValues(size_t c, const std::vector<Value>& values, size_t begin,
                               size_t end) {
  const SchemaNode& node = schema_.columns()[c];
  for (size_t r = begin; r < end; ++r) {
    MR_RETURN_IF_ERROR(shredder_->ShredColumnValue(c, values[r]));
    // Each leaf sees its own row boundary; leaves are independent of one another.
    for (int32_t leaf = node.first_leaf; leaf < node.first_leaf + node.leaf_count; ++leaf) {
      MR_RETURN_IF_ERROR(columns_[leaf]->EndRow());
    }
  }
  return Status::Ok();
}

Status FileWriter::ValidateFlat(size_t c, const FlatColumn& column, size_t rows) const {
  const SchemaNode& node = schema_.columns()[c];
  if (!ColumnBatch::IsFlat(node) || column.type() != node.physical_type) {
    return Status::InvalidArgument(
        fmt::format("parquet writer: column '{}' does not take flat values of this type",
                    node.name));
  }
  if (column.rows() != rows) {
    return Status::InvalidArgument("parquet writer: columns of different lengths");
  }
  const uint8_t* present = column.presence();
  if (node.repetition == Repetition::kRequired) {
    for (size_t r = 0; r < rows; ++r) {
      if (!present[r]) {
        return Status::InvalidArgument(
            fmt::format("field '{}' is required but null", node.name));
      }
    }
  }
  if (node.physical_type == PhysicalType::kFixedLenByteArray) {
    for (size_t r = 0; r < rows; ++r) {
      if (present[r] && column.bytes(r).size() != static_cast<size_t>(node.type_length)) {
        return Status::InvalidArgument(fmt::format(
            "field '{}' (FIXED_LEN_BYTE_ARRAY({})) cannot hold a value of {} bytes", node.name,
            node.type_length, column.bytes(r).size()));
      }
    }
  }
  return Status::Ok();
}

Status FileWriter::WriteBatch(const ColumnBatch& batch) {
  if (closed_) return Status::InvalidArgument("parquet writer: WriteBatch after Close");
  MR_RETURN_IF_ERROR(error_);
  if (batch.columns() != schema_.columns().size()) {
    return Status::InvalidArgument(
        fmt::format("parquet writer: {} columns given, the schema has {}", batch.columns(),
                    schema_.columns().size()));
  }
  const size_t rows = batch.rows();
  for (size_t c = 0; c < batch.columns(); ++c) {
    if (batch.is_flat(c)) {
      MR_RETURN_IF_ERROR(ValidateFlat(c, batch.flat(c), rows));
      continue;
    }
    if (batch.values(c).size() != rows) {
      return Status::InvalidArgument("parquet writer: columns of different lengths");
    }
    for (const Value& v : batch.values(c)) {
      MR_RETURN_IF_ERROR(shredder_->ValidateColumnValue(c, v));
    }
  }
  for (size_t begin = 0; begin < rows; begin += kBatchSlice) {
    const size_t end = std::min(rows, begin + kBatchSlice);
    Status s;
    for (size_t c = 0; c < batch.columns() && s.ok(); ++c) {
      if (batch.is_flat(c)) {
        s = columns_[schema_.columns()[c].first_leaf]->WriteFlat(batch.flat(c), begin, end);
      } else {
        s = ShredValues(c, batch.values(c), begin, end);
      }
    }
    if (!s.ok()) {
      error_ = s;
      return s;
    }
    MR_RETURN_IF_ERROR(EndRows(static_cast<int64_t>(end - begin)));
  }
  return Status::Ok();
}

Status FileWriter::EndRows(int64_t rows) {
  group_rows_ += rows;
  int64_t buffered = 0;
  for (auto& column : columns_) buffered += column->buffered_bytes();
  if (buffered >= options_.row_group_size) return FlushRowGroup();
  return Status::Ok();
}

Status FileWriter::FlushRowGroup() {
  MR_RETURN_IF_ERROR(error_);
  if (group_rows_ == 0) return Status::Ok();
  RowGroup group;
  group.num_rows = group_rows_;
  group.file_offset = static_cast<int64_t>(sink_->position());
  if (metadata_.row_groups.size() <= static_cast<size_t>(INT16_MAX)) {
    group.ordinal = static_cast<int16_t>(metadata_.row_groups.size());  // an i16 in the format
  }
  int64_t compressed = 0;
  for (auto& column : columns_) {
    auto chunk = column->FinishChunk();
    if (!chunk.ok()) {
      error_ = chunk.status();
      return error_;
    }
    int64_t base = static_cast<int64_t>(sink_->position());
    ColumnChunk cc;
    cc.meta_data = std::move(chunk->metadata);
    ColumnMetaData& m = *cc.meta_data;
    m.data_page_offset += base;
    if (m.dictionary_page_offset) *m.dictionary_page_offset += base;
    cc.file_offset = base;
    for (const std::string& piece : chunk->pieces) {
      Status s = sink_->Append(piece);
      if (!s.ok()) {
        error_ = s;
        return s;
      }
    }
    group.total_byte_size += m.total_uncompressed_size;
    compressed += m.total_compressed_size;
    group.columns.push_back(std::move(cc));
  }
  group.total_compressed_size = compressed;
  metadata_.row_groups.push_back(std::move(group));
  total_rows_ += group_rows_;
  group_rows_ = 0;
  return Status::Ok();
}

Status FileWriter::Close() {
  if (closed_) return Status::InvalidArgument("parquet writer: Close called twice");
  MR_RETURN_IF_ERROR(FlushRowGroup());
  closed_ = true;
  metadata_.num_rows = total_rows_;
  std::string footer;
  SerializeFileMetaData(metadata_, &footer);
  char length[4];
  StoreLE(reinterpret_cast<uint8_t*>(length), static_cast<uint32_t>(footer.size()));
  footer.append(length, 4);
  footer.append(kMagic);
  return sink_->Append(footer);
}

}  // namespace millrace::parquet
