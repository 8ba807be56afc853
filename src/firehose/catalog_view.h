// CatalogView: what delivery needs from a data catalog (the Glue Data Catalog in millrace):
// a table's columns and partition keys as Hive type strings, to convert records to Parquet and
// to name partitions, and the registration of the partitions delivery creates. The server wires
// an implementation over its catalog; tests use a fake.
// Thread-safety: implementations must be callable from any delivery worker thread.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"

namespace millrace::firehose {

struct CatalogColumn {
  std::string name;
  std::string type;  // Hive type string: "string", "bigint", "array<struct<a:int>>" ...
};

struct CatalogTable {
  std::vector<CatalogColumn> columns;
  std::vector<CatalogColumn> partition_keys;
  std::string location;  // StorageDescriptor.Location, e.g. "s3://bucket/path/"; may be empty
  std::string version_id;
};

class CatalogView {
 public:
  virtual ~CatalogView() = default;
  // The table as of `version_id` ("LATEST" or empty for the current one). NotFound if the
  // database, table or version does not exist.
  virtual Result<CatalogTable> GetTable(const std::string& catalog_id, const std::string& database,
                                        const std::string& table,
                                        const std::string& version_id) = 0;
  // Registers a partition with `values` (in partition-key order) stored at `location`.
  // Succeeds if the partition already exists.
  virtual Status AddPartition(const std::string& catalog_id, const std::string& database,
                              const std::string& table, const std::vector<std::string>& values,
                              const std::string& location) = 0;
};

}  // namespace millrace::firehose
