// FileReader opens a Parquet file from an InputSource: it reads and validates the footer
// (magic, lengths, schema, and every column chunk's place in the file), then reads row groups
// as decoded columns or as rows. Const methods are thread-safe if the source's ReadAt is.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "base/status.h"
#include "parquet/column_chunk_reader.h"
#include "parquet/io.h"
#include "parquet/metadata.h"
#include "parquet/schema.h"
#include "parquet/value.h"

namespace millrace::parquet {

class FileReader {
 public:
  // Corruption if the footer is malformed or inconsistent. REQUIRES: `source` outlives the reader.
  static Result<std::unique_ptr<FileReader>> Open(const InputSource* source);

  const FileMetaData& metadata() const { return metadata_; }
  const Schema& schema() const { return schema_; }
  int num_row_groups() const { return static_cast<int>(metadata_.row_groups.size()); }
  int64_t num_rows() const { return metadata_.num_rows; }

  // Decoded levels and values of one leaf column (index into schema().leaves()).
  Result<ColumnChunkData> ReadColumnChunk(int row_group, int leaf) const;
  // The rows of a row group, each a struct with one child per top-level column.
  Result<std::vector<Value>> ReadRowGroup(int row_group) const;
  // Only the listed top-level columns (indexes into schema().columns()), in that order; at
  // least one.
  Result<std::vector<Value>> ReadRowGroup(int row_group, const std::vector<int>& columns) const;
  // Every row of the file.
  Result<std::vector<Value>> ReadAll() const;

 private:
  FileReader(const InputSource* source, FileMetaData metadata, Schema schema)
      : source_(source), metadata_(std::move(metadata)), schema_(std::move(schema)) {}

  const InputSource* source_;
  FileMetaData metadata_;
  Schema schema_;
};

// Reads the whole file and checks everything a writer must get right, beyond what reading
// needs: per chunk, sizes (total_compressed_size, total_uncompressed_size), data_page_offset,
// num_values, row counts equal to the row group's num_rows, null_count and min/max statistics
// equal to the values; per file, num_rows equal to the sum of the row groups'. Corruption with
// a description of the first mismatch.
Status VerifyFile(const InputSource& source);

}  // namespace millrace::parquet
