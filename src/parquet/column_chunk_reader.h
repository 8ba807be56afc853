// Reads one column chunk: walks its pages (dictionary, DataPage V1/V2), decompresses them and
// decodes levels and values. Checks the pages against the chunk metadata: page sizes must add up
// to total_compressed_size exactly and level counts to num_values. Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "base/status.h"
#include "parquet/column_values.h"
#include "parquet/io.h"
#include "parquet/metadata.h"
#include "parquet/schema.h"

namespace millrace::parquet {

// Upper bound on the level entries one page may claim, so that a hostile header cannot make
// the reader allocate without limit.
inline constexpr int64_t kMaxPageValues = int64_t{1} << 26;

struct ColumnChunkData {
  std::vector<int16_t> def_levels;  // one per entry (all zero when max_def_level is 0)
  std::vector<int16_t> rep_levels;  // one per entry (all zero when max_rep_level is 0)
  ColumnValues values;              // the non-null values, in order
  // Facts for consistency checks.
  int64_t rows = 0;                // entries with repetition level 0
  int64_t uncompressed_bytes = 0;  // headers plus uncompressed page bodies
  int64_t first_data_page_offset = -1;
  int32_t data_pages = 0;
  bool has_dictionary = false;
};

Result<ColumnChunkData> ReadColumnChunk(const InputSource& source, const ColumnMetaData& meta,
                                        const ColumnDescriptor& column);

}  // namespace millrace::parquet
