// GlueCatalogView: the CatalogView of the server's own Glue Data Catalog. Tables are read with
// GetTable / GetTableVersion (StorageDescriptor.Columns and PartitionKeys with their Hive type
// strings) and partitions are added with CreatePartition, their storage descriptor copied from
// the table's with the partition's Location.
// Thread-safe (the Catalog is). The catalog is taken from the Glue context at each call, so the
// view may be built before the server starts; calls fail with Unavailable while it is closed.
#pragma once

#include <memory>

#include "firehose/catalog_view.h"

namespace millrace::catalog {
class GlueContext;
}

namespace millrace::firehose {

class GlueCatalogView final : public CatalogView {
 public:
  explicit GlueCatalogView(std::shared_ptr<catalog::GlueContext> glue) : glue_(std::move(glue)) {}

  Result<CatalogTable> GetTable(const std::string& catalog_id, const std::string& database,
                                const std::string& table, const std::string& version_id) override;
  Status AddPartition(const std::string& catalog_id, const std::string& database,
                      const std::string& table, const std::vector<std::string>& values,
                      const std::string& location) override;

 private:
  std::shared_ptr<catalog::GlueContext> glue_;
};

}  // namespace millrace::firehose
