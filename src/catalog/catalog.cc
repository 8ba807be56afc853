// Catalog: databases, tables and their versions. Partitions are in catalog_partitions.cc.
#include "catalog/catalog.h"

#include <algorithm>
#include <regex>

#include "base/clock.h"
#include "base/json.h"
#include "base/kv_store.h"
#include "catalog/catalog_keys.h"
#include "catalog/catalog_shapes.h"

namespace millrace::catalog {

namespace {

constexpr int32_t kMaxDatabasesPerPage = 100;
constexpr int32_t kMaxTablesPerPage = 100;
constexpr size_t kMaxBatchDeleteTables = 100;
constexpr size_t kMaxTableExpressionLength = 2048;

// A table-name pattern as std::regex: '*' not after '.' becomes ".*" (Hive-style "sales*").
Result<std::regex> TablePattern(std::string_view expression) {
  if (expression.size() > kMaxTableExpressionLength) {
    return Status::InvalidArgument("Expression is longer than 2048 characters");
  }
  std::string pattern;
  for (size_t i = 0; i < expression.size(); ++i) {
    if (expression[i] == '*' && (i == 0 || expression[i - 1] != '.')) {
      pattern += ".*";
    } else {
      pattern.push_back(expression[i]);
    }
  }
  try {
    return std::regex(pattern, std::regex::ECMAScript | std::regex::icase);
  } catch (const std::regex_error& e) {
    return Status::InvalidArgument("Invalid table name expression '" + std::string(expression) +
                                   "': " + e.what());
  }
}

int64_t VersionNumber(const Value& table) {
  std::string v = StringMember(table, "VersionId");
  int64_t n = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return 0;
    n = n * 10 + (c - '0');
  }
  return n;
}

}  // namespace

Catalog::Catalog(KvStore* store, std::string catalog_id)
    : store_(store), catalog_id_(std::move(catalog_id)) {}

Result<Value> Catalog::Load(const std::string& key, const std::string& not_found) const {
  MR_ASSIGN_OR_RETURN(std::optional<std::string> bytes, store_->Get(key));
  if (!bytes) return Status::NotFound(not_found);
  Result<Value> doc = json::Parse(*bytes);
  if (!doc.ok()) return Status::Corruption("catalog entry " + key + ": " + doc.status().message());
  return std::move(doc).value();
}

Status Catalog::RequireDatabase(const std::string& db) const {
  MR_ASSIGN_OR_RETURN(std::optional<std::string> bytes, store_->Get(keys::Database(db)));
  if (!bytes) return Status::NotFound("Database " + db + " not found.");
  return Status::Ok();
}

Result<Value> Catalog::LoadTable(const std::string& db, const std::string& table) const {
  MR_RETURN_IF_ERROR(RequireDatabase(db));
  return Load(keys::Table(db, table), "Table " + table + " not found.");
}

Result<Value> Catalog::LoadTableNamed(std::string_view db, std::string_view table,
                                      std::string* db_name, std::string* table_name) const {
  MR_ASSIGN_OR_RETURN(*db_name, NormalizeName(db, "Database name"));
  MR_ASSIGN_OR_RETURN(*table_name, NormalizeName(table, "Table name"));
  return LoadTable(*db_name, *table_name);
}

