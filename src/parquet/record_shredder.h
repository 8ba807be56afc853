// Turns rows (struct Values) into the (repetition level, definition level, value) entries of
// every leaf column, the Dremel way. A row is checked against the schema completely before any
// column sees an entry, so a rejected row leaves the columns untouched. Not thread-safe.
#pragma once

#include <memory>
#include <vector>

#include "base/status.h"
#include "parquet/column_writer.h"
#include "parquet/schema.h"
#include "parquet/value.h"

namespace millrace::parquet {

class RecordShredder {
 public:
  // REQUIRES: `schema` and `columns` (one writer per leaf, in leaf order) outlive the shredder.
  RecordShredder(const Schema& schema, std::vector<std::unique_ptr<ColumnWriter>>* columns)
      : schema_(schema), columns_(columns) {}

  // InvalidArgument (naming the column) if `row` does not fit the schema: not a struct, more
  // fields than columns, null in a required field, a value of the wrong kind. Missing trailing
  // fields are null.
  Status Validate(const Value& row) const;
  // Adds the row's entries to every column. REQUIRES: Validate(row) is OK.
  Status Shred(const Value& row);

  // The same for one top-level column's value (columnar input). `value` may be null.
  Status ValidateColumnValue(size_t column, const Value& value) const;
  // REQUIRES: ValidateColumnValue(column, value) is OK.
  Status ShredColumnValue(size_t column, const Value& value);

 private:
  Status ShredField(const SchemaNode& node, const Value* value, int16_t rep, int16_t parent_def);
  Status ShredInstance(const SchemaNode& node, const Value& value, int16_t rep);
  Status EmitEmpty(const SchemaNode& node, int16_t rep, int16_t def);

  const Schema& schema_;
  std::vector<std::unique_ptr<ColumnWriter>>* columns_;
};

}  // namespace millrace::parquet
