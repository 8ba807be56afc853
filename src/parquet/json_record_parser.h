// JsonRecordParser turns one JSON record (an object) into one Value per top-level column of a
// schema, with the OpenX JSON SerDe's rules (see docs/parquet.md, "JSON to Parquet"): keys match
// case-insensitively, missing keys are nulls, values are converted per column type. Keeps
// simdjson out of the header. Not thread-safe; one per converter.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "parquet/schema.h"
#include "parquet/value.h"

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

  // Parses the record at `line` into `*row` (one entry per column). On a bad record returns false
  // and fills in error->column and error->reason (not error->record).
  // REQUIRES: SIMDJSON_PADDING (64) readable bytes follow line[length - 1].
  bool Parse(const char* line, size_t length, std::vector<Value>* row, RecordError* error);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace millrace::parquet