Result<CatalogPage> Catalog::Page(
    const std::string& prefix, const ListOptions& options, int32_t limit,
    const std::function<bool(std::string_view key, const Value&)>& keep,
    const std::function<Value(std::string_view key, Value)>& shape) const {
  if (options.max_results < 0 || options.max_results > limit) {
    return Status::InvalidArgument("MaxResults must be between 1 and " + std::to_string(limit));
  }
  const size_t page_size = options.max_results == 0 ? limit : options.max_results;
  std::string start_after;
  if (!options.next_token.empty()) {
    MR_ASSIGN_OR_RETURN(start_after, keys::ResumeKey(options.next_token, prefix));
  }
  CatalogPage page;
  std::string last_key;
  bool more = false;
  Status failure;
  MR_RETURN_IF_ERROR(store_->Scan(prefix, start_after, [&](std::string_view key,
                                                           std::string_view bytes) {
    Result<Value> doc = json::Parse(bytes);
    if (!doc.ok()) {
      failure = Status::Corruption("catalog entry " + std::string(key) + ": " +
                                   doc.status().message());
      return false;
    }
    if (!keep(key, *doc)) return true;
    if (page.items.size() == page_size) {
      more = true;
      return false;
    }
    page.items.push_back(shape(key, std::move(doc).value()));
    last_key = std::string(key);
    return true;
  }));
  MR_RETURN_IF_ERROR(failure);
  if (more) page.next_token = keys::PageToken(last_key);
  return page;
}

Status Catalog::DeleteAllUnder(const std::string& prefix, KvWriteBatch* batch) const {
  return store_->Scan(prefix, "", [&](std::string_view key, std::string_view) {
    batch->Delete(key);
    return true;
  });
}

// ---- databases

Status Catalog::CreateDatabase(const Value& database_input) {
  MR_ASSIGN_OR_RETURN(Value db, DatabaseFromInput(database_input, catalog_id_, WallMillis()));
  const std::string name = StringMember(db, "Name");
  std::lock_guard lock(write_mu_);
  MR_ASSIGN_OR_RETURN(std::optional<std::string> existing, store_->Get(keys::Database(name)));
  if (existing) return Status::AlreadyExists("Database already exists.");
  return store_->Put(keys::Database(name), json::Write(db));
}

Result<Value> Catalog::GetDatabase(std::string_view name) const {
  MR_ASSIGN_OR_RETURN(std::string db, NormalizeName(name, "Database name"));
  return Load(keys::Database(db), "Database " + db + " not found.");
}

Result<CatalogPage> Catalog::GetDatabases(const ListOptions& options) const {
  return Page(
      keys::DatabasePrefix(), options, kMaxDatabasesPerPage,
      [](std::string_view, const Value&) { return true; },
      [](std::string_view, Value doc) { return doc; });
}

Status Catalog::UpdateDatabase(std::string_view name, const Value& database_input) {
  MR_ASSIGN_OR_RETURN(std::string db, NormalizeName(name, "Database name"));
  MR_ASSIGN_OR_RETURN(Value updated, DatabaseFromInput(database_input, catalog_id_, WallMillis()));
  if (StringMember(updated, "Name") != db) {
    return Status::InvalidArgument("DatabaseInput.Name must be the database's name, " + db +
                                   "; renaming a database is not supported.");
  }
  std::lock_guard lock(write_mu_);
  MR_ASSIGN_OR_RETURN(Value current, Load(keys::Database(db), "Database " + db + " not found."));
  if (const Value* created = current.Find("CreateTime")) updated.Set("CreateTime", *created);
  return store_->Put(keys::Database(db), json::Write(updated));
}

Status Catalog::DeleteDatabase(std::string_view name) {
  MR_ASSIGN_OR_RETURN(std::string db, NormalizeName(name, "Database name"));
  std::lock_guard lock(write_mu_);
  MR_RETURN_IF_ERROR(RequireDatabase(db));
  KvWriteBatch batch;
  batch.Delete(keys::Database(db));
  MR_RETURN_IF_ERROR(DeleteAllUnder(keys::TablePrefix(db), &batch));
  MR_RETURN_IF_ERROR(DeleteAllUnder(keys::TableVersionsOfDatabase(db), &batch));
  MR_RETURN_IF_ERROR(DeleteAllUnder(keys::PartitionsOfDatabase(db), &batch));
  return store_->Write(batch);
}

// ---- tables

