#include "parquet/file_reader.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/endian.h"
#include "parquet/format.h"
#include "parquet/record_assembler.h"

namespace millrace::parquet {

namespace {

int64_t ChunkStart(const ColumnMetaData& m) {
  int64_t start = m.data_page_offset;
  if (m.dictionary_page_offset && *m.dictionary_page_offset > 0) {
    start = std::min(start, *m.dictionary_page_offset);
  }
  return start;
}

Status ValidateFooter(const FileMetaData& m, const Schema& schema, int64_t footer_start) {
  const auto& leaves = schema.leaves();
  int64_t rows = 0;
  std::vector<std::pair<int64_t, int64_t>> extents;
  for (size_t g = 0; g < m.row_groups.size(); ++g) {
    const RowGroup& rg = m.row_groups[g];
    auto bad = [&](std::string_view what) {
      return Status::Corruption(fmt::format("parquet footer: row group {}: {}", g, what));
    };
    if (rg.num_rows < 0) return bad("negative num_rows");
    if (rg.columns.size() != leaves.size()) {
      return bad(
          fmt::format("{} column chunks for {} leaf columns", rg.columns.size(), leaves.size()));
    }
    rows += rg.num_rows;
    for (size_t c = 0; c < leaves.size(); ++c) {
      const ColumnChunk& chunk = rg.columns[c];
      if (chunk.file_path) return bad("column chunks in other files are not supported");
      if (!chunk.meta_data) return bad("column chunk without metadata");
      const ColumnMetaData& cm = *chunk.meta_data;
      if (cm.path_in_schema != leaves[c].path) {
        return bad(fmt::format("chunk {} path {} differs from the schema's {}", c,
                               fmt::join(cm.path_in_schema, "."), fmt::join(leaves[c].path, ".")));
      }
      if (cm.type != leaves[c].node->physical_type) {
        return bad(fmt::format("chunk {} type differs from the schema", c));
      }
      if (cm.num_values < 0 || cm.total_compressed_size < 0 || cm.total_uncompressed_size < 0) {
        return bad(fmt::format("chunk {} has negative sizes", c));
      }
      if (cm.dictionary_page_offset && *cm.dictionary_page_offset > 0 &&
          *cm.dictionary_page_offset >= cm.data_page_offset) {
        return bad(fmt::format("chunk {} dictionary page is not before its data pages", c));
      }
      int64_t start = ChunkStart(cm);
      if (start < static_cast<int64_t>(kMagic.size()) ||
          cm.total_compressed_size > footer_start - start) {
        return bad(fmt::format("chunk {} lies outside the data area", c));
      }
      extents.emplace_back(start, start + cm.total_compressed_size);
    }
  }
  if (rows != m.num_rows) {
    return Status::Corruption(
        fmt::format("parquet footer: num_rows is {} but the row groups hold {}", m.num_rows, rows));
  }
  std::sort(extents.begin(), extents.end());
  for (size_t i = 1; i < extents.size(); ++i) {
    if (extents[i].first < extents[i - 1].second) {
      return Status::Corruption("parquet footer: column chunks overlap");
    }
  }
  if (!m.column_orders_type_defined.empty() &&
      m.column_orders_type_defined.size() != leaves.size()) {
    return Status::Corruption("parquet footer: column_orders does not match the leaf count");
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<FileReader>> FileReader::Open(const InputSource* source) {
  const uint64_t size = source->size();
  constexpr uint64_t kMinSize = 4 + kFooterTrailerSize;
  if (size < kMinSize) {
    return Status::Corruption(fmt::format("parquet: {} bytes is too small for a file", size));
  }
  std::string head, tail;
  MR_RETURN_IF_ERROR(source->ReadAt(0, 4, &head));
  MR_RETURN_IF_ERROR(source->ReadAt(size - kFooterTrailerSize, kFooterTrailerSize, &tail));
  if (head != kMagic || std::string_view(tail).substr(4) != kMagic) {
    return Status::Corruption("parquet: missing PAR1 magic (not a Parquet file, or encrypted)");
  }
  uint32_t footer_length = LoadLE<uint32_t>(reinterpret_cast<const uint8_t*>(tail.data()));
  if (footer_length > size - kMinSize) {
    return Status::Corruption("parquet: footer length exceeds the file");
  }
  const uint64_t footer_start = size - kFooterTrailerSize - footer_length;
  std::string footer;
  MR_RETURN_IF_ERROR(source->ReadAt(footer_start, footer_length, &footer));
  MR_ASSIGN_OR_RETURN(FileMetaData metadata, ParseFileMetaData(footer));
  MR_ASSIGN_OR_RETURN(Schema schema, Schema::FromElements(metadata.schema));
  MR_RETURN_IF_ERROR(ValidateFooter(metadata, schema, static_cast<int64_t>(footer_start)));
  return std::unique_ptr<FileReader>(
      new FileReader(source, std::move(metadata), std::move(schema)));
}

Result<ColumnChunkData> FileReader::ReadColumnChunk(int row_group, int leaf) const {
  if (row_group < 0 || row_group >= num_row_groups() || leaf < 0 ||
      leaf >= static_cast<int>(schema_.leaves().size())) {
    return Status::OutOfRange("parquet: no such row group or column");
  }
  const RowGroup& rg = metadata_.row_groups[row_group];
  MR_ASSIGN_OR_RETURN(
      ColumnChunkData data,
      parquet::ReadColumnChunk(*source_, *rg.columns[leaf].meta_data, schema_.leaves()[leaf]));
  if (data.rows != rg.num_rows) {
    return Status::Corruption(fmt::format(
        "parquet column {} in row group {}: {} rows, the row group says {}",
        fmt::join(schema_.leaves()[leaf].path, "."), row_group, data.rows, rg.num_rows));
  }
  return data;
}

Result<std::vector<Value>> FileReader::ReadRowGroup(int row_group) const {
  std::vector<int> all(schema_.columns().size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
  return ReadRowGroup(row_group, all);
}

Result<std::vector<Value>> FileReader::ReadRowGroup(int row_group,
                                                    const std::vector<int>& columns) const {
  if (row_group < 0 || row_group >= num_row_groups()) {
    return Status::OutOfRange("parquet: no such row group");
  }
  if (columns.empty()) {
    return Status::InvalidArgument("parquet: select at least one column (num_rows() counts rows)");
  }
  std::vector<ColumnChunkData> data(schema_.leaves().size());
  std::vector<const ColumnChunkData*> pointers(schema_.leaves().size(), nullptr);
  for (int index : columns) {
    if (index < 0 || index >= static_cast<int>(schema_.columns().size())) {
      return Status::OutOfRange("parquet: no such column");
    }
    const SchemaNode& column = schema_.columns()[index];
    for (int32_t leaf = column.first_leaf; leaf < column.first_leaf + column.leaf_count; ++leaf) {
      MR_ASSIGN_OR_RETURN(data[leaf], ReadColumnChunk(row_group, leaf));
      pointers[leaf] = &data[leaf];
    }
  }
  return AssembleRows(schema_, pointers, columns, metadata_.row_groups[row_group].num_rows);
}

Result<std::vector<Value>> FileReader::ReadAll() const {
  std::vector<Value> rows;
  for (int g = 0; g < num_row_groups(); ++g) {
    MR_ASSIGN_OR_RETURN(std::vector<Value> group, ReadRowGroup(g));
    for (Value& row : group) rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace millrace::parquet
