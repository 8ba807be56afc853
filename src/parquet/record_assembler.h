// Rebuilds rows (struct Values) from the decoded leaf columns of one row group: the inverse of
// RecordShredder, for any schema the reader accepts (3-level and legacy LIST layouts, MAP,
// structs, bare repeated fields). Inconsistent levels across columns are Corruption.
#pragma once

#include <vector>

#include "base/status.h"
#include "parquet/column_chunk_reader.h"
#include "parquet/schema.h"
#include "parquet/value.h"

namespace millrace::parquet {

// `columns[i]` holds the data of the i-th top-level column's leaves, indexed by leaf number
// (schema.leaves()); only the leaves of the columns listed in `projection` (top-level column
// indexes, in output order) are read. REQUIRES: those leaves are present in `columns`.
Result<std::vector<Value>> AssembleRows(const Schema& schema,
                                        const std::vector<const ColumnChunkData*>& columns,
                                        const std::vector<int>& projection, int64_t num_rows);

}  // namespace millrace::parquet