Status Catalog::CreateTable(std::string_view db_name, const Value& table_input) {
  MR_ASSIGN_OR_RETURN(std::string db, NormalizeName(db_name, "Database name"));
  MR_ASSIGN_OR_RETURN(Value table, TableFromInput(table_input, db, catalog_id_, WallMillis()));
  const std::string name = StringMember(table, "Name");
  std::lock_guard lock(write_mu_);
  MR_RETURN_IF_ERROR(RequireDatabase(db));
  MR_ASSIGN_OR_RETURN(std::optional<std::string> existing, store_->Get(keys::Table(db, name)));
  if (existing) return Status::AlreadyExists("Table already exists.");
  const std::string bytes = json::Write(table);
  KvWriteBatch batch;
  batch.Put(keys::Table(db, name), bytes);
  batch.Put(keys::TableVersion(db, name, 1), bytes);
  return store_->Write(batch);
}

Result<Value> Catalog::GetTable(std::string_view db, std::string_view name) const {
  std::string db_name, table_name;
  return LoadTableNamed(db, name, &db_name, &table_name);
}

Result<CatalogPage> Catalog::GetTables(std::string_view db_name, std::string_view expression,
                                       const ListOptions& options) const {
  MR_ASSIGN_OR_RETURN(std::string db, NormalizeName(db_name, "Database name"));
  MR_RETURN_IF_ERROR(RequireDatabase(db));
  std::optional<std::regex> pattern;
  if (!expression.empty()) {
    MR_ASSIGN_OR_RETURN(pattern, TablePattern(expression));
  }
  return Page(
      keys::TablePrefix(db), options, kMaxTablesPerPage,
      [&](std::string_view, const Value& table) {
        return !pattern || std::regex_match(StringMember(table, "Name"), *pattern);
      },
      [](std::string_view, Value doc) { return doc; });
}

Status Catalog::UpdateTable(std::string_view db_name, const Value& table_input, bool skip_archive,
                            const std::optional<std::string>& expected_version) {
  MR_ASSIGN_OR_RETURN(std::string db, NormalizeName(db_name, "Database name"));
  MR_ASSIGN_OR_RETURN(Value updated, TableFromInput(table_input, db, catalog_id_, WallMillis()));
  const std::string name = StringMember(updated, "Name");
  std::lock_guard lock(write_mu_);
  MR_ASSIGN_OR_RETURN(Value current, LoadTable(db, name));
  const int64_t version = VersionNumber(current);
  if (expected_version && *expected_version != StringMember(current, "VersionId")) {
    return Status::AlreadyExists("Table " + name + " was updated concurrently: its version is " +
                                 StringMember(current, "VersionId") + ", not " +
                                 *expected_version + ".");
  }
  if (const Value* created = current.Find("CreateTime")) updated.Set("CreateTime", *created);
  updated.Set("VersionId", Value(std::to_string(version + 1)));
  const std::string bytes = json::Write(updated);
  KvWriteBatch batch;
  batch.Put(keys::Table(db, name), bytes);
  batch.Put(keys::TableVersion(db, name, version + 1), bytes);
  if (skip_archive) batch.Delete(keys::TableVersion(db, name, version));
  return store_->Write(batch);
}

Status Catalog::DeleteTableInto(const std::string& db, const std::string& table,
                                KvWriteBatch* batch) const {
  MR_RETURN_IF_ERROR(LoadTable(db, table).status());
  batch->Delete(keys::Table(db, table));
  MR_RETURN_IF_ERROR(DeleteAllUnder(keys::TableVersionPrefix(db, table), batch));
  return DeleteAllUnder(keys::PartitionPrefix(db, table), batch);
}

Status Catalog::DeleteTable(std::string_view db_name, std::string_view name) {
  MR_ASSIGN_OR_RETURN(std::string db, NormalizeName(db_name, "Database name"));
  MR_ASSIGN_OR_RETURN(std::string table, NormalizeName(name, "Table name"));
  std::lock_guard lock(write_mu_);
  KvWriteBatch batch;
  MR_RETURN_IF_ERROR(DeleteTableInto(db, table, &batch));
  return store_->Write(batch);
}

