// VerifyFile: the strict self-consistency check of a written file (see file_reader.h).
#include <fmt/format.h>

#include <cmath>

#include "parquet/file_reader.h"
#include "parquet/statistics.h"

namespace millrace::parquet {

namespace {

bool IsNaN(const Value& v) {
  return (v.kind() == Value::Kind::kFloat && std::isnan(v.float_value())) ||
         (v.kind() == Value::Kind::kDouble && std::isnan(v.double_value()));
}

// Statistics bytes as a writer must store min/max for floating-point zero (-0 min, +0 max).
std::string NormalizedZero(const SchemaNode& leaf, std::string bytes, bool is_min) {
  if (leaf.physical_type == PhysicalType::kFloat) {
    float f;
    std::memcpy(&f, bytes.data(), 4);
    if (f == 0) f = is_min ? -0.0f : 0.0f;
    std::memcpy(bytes.data(), &f, 4);
  } else if (leaf.physical_type == PhysicalType::kDouble) {
    double d;
    std::memcpy(&d, bytes.data(), 8);
    if (d == 0) d = is_min ? -0.0 : 0.0;
    std::memcpy(bytes.data(), &d, 8);
  }
  return bytes;
}

Status CheckChunk(const FileReader& reader, int g, int leaf_index) {
  const ColumnDescriptor& leaf = reader.schema().leaves()[leaf_index];
  const ColumnMetaData& m = *reader.metadata().row_groups[g].columns[leaf_index].meta_data;
  auto bad = [&](std::string what) {
    return Status::Corruption(fmt::format("parquet verify: row group {} column {}: {}", g,
                                          fmt::join(leaf.path, "."), what));
  };
  MR_ASSIGN_OR_RETURN(ColumnChunkData data, reader.ReadColumnChunk(g, leaf_index));
  if (data.uncompressed_bytes != m.total_uncompressed_size) {
    return bad(fmt::format("total_uncompressed_size {} but pages add up to {}",
                           m.total_uncompressed_size, data.uncompressed_bytes));
  }
  if (data.data_pages > 0 && data.first_data_page_offset != m.data_page_offset) {
    return bad(fmt::format("data_page_offset {} but the first data page is at {}",
                           m.data_page_offset, data.first_data_page_offset));
  }
  bool has_dictionary_offset = m.dictionary_page_offset.has_value();
  if (data.has_dictionary != has_dictionary_offset) {
    return bad("dictionary_page_offset disagrees with the pages");
  }
  if (!m.statistics) return Status::Ok();
  const Statistics& stats = *m.statistics;
  int64_t nulls = 0;
  for (int16_t d : data.def_levels) nulls += d < leaf.max_def_level;
  if (stats.null_count && *stats.null_count != nulls) {
    return bad(fmt::format("null_count {} but {} nulls", *stats.null_count, nulls));
  }
  std::optional<std::string> lo, hi;
  for (size_t i = 0; i < data.values.size(); ++i) {
    Value v = data.values.ValueAt(i);
    if (IsNaN(v)) continue;
    std::string bytes = StatisticBytes(*leaf.node, v);
    if (!lo || CompareStatistics(*leaf.node, bytes, *lo) < 0) lo = bytes;
    if (!hi || CompareStatistics(*leaf.node, *hi, bytes) < 0) hi = bytes;
  }
  if (lo) {
    lo = NormalizedZero(*leaf.node, *lo, true);
    hi = NormalizedZero(*leaf.node, *hi, false);
  }
  if (lo && (lo->size() > kMaxStatisticsBytes || hi->size() > kMaxStatisticsBytes)) {
    lo.reset();  // too long to be written
    hi.reset();
  }
  if (stats.min_value != lo || stats.max_value != hi) {
    return bad("min_value/max_value differ from the values");
  }
  return Status::Ok();
}

}  // namespace

Status VerifyFile(const InputSource& source) {
  MR_ASSIGN_OR_RETURN(auto reader, FileReader::Open(&source));
  for (int g = 0; g < reader->num_row_groups(); ++g) {
    for (int leaf = 0; leaf < static_cast<int>(reader->schema().leaves().size()); ++leaf) {
      MR_RETURN_IF_ERROR(CheckChunk(*reader, g, leaf));
    }
    MR_ASSIGN_OR_RETURN(auto rows, reader->ReadRowGroup(g));
    if (static_cast<int64_t>(rows.size()) != reader->metadata().row_groups[g].num_rows) {
      return Status::Corruption("parquet verify: assembled row count differs");
    }
  }
  return Status::Ok();
}

}  // namespace millrace::parquet
