// Catalog: partitions.
#include <algorithm>

#include "base/clock.h"
#include "base/json.h"
#include "base/kv_store.h"
#include "catalog/catalog.h"
#include "catalog/catalog_keys.h"
#include "catalog/catalog_shapes.h"
#include "catalog/partition_filter.h"

namespace millrace::catalog {

namespace {

constexpr int32_t kMaxPartitionsPerPage = 1000;
constexpr size_t kMaxBatchCreatePartitions = 100;
constexpr size_t kMaxBatchDeletePartitions = 25;
constexpr size_t kMaxBatchGetPartitions = 1000;

std::string PartitionNotFound(const std::vector<std::string>& values) {
  std::string text;
  for (const std::string& v : values) text += (text.empty() ? "" : ", ") + v;
  return "Partition not found: [" + text + "].";
}

Status CheckValueCount(const Value& table, const std::vector<std::string>& values) {
  const size_t keys = PartitionKeysOf(table).size();
  if (values.size() != keys) {
    return Status::InvalidArgument(
        "The number of partition keys do not match the number of partition values: the table "
        "has " + std::to_string(keys) + " partition keys, the request " +
        std::to_string(values.size()) + " values");
  }
  return Status::Ok();
}

}  // namespace

Status Catalog::AddPartitionTo(const Value& table_doc, const Value& input, int64_t now_ms,
                               std::vector<std::string>* pending, KvWriteBatch* batch) const {
  MR_ASSIGN_OR_RETURN(Value partition, PartitionFromInput(input, table_doc, catalog_id_, now_ms));
  MR_ASSIGN_OR_RETURN(std::vector<std::string> values,
                      StringList(*partition.Find("Values"), "PartitionInput.Values"));
  const std::string key = keys::Partition(StringMember(table_doc, "DatabaseName"),
                                          StringMember(table_doc, "Name"), values);
  MR_ASSIGN_OR_RETURN(std::optional<std::string> existing, store_->Get(key));
  if (existing || std::find(pending->begin(), pending->end(), key) != pending->end()) {
    return Status::AlreadyExists("Partition already exists.");
  }
  pending->push_back(key);
  batch->Put(key, json::Write(partition));
  return Status::Ok();
}

Status Catalog::CreatePartition(std::string_view db_name, std::string_view table_name,
                                const Value& partition_input) {
  std::lock_guard lock(write_mu_);
  std::string db, table;
  MR_ASSIGN_OR_RETURN(Value table_doc, LoadTableNamed(db_name, table_name, &db, &table));
  std::vector<std::string> pending;
  KvWriteBatch batch;
  MR_RETURN_IF_ERROR(AddPartitionTo(table_doc, partition_input, WallMillis(), &pending, &batch));
  return store_->Write(batch);
}

Result<std::vector<BatchEntryError>> Catalog::BatchCreatePartition(
    std::string_view db_name, std::string_view table_name, const std::vector<Value>& inputs) {
  if (inputs.empty() || inputs.size() > kMaxBatchCreatePartitions) {
    return Status::InvalidArgument("PartitionInputList must hold between 1 and 100 partitions");
  }
  std::lock_guard lock(write_mu_);
  std::string db, table;
  MR_ASSIGN_OR_RETURN(Value table_doc, LoadTableNamed(db_name, table_name, &db, &table));
  const int64_t now = WallMillis();
  std::vector<std::string> pending;
  std::vector<BatchEntryError> errors;
  KvWriteBatch batch;
  for (size_t i = 0; i < inputs.size(); ++i) {
    Status s = AddPartitionTo(table_doc, inputs[i], now, &pending, &batch);
    if (!s.ok()) errors.push_back({i, std::move(s)});
  }
  if (!batch.empty()) MR_RETURN_IF_ERROR(store_->Write(batch));
  return errors;
}

Result<Value> Catalog::GetPartition(std::string_view db_name, std::string_view table_name,
                                    const std::vector<std::string>& values) const {
  std::string db, table;
  MR_ASSIGN_OR_RETURN(Value table_doc, LoadTableNamed(db_name, table_name, &db, &table));
  MR_RETURN_IF_ERROR(CheckValueCount(table_doc, values));
  return Load(keys::Partition(db, table, values), PartitionNotFound(values));
}

Result<CatalogPage> Catalog::GetPartitions(std::string_view db_name, std::string_view table_name,
                                           std::string_view expression,
                                           const ListOptions& options) const {
  std::string db, table;
  MR_ASSIGN_OR_RETURN(Value table_doc, LoadTableNamed(db_name, table_name, &db, &table));
  MR_ASSIGN_OR_RETURN(PartitionFilter filter,
                      PartitionFilter::Parse(expression, PartitionKeysOf(table_doc)));
  const size_t key_count = PartitionKeysOf(table_doc).size();
  return Page(
      keys::PartitionPrefix(db, table), options, kMaxPartitionsPerPage,
      [&](std::string_view, const Value& partition) {
        const Value* list = partition.Find("Values");
        if (list == nullptr) return false;
        Result<std::vector<std::string>> values = StringList(*list, "Values");
        // Partitions left from an older set of keys do not match any filter.
        if (!values.ok() || values->size() != key_count) return expression.empty();
        return filter.Matches(*values);
      },
      [](std::string_view, Value doc) { return doc; });
}

Result<std::vector<Value>> Catalog::BatchGetPartition(
    std::string_view db_name, std::string_view table_name,
    const std::vector<std::vector<std::string>>& wanted) const {
  if (wanted.empty() || wanted.size() > kMaxBatchGetPartitions) {
    return Status::InvalidArgument("PartitionsToGet must hold between 1 and 1000 entries");
  }
  std::string db, table;
  MR_ASSIGN_OR_RETURN(Value table_doc, LoadTableNamed(db_name, table_name, &db, &table));
  std::vector<Value> found;
  for (const std::vector<std::string>& values : wanted) {
    MR_RETURN_IF_ERROR(CheckValueCount(table_doc, values));
    Result<Value> partition = Load(keys::Partition(db, table, values), "");
    if (partition.ok()) {
      found.push_back(std::move(partition).value());
    } else if (partition.status().code() != StatusCode::kNotFound) {
      return partition.status();
    }
  }
  return found;
}

Status Catalog::UpdatePartition(std::string_view db_name, std::string_view table_name,
                                const std::vector<std::string>& values,
                                const Value& partition_input) {
  std::lock_guard lock(write_mu_);
  std::string db, table;
  MR_ASSIGN_OR_RETURN(Value table_doc, LoadTableNamed(db_name, table_name, &db, &table));
  MR_RETURN_IF_ERROR(CheckValueCount(table_doc, values));
  const std::string old_key = keys::Partition(db, table, values);
  MR_ASSIGN_OR_RETURN(Value current, Load(old_key, PartitionNotFound(values)));
  MR_ASSIGN_OR_RETURN(Value updated,
                      PartitionFromInput(partition_input, table_doc, catalog_id_, WallMillis()));
  if (const Value* created = current.Find("CreationTime")) updated.Set("CreationTime", *created);
  MR_ASSIGN_OR_RETURN(std::vector<std::string> new_values,
                      StringList(*updated.Find("Values"), "PartitionInput.Values"));
  const std::string new_key = keys::Partition(db, table, new_values);
  KvWriteBatch batch;
  if (new_key != old_key) {
    MR_ASSIGN_OR_RETURN(std::optional<std::string> existing, store_->Get(new_key));
    if (existing) return Status::AlreadyExists("Partition already exists.");
    batch.Delete(old_key);
  }
  batch.Put(new_key, json::Write(updated));
  return store_->Write(batch);
}

Status Catalog::DeletePartition(std::string_view db_name, std::string_view table_name,
                                const std::vector<std::string>& values) {
  std::lock_guard lock(write_mu_);
  std::string db, table;
  MR_ASSIGN_OR_RETURN(Value table_doc, LoadTableNamed(db_name, table_name, &db, &table));
  MR_RETURN_IF_ERROR(CheckValueCount(table_doc, values));
  const std::string key = keys::Partition(db, table, values);
  MR_RETURN_IF_ERROR(Load(key, PartitionNotFound(values)).status());
  return store_->Delete(key);
}

Result<std::vector<BatchEntryError>> Catalog::BatchDeletePartition(
    std::string_view db_name, std::string_view table_name,
    const std::vector<std::vector<std::string>>& values) {
  if (values.empty() || values.size() > kMaxBatchDeletePartitions) {
    return Status::InvalidArgument("PartitionsToDelete must hold between 1 and 25 entries");
  }
  std::lock_guard lock(write_mu_);
  std::string db, table;
  MR_ASSIGN_OR_RETURN(Value table_doc, LoadTableNamed(db_name, table_name, &db, &table));
  std::vector<BatchEntryError> errors;
  std::vector<std::string> deleted;
  KvWriteBatch batch;
  for (size_t i = 0; i < values.size(); ++i) {
    Status s = CheckValueCount(table_doc, values[i]);
    const std::string key = keys::Partition(db, table, values[i]);
    if (s.ok()) s = Load(key, PartitionNotFound(values[i])).status();
    if (s.ok() && std::find(deleted.begin(), deleted.end(), key) != deleted.end()) {
      s = Status::NotFound(PartitionNotFound(values[i]));
    }
    if (!s.ok()) {
      errors.push_back({i, std::move(s)});
      continue;
    }
    deleted.push_back(key);
    batch.Delete(key);
  }
  if (!batch.empty()) MR_RETURN_IF_ERROR(store_->Write(batch));
  return errors;
}

}  // namespace millrace::catalog
