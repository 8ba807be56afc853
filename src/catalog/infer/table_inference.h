// TableInference: what a crawl of one S3 location concludes about its table. Fed one Parquet
// object at a time (its key under the location and its footer), it unions the files' schemas
// into Hive columns, collects the Hive-style partition directories and types their keys, and
// produces the TableInput and PartitionInputs a Glue crawler would write for them.
// Not thread-safe; one per crawl.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "base/value.h"
#include "catalog/hive_type.h"
#include "catalog/infer/lake_layout.h"

namespace millrace::parquet {
struct FileMetaData;
}

namespace millrace::catalog {

inline constexpr std::string_view kParquetInputFormat =
    "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
inline constexpr std::string_view kParquetOutputFormat =
    "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
inline constexpr std::string_view kParquetSerDe =
    "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";

struct InferredColumn {
  std::string name;
  HiveType type;
};

class TableInference {
 public:
  explicit TableInference(S3Location location) : location_(std::move(location)) {}

  // Adds the Parquet object at `relative_key` (relative to the location) of `size` bytes.
  // InvalidArgument if its directories are not `k=v` or name other keys than earlier objects'
  // (nothing is added then), or if a column has no Hive type.
  Status AddObject(std::string_view relative_key, uint64_t size,
                   const parquet::FileMetaData& footer);

  size_t object_count() const { return object_count_; }
  int64_t record_count() const { return record_count_; }
  // Type conflicts between files and columns shadowed by partition keys, for the summary.
  const std::vector<std::string>& warnings() const { return warnings_; }

  // The union of the files' top-level columns (names lower-cased), in order of first
  // appearance, without columns named like a partition key.
  std::vector<InferredColumn> columns() const;
  std::vector<InferredColumn> partition_keys() const;
  // Every distinct partition, values in key order, sorted.
  std::vector<std::vector<std::string>> partitions() const;

  // The TableInput for a table named `name`: EXTERNAL_TABLE, classification=parquet, the
  // location, the Parquet SerDe and input/output formats.
  Value TableInput(const std::string& name) const;
  // The PartitionInput for one of partitions(): the table's storage at its own directory.
  Value PartitionInput(const std::vector<std::string>& values) const;

 private:
  Value StorageDescriptor(const std::string& location, bool with_columns) const;
  Value Parameters() const;

  S3Location location_;
  std::vector<InferredColumn> columns_;
  std::vector<std::string> key_names_;
  bool saw_object_ = false;
  // Partition values -> their directory under the location ("year=2024/region=eu/").
  std::map<std::vector<std::string>, std::string> partitions_;
  std::vector<std::string> warnings_;
  std::string compression_ = "none";
  size_t object_count_ = 0;
  int64_t record_count_ = 0;
  uint64_t size_bytes_ = 0;
};

}  // namespace millrace::catalog
