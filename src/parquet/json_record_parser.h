// JsonRecordParser turns one JSON record (an object) into one row of a ColumnBatch, with the
// OpenX JSON SerDe's rules (see docs/parquet.md, "JSON to Parquet"): keys match
// case-insensitively, missing keys are nulls, values are converted per column type. Flat
// columns get typed values straight from the parsed JSON; structs, lists and maps get Values.
// Keeps simdjson out of the header. Not thread-safe; one per converter.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "parquet/column_batch.h"
#include "parquet/schema.h"

namespace millrace::parquet {

// One rejected record. `record` counts every non-blank line given to the converter, from 0.
struct RecordError {
  int64_t record = 0;
  std::string column;  // dotted path, e.g. "loc.lat"; empty when the record is not an object
  std::string reason;
  std::string ToString() const;
};

class JsonRecordParser {
 public:
  // REQUIRES: `schema` outlives the parser.
  explicit JsonRecordParser(const Schema& schema);
  ~JsonRecordParser();

  // Parses the record at `line` and appends it to `*batch` as one row. On a bad record returns
  // false, leaves `*batch` as it was and fills in error->column and error->reason (not
  // error->record). REQUIRES: SIMDJSON_PADDING (64) readable bytes follow line[length - 1];
  // `batch` was made for the parser's schema and all its columns have the same number of rows.
  bool Parse(const char* line, size_t length, ColumnBatch* batch, RecordError* error);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace millrace::parquet