Result<std::vector<BatchEntryError>> Catalog::BatchDeleteTable(
    std::string_view db_name, const std::vector<std::string>& names) {
  MR_ASSIGN_OR_RETURN(std::string db, NormalizeName(db_name, "Database name"));
  if (names.empty() || names.size() > kMaxBatchDeleteTables) {
    return Status::InvalidArgument("TablesToDelete must hold between 1 and 100 names");
  }
  std::lock_guard lock(write_mu_);
  MR_RETURN_IF_ERROR(RequireDatabase(db));
  std::vector<BatchEntryError> errors;
  KvWriteBatch batch;
  std::vector<std::string> deleted;
  for (size_t i = 0; i < names.size(); ++i) {
    Result<std::string> table = NormalizeName(names[i], "Table name");
    Status s = table.status();
    if (s.ok() && std::find(deleted.begin(), deleted.end(), *table) != deleted.end()) {
      s = Status::NotFound("Table " + *table + " not found.");
    }
    if (s.ok()) s = DeleteTableInto(db, *table, &batch);
    if (!s.ok()) {
      errors.push_back({i, std::move(s)});
      continue;
    }
    deleted.push_back(*table);
  }
  if (!batch.empty()) MR_RETURN_IF_ERROR(store_->Write(batch));
  return errors;
}

Result<CatalogPage> Catalog::GetTableVersions(std::string_view db_name, std::string_view name,
                                              const ListOptions& options) const {
  std::string db, table;
  MR_RETURN_IF_ERROR(LoadTableNamed(db_name, name, &db, &table).status());
  return Page(
      keys::TableVersionPrefix(db, table), options, kMaxTablesPerPage,
      [](std::string_view, const Value&) { return true; },
      [](std::string_view, Value doc) {
        Value item = Value::MakeObject();
        std::string version = StringMember(doc, "VersionId");
        item.Set("Table", std::move(doc));
        item.Set("VersionId", Value(std::move(version)));
        return item;
      });
}

Result<Value> Catalog::GetTableVersion(std::string_view db_name, std::string_view name,
                                       std::string_view version_id) const {
  std::string db, table;
  MR_ASSIGN_OR_RETURN(Value current, LoadTableNamed(db_name, name, &db, &table));
  if (version_id.empty()) return current;
  Value probe = Value::MakeObject();
  probe.Set("VersionId", Value(version_id));
  const int64_t version = VersionNumber(probe);
  if (version <= 0) return Status::InvalidArgument("VersionId must be a positive number");
  return Load(keys::TableVersion(db, table, version),
              "Version " + std::string(version_id) + " of table " + table + " not found.");
}

Result<TableSchema> Catalog::TableSchemaOf(std::string_view db_name, std::string_view name) const {
  std::string db, table_name;
  MR_ASSIGN_OR_RETURN(Value table, LoadTableNamed(db_name, name, &db, &table_name));
  TableSchema schema;
  schema.database = db;
  schema.name = table_name;
  auto columns_of = [&](const Value* list, std::vector<ColumnSchema>* out) -> Status {
    if (list == nullptr || !list->is_array()) return Status::Ok();
    for (const Value& column : list->array()) {
      ColumnSchema c;
      c.name = StringMember(column, "Name");
      c.comment = StringMember(column, "Comment");
      const std::string type = StringMember(column, "Type");
      if (type.empty()) {
        return Status::InvalidArgument("Column " + c.name + " of table " + table_name +
                                       " has no type");
      }
      MR_ASSIGN_OR_RETURN(c.type, ParseHiveType(type));
      out->push_back(std::move(c));
    }
    return Status::Ok();
  };
  if (const Value* sd = table.Find("StorageDescriptor"); sd != nullptr && sd->is_object()) {
    schema.location = StringMember(*sd, "Location");
    MR_RETURN_IF_ERROR(columns_of(sd->Find("Columns"), &schema.columns));
  }
  MR_RETURN_IF_ERROR(columns_of(table.Find("PartitionKeys"), &schema.partition_keys));
  return schema;
}

}  // namespace millrace::catalog
