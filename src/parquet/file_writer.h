// FileWriter streams rows into a Parquet file: "PAR1", row groups, then the footer. It buffers
// one row group in memory (as encoded, compressed pages) and writes it to the sink when the
// buffered bytes reach the row-group size, so memory stays bounded by one row group.
// Not thread-safe; one writer per file.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "parquet/column_batch.h"
#include "parquet/column_writer.h"
#include "parquet/io.h"
#include "parquet/metadata.h"
#include "parquet/schema.h"
#include "parquet/value.h"

namespace millrace::parquet {

class RecordShredder;

// Defaults mirror Firehose's ParquetSerDe: SNAPPY, 256 MiB blocks, 1 MiB pages, DataPage V1.
struct WriterOptions {
  Codec codec = Codec::kSnappy;
  bool dictionary = true;
  int64_t row_group_size = 256ll << 20;  // buffered bytes that close a row group
  int64_t page_size = 1 << 20;
  int64_t dictionary_page_size_limit = 1 << 20;
  bool data_page_v2 = false;
  std::string created_by = "millrace version 0.1";
  std::vector<KeyValue> key_value_metadata;
};

class FileWriter {
 public:
  // Writes the leading magic to `sink`. REQUIRES: `sink` is empty and outlives the writer.
  static Result<std::unique_ptr<FileWriter>> Open(Schema schema, WriterOptions options,
                                                  OutputSink* sink);
  ~FileWriter();

  // Adds one row: a struct Value with one child per top-level column (see RecordShredder).
  // An invalid row is rejected with InvalidArgument and leaves the file unchanged.
  Status WriteRow(const Value& row);
  // Adds a batch of rows given column by column: `columns[i][r]` is top-level column i of row r
  // (null for a null). All columns must have the same length. The whole batch is validated
  // before any of it is written; row groups still close by size, checked every kBatchSlice rows.
  Status WriteColumns(const std::vector<std::vector<Value>>& columns);
  static constexpr size_t kBatchSlice = 1024;
  // The same for a ColumnBatch made for this writer's schema: flat columns reach their column
  // writers as typed arrays (no Value per field), the others as in WriteColumns. Writes the same
  // bytes as WriteColumns given the same rows.
  Status WriteBatch(const ColumnBatch& batch);

  // Closes the current row group now (no-op if it is empty).
  Status FlushRowGroup();
  // Flushes the last row group and writes the footer. The writer accepts nothing afterwards.
  Status Close();

  const Schema& schema() const { return schema_; }
  int64_t rows_written() const { return total_rows_ + group_rows_; }
  // The footer as written by Close(). REQUIRES: Close() succeeded.
  const FileMetaData& metadata() const { return metadata_; }

 private:
  FileWriter(Schema schema, WriterOptions options, OutputSink* sink);
  // Ends `rows` rows in every leaf column (page boundaries) and closes the row group if full.
  Status EndRows(int64_t rows);
  // Checks that a flat column fits its schema column: `rows` rows, no null in a required
  // column, FIXED_LEN_BYTE_ARRAY values of the type's length.
  Status ValidateFlat(size_t c, const FlatColumn& column, size_t rows) const;
  // Shreds rows [begin, end) of Value column `c` into its leaves, ending each row.
  Status ShredValues(size_t c, const std::vector<Value>& values, size_t begin, size_t end);

  Schema schema_;
  WriterOptions options_;
  OutputSink* sink_;
  std::vector<std::unique_ptr<ColumnWriter>> columns_;
  std::unique_ptr<RecordShredder> shredder_;
  FileMetaData metadata_;
  int64_t group_rows_ = 0;
  int64_t total_rows_ = 0;
  bool closed_ = false;
  Status error_;  // the first write error; the file is unusable after one
};

}  // namespace millrace::parquet
