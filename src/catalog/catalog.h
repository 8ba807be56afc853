// Catalog: the Glue Data Catalog's databases, tables (with their archived versions) and
// partitions, persisted in a KvStore. Requests and answers are Glue's own shapes as Value
// documents (DatabaseInput in, Database out, ...), so the Glue service is a thin layer and
// in-process users (Firehose) see exactly what GetTable returns; TableSchemaOf gives them typed
// columns. Errors: NotFound, AlreadyExists, InvalidArgument (see catalog_errors.h for their
// Glue names); a failed call changes nothing.
// Thread-safe: reads run concurrently; writes are serialized by one mutex and each applies as
// one atomic, synced KvStore batch. Every call blocks on disk: call it through net::RunBlocking
// from a coroutine.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "base/value.h"
#include "catalog/hive_type.h"

namespace millrace {
class KvStore;
class KvWriteBatch;
}

namespace millrace::catalog {

// One page of a listing; next_token is empty on the last page.
struct CatalogPage {
  std::vector<Value> items;
  std::string next_token;
};

// The failure of one entry of a batch operation.
struct BatchEntryError {
  size_t index = 0;  // the entry's position in the request
  Status status;
};

// A table's columns and partition keys with parsed types, for in-process writers.
struct ColumnSchema {
  std::string name;
  HiveType type;
  std::string comment;
};
struct TableSchema {
  std::string database;
  std::string name;
  std::string location;
  std::vector<ColumnSchema> columns;
  std::vector<ColumnSchema> partition_keys;
};

struct ListOptions {
  std::string next_token;  // empty: from the start
  int32_t max_results = 0;  // 0: the operation's default (and maximum)
};

class Catalog {
 public:
  // Uses `store` (keys under "catalog/"). `catalog_id` is stamped on everything as CatalogId.
  // REQUIRES: `store` outlives the catalog.
  explicit Catalog(KvStore* store, std::string catalog_id = "000000000000");
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;

  const std::string& catalog_id() const { return catalog_id_; }

  // Databases.
  Status CreateDatabase(const Value& database_input);
  Result<Value> GetDatabase(std::string_view name) const;
  Result<CatalogPage> GetDatabases(const ListOptions& options) const;  // max 100
  // Replaces the database's definition; DatabaseInput.Name must be the database's name.
  Status UpdateDatabase(std::string_view name, const Value& database_input);
  // Deletes the database with all its tables, table versions and partitions.
  Status DeleteDatabase(std::string_view name);

  // Tables.
  Status CreateTable(std::string_view db, const Value& table_input);
  Result<Value> GetTable(std::string_view db, std::string_view name) const;
  // `expression`: a pattern the whole table name must match, case-insensitively (a regular
  // expression, where a '*' not preceded by '.' means any run of characters). Max 100.
  Result<CatalogPage> GetTables(std::string_view db, std::string_view expression,
                                const ListOptions& options) const;
  // Replaces the table's definition (CreateTime kept, VersionId + 1). The previous definition
  // stays readable through GetTableVersions unless `skip_archive`. If `expected_version` is
  // set it must equal the current VersionId (else AlreadyExists, a concurrent update).
  Status UpdateTable(std::string_view db, const Value& table_input, bool skip_archive,
                     const std::optional<std::string>& expected_version = std::nullopt);
  Status DeleteTable(std::string_view db, std::string_view name);
  // Deletes each table; an entry that fails does not stop the others.
  Result<std::vector<BatchEntryError>> BatchDeleteTable(std::string_view db,
                                                        const std::vector<std::string>& names);
  // Items are {Table, VersionId}, newest first. Max 100.
  Result<CatalogPage> GetTableVersions(std::string_view db, std::string_view table,
                                       const ListOptions& options) const;
  Result<Value> GetTableVersion(std::string_view db, std::string_view table,
                                std::string_view version_id) const;
  // Typed columns of a table. InvalidArgument if a column has no type.
  Result<TableSchema> TableSchemaOf(std::string_view db, std::string_view table) const;

  // Partitions.
  Status CreatePartition(std::string_view db, std::string_view table, const Value& partition_input);
  Result<std::vector<BatchEntryError>> BatchCreatePartition(std::string_view db,
                                                            std::string_view table,
                                                            const std::vector<Value>& inputs);
  Result<Value> GetPartition(std::string_view db, std::string_view table,
                             const std::vector<std::string>& values) const;
  // `expression`: the partition filter (partition_filter.h); empty for all. Max 1000.
  Result<CatalogPage> GetPartitions(std::string_view db, std::string_view table,
                                    std::string_view expression, const ListOptions& options) const;
  // The partitions that exist among `wanted`, in request order; missing ones are skipped.
  Result<std::vector<Value>> BatchGetPartition(
      std::string_view db, std::string_view table,
      const std::vector<std::vector<std::string>>& wanted) const;
  // Replaces partition `values` by `partition_input` (whose Values may differ: a move).
  Status UpdatePartition(std::string_view db, std::string_view table,
                         const std::vector<std::string>& values, const Value& partition_input);
  Status DeletePartition(std::string_view db, std::string_view table,
                         const std::vector<std::string>& values);
  Result<std::vector<BatchEntryError>> BatchDeletePartition(
      std::string_view db, std::string_view table,
      const std::vector<std::vector<std::string>>& values);

 private:
  // The stored document under `key`, or NotFound with `not_found`.
  Result<Value> Load(const std::string& key, const std::string& not_found) const;
  Status RequireDatabase(const std::string& db) const;
  // The stored table `db`.`table`, names already normalized.
  Result<Value> LoadTable(const std::string& db, const std::string& table) const;
  Result<Value> LoadTableNamed(std::string_view db, std::string_view table,
                               std::string* db_name, std::string* table_name) const;
  // Visits stored documents under `prefix` after the token's key; fills a page of up to `limit`
  // matches.
  Result<CatalogPage> Page(const std::string& prefix, const ListOptions& options, int32_t limit,
                           const std::function<bool(std::string_view key, const Value&)>& keep,
                           const std::function<Value(std::string_view key, Value)>& shape) const;
  // Adds the deletes of a table, its versions and its partitions to `batch`.
  Status DeleteTableInto(const std::string& db, const std::string& table,
                         KvWriteBatch* batch) const;
  // Adds deletes for every key under `prefix` to `batch`.
  Status DeleteAllUnder(const std::string& prefix, KvWriteBatch* batch) const;
  // Checks one PartitionInput of `table_doc` and adds its put to `batch`; `pending` holds the
  // keys this batch creates already. REQUIRES: write_mu_ held.
  Status AddPartitionTo(const Value& table_doc, const Value& input, int64_t now_ms,
                        std::vector<std::string>* pending, KvWriteBatch* batch) const;

  KvStore* store_;
  std::string catalog_id_;
  std::mutex write_mu_;  // serializes every read-check-write
};

}  // namespace millrace::catalog
