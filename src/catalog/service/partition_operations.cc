// Glue partitions: CreatePartition, BatchCreatePartition, GetPartition, GetPartitions,
// BatchGetPartition, UpdatePartition, DeletePartition, BatchDeletePartition.
#include "catalog/catalog.h"
#include "catalog/catalog_errors.h"
#include "catalog/service/glue_context.h"
#include "catalog/service/glue_service.h"

namespace millrace::catalog {

namespace {

struct TableRef {
  std::string db;
  std::string table;
};

Result<TableRef> TableOf(const Value& p) {
  TableRef ref;
  MR_ASSIGN_OR_RETURN(ref.db, NeedString(p, "DatabaseName"));
  MR_ASSIGN_OR_RETURN(ref.table, NeedString(p, "TableName"));
  return ref;
}

Value StringArray(const std::vector<std::string>& values) {
  Value list = Value::MakeArray();
  for (const std::string& v : values) list.Append(Value(v));
  return list;
}

// Per-entry errors as [{PartitionValues, ErrorDetail{ErrorCode, ErrorMessage}}].
Value PartitionErrors(const std::vector<BatchEntryError>& errors,
                      const std::vector<std::vector<std::string>>& values) {
  Value list = Value::MakeArray();
  for (const BatchEntryError& e : errors) {
    Value detail = Value::MakeObject();
    detail.Set("ErrorCode", Value(GlueErrorName(e.status.code())));
    detail.Set("ErrorMessage", Value(e.status.message()));
    Value entry = Value::MakeObject();
    entry.Set("PartitionValues", StringArray(values[e.index]));
    entry.Set("ErrorDetail", std::move(detail));
    list.Append(std::move(entry));
  }
  Value out = Value::MakeObject();
  out.Set("Errors", std::move(list));
  return out;
}

// The Values of each {Values: [...]} entry of the list `key` (PartitionsToGet/-Delete).
Result<std::vector<std::vector<std::string>>> ValueLists(const Value& p, std::string_view key) {
  MR_ASSIGN_OR_RETURN(const Value::Array* entries, NeedArray(p, key));
  std::vector<std::vector<std::string>> lists;
  for (const Value& entry : *entries) {
    if (!entry.is_object()) return Status::InvalidArgument(std::string(key) + " entries must be structures");
    MR_ASSIGN_OR_RETURN(std::vector<std::string> values, NeedStringList(entry, "Values"));
    lists.push_back(std::move(values));
  }
  return lists;
}

Result<Value> CreatePartition(Catalog& catalog, const Value& p) {
  MR_ASSIGN_OR_RETURN(TableRef t, TableOf(p));
  MR_ASSIGN_OR_RETURN(const Value* input, NeedObject(p, "PartitionInput"));
  MR_RETURN_IF_ERROR(catalog.CreatePartition(t.db, t.table, *input));
  return Value::MakeObject();
}

Result<Value> BatchCreatePartition(Catalog& catalog, const Value& p) {
  MR_ASSIGN_OR_RETURN(TableRef t, TableOf(p));
  MR_ASSIGN_OR_RETURN(const Value::Array* inputs, NeedArray(p, "PartitionInputList"));
  MR_ASSIGN_OR_RETURN(std::vector<BatchEntryError> errors,
                      catalog.BatchCreatePartition(t.db, t.table, *inputs));
  // Report each failed entry by the values it asked for (as far as they are strings).
  std::vector<std::vector<std::string>> values;
  for (const Value& input : *inputs) {
    std::vector<std::string> v;
    if (const Value* list = input.Find("Values"); list != nullptr && list->is_array()) {
      for (const Value& item : list->array()) {
        if (item.kind() == Value::Kind::kString) v.push_back(item.string_value());
      }
    }
    values.push_back(std::move(v));
  }
  return PartitionErrors(errors, values);
}

Result<Value> GetPartition(Catalog& catalog, const Value& p) {
  MR_ASSIGN_OR_RETURN(TableRef t, TableOf(p));
  MR_ASSIGN_OR_RETURN(std::vector<std::string> values, NeedStringList(p, "PartitionValues"));
  MR_ASSIGN_OR_RETURN(Value partition, catalog.GetPartition(t.db, t.table, values));
  Value out = Value::MakeObject();
  out.Set("Partition", std::move(partition));
  return out;
}

void DropColumns(Value* partition) {
  for (auto& [key, sd] : partition->object()) {
    if (key != "StorageDescriptor" || !sd.is_object()) continue;
    std::erase_if(sd.object(), [](const Value::Member& m) { return m.first == "Columns"; });
  }
}

Result<Value> GetPartitions(Catalog& catalog, const Value& p) {
  MR_ASSIGN_OR_RETURN(TableRef t, TableOf(p));
  MR_ASSIGN_OR_RETURN(std::optional<std::string> expression, OptString(p, "Expression"));
  if (expression && expression->size() > 2048) {
    return Status::InvalidArgument("Expression is longer than 2048 characters");
  }
  MR_ASSIGN_OR_RETURN(ListOptions options, ListOptionsOf(p));
  MR_ASSIGN_OR_RETURN(bool exclude_columns, OptBool(p, "ExcludeColumnSchema"));
  // Segments: segment 0 holds every partition and the others none, which keeps the union of
  // all segments exact.
  int64_t segment = 0;
  if (const Value* seg = p.Find("Segment"); seg != nullptr && seg->is_object()) {
    MR_ASSIGN_OR_RETURN(std::optional<int64_t> number, OptInt(*seg, "SegmentNumber"));
    MR_ASSIGN_OR_RETURN(std::optional<int64_t> total, OptInt(*seg, "TotalSegments"));
    if (!number || !total || *total < 1 || *total > 10 || *number < 0 || *number >= *total) {
      return Status::InvalidArgument("Segment needs 0 <= SegmentNumber < TotalSegments <= 10");
    }
    segment = *number;
  }
  MR_ASSIGN_OR_RETURN(CatalogPage page,
                      catalog.GetPartitions(t.db, t.table, expression.value_or(""), options));
  if (segment > 0) page = CatalogPage{};
  if (exclude_columns) {
    for (Value& partition : page.items) DropColumns(&partition);
  }
  return PageValue("Partitions", std::move(page));
}

Result<Value> BatchGetPartition(Catalog& catalog, const Value& p) {
  MR_ASSIGN_OR_RETURN(TableRef t, TableOf(p));
  MR_ASSIGN_OR_RETURN(auto wanted, ValueLists(p, "PartitionsToGet"));
  MR_ASSIGN_OR_RETURN(std::vector<Value> found, catalog.BatchGetPartition(t.db, t.table, wanted));
  Value out = Value::MakeObject();
  out.Set("Partitions", Value(std::move(found)));
  out.Set("UnprocessedKeys", Value::MakeArray());
  return out;
}

Result<Value> UpdatePartition(Catalog& catalog, const Value& p) {
  MR_ASSIGN_OR_RETURN(TableRef t, TableOf(p));
  MR_ASSIGN_OR_RETURN(std::vector<std::string> values, NeedStringList(p, "PartitionValueList"));
  MR_ASSIGN_OR_RETURN(const Value* input, NeedObject(p, "PartitionInput"));
  MR_RETURN_IF_ERROR(catalog.UpdatePartition(t.db, t.table, values, *input));
  return Value::MakeObject();
}

Result<Value> DeletePartition(Catalog& catalog, const Value& p) {
  MR_ASSIGN_OR_RETURN(TableRef t, TableOf(p));
  MR_ASSIGN_OR_RETURN(std::vector<std::string> values, NeedStringList(p, "PartitionValues"));
  MR_RETURN_IF_ERROR(catalog.DeletePartition(t.db, t.table, values));
  return Value::MakeObject();
}

Result<Value> BatchDeletePartition(Catalog& catalog, const Value& p) {
  MR_ASSIGN_OR_RETURN(TableRef t, TableOf(p));
  MR_ASSIGN_OR_RETURN(auto values, ValueLists(p, "PartitionsToDelete"));
  MR_ASSIGN_OR_RETURN(std::vector<BatchEntryError> errors,
                      catalog.BatchDeletePartition(t.db, t.table, values));
  return PartitionErrors(errors, values);
}

}  // namespace

void AddPartitionOperations(net::aws::AwsService& service, GlueContext& ctx) {
  AddCatalogOperation(service, ctx, "CreatePartition", CreatePartition);
  AddCatalogOperation(service, ctx, "BatchCreatePartition", BatchCreatePartition);
  AddCatalogOperation(service, ctx, "GetPartition", GetPartition);
  AddCatalogOperation(service, ctx, "GetPartitions", GetPartitions);
  AddCatalogOperation(service, ctx, "BatchGetPartition", BatchGetPartition);
  AddCatalogOperation(service, ctx, "UpdatePartition", UpdatePartition);
  AddCatalogOperation(service, ctx, "DeletePartition", DeletePartition);
  AddCatalogOperation(service, ctx, "BatchDeletePartition", BatchDeletePartition);
}

}  // namespace millrace::catalog
