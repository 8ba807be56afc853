// Glue tables: CreateTable, GetTable, GetTables, UpdateTable, DeleteTable, BatchDeleteTable,
// GetTableVersions, GetTableVersion.
#include "catalog/catalog.h"
#include "catalog/catalog_errors.h"
#include "catalog/service/glue_context.h"
#include "catalog/service/glue_service.h"

namespace millrace::catalog {

namespace {

Value ErrorDetail(const Status& status) {
  Value detail = Value::MakeObject();
  detail.Set("ErrorCode", Value(GlueErrorName(status.code())));
  detail.Set("ErrorMessage", Value(status.message()));
  return detail;
}

Result<Value> CreateTable(Catalog& catalog, const Value& p) {
  MR_ASSIGN_OR_RETURN(std::string db, NeedString(p, "DatabaseName"));
  MR_ASSIGN_OR_RETURN(const Value* input, NeedObject(p, "TableInput"));
  MR_RETURN_IF_ERROR(catalog.CreateTable(db, *input));
  return Value::MakeObject();
}

Result<Value> GetTable(Catalog& catalog, const Value& p) {
  MR_ASSIGN_OR_RETURN(std::string db, NeedString(p, "DatabaseName"));
  MR_ASSIGN_OR_RETURN(std::string name, NeedString(p, "Name"));
  MR_ASSIGN_OR_RETURN(Value table, catalog.GetTable(db, name));
  Value out = Value::MakeObject();
  out.Set("Table", std::move(table));
  return out;
}

Result<Value> GetTables(Catalog& catalog, const Value& p) {
  MR_ASSIGN_OR_RETURN(std::string db, NeedString(p, "DatabaseName"));
  MR_ASSIGN_OR_RETURN(std::optional<std::string> expression, OptString(p, "Expression"));
  MR_ASSIGN_OR_RETURN(ListOptions options, ListOptionsOf(p));
  MR_ASSIGN_OR_RETURN(CatalogPage page,
                      catalog.GetTables(db, expression.value_or(""), options));
  return PageValue("TableList", std::move(page));
}

Result<Value> UpdateTable(Catalog& catalog, const Value& p) {
  MR_ASSIGN_OR_RETURN(std::string db, NeedString(p, "DatabaseName"));
  MR_ASSIGN_OR_RETURN(const Value* input, NeedObject(p, "TableInput"));
  MR_ASSIGN_OR_RETURN(bool skip_archive, OptBool(p, "SkipArchive"));
  MR_ASSIGN_OR_RETURN(std::optional<std::string> version, OptString(p, "VersionId"));
  MR_RETURN_IF_ERROR(catalog.UpdateTable(db, *input, skip_archive, version));
  return Value::MakeObject();
}

Result<Value> DeleteTable(Catalog& catalog, const Value& p) {
  MR_ASSIGN_OR_RETURN(std::string db, NeedString(p, "DatabaseName"));
  MR_ASSIGN_OR_RETURN(std::string name, NeedString(p, "Name"));
  MR_RETURN_IF_ERROR(catalog.DeleteTable(db, name));
  return Value::MakeObject();
}

Result<Value> BatchDeleteTable(Catalog& catalog, const Value& p) {
  MR_ASSIGN_OR_RETURN(std::string db, NeedString(p, "DatabaseName"));
  MR_ASSIGN_OR_RETURN(std::vector<std::string> names, NeedStringList(p, "TablesToDelete"));
  MR_ASSIGN_OR_RETURN(std::vector<BatchEntryError> errors, catalog.BatchDeleteTable(db, names));
  Value list = Value::MakeArray();
  for (const BatchEntryError& e : errors) {
    Value entry = Value::MakeObject();
    entry.Set("TableName", Value(names[e.index]));
    entry.Set("ErrorDetail", ErrorDetail(e.status));
    list.Append(std::move(entry));
  }
  Value out = Value::MakeObject();
  out.Set("Errors", std::move(list));
  return out;
}

Result<Value> GetTableVersions(Catalog& catalog, const Value& p) {
  MR_ASSIGN_OR_RETURN(std::string db, NeedString(p, "DatabaseName"));
  MR_ASSIGN_OR_RETURN(std::string table, NeedString(p, "TableName"));
  MR_ASSIGN_OR_RETURN(ListOptions options, ListOptionsOf(p));
  MR_ASSIGN_OR_RETURN(CatalogPage page, catalog.GetTableVersions(db, table, options));
  return PageValue("TableVersions", std::move(page));
}

Result<Value> GetTableVersion(Catalog& catalog, const Value& p) {
  MR_ASSIGN_OR_RETURN(std::string db, NeedString(p, "DatabaseName"));
  MR_ASSIGN_OR_RETURN(std::string table, NeedString(p, "TableName"));
  MR_ASSIGN_OR_RETURN(std::optional<std::string> version, OptString(p, "VersionId"));
  MR_ASSIGN_OR_RETURN(Value doc, catalog.GetTableVersion(db, table, version.value_or("")));
  Value item = Value::MakeObject();
  const Value* id = doc.Find("VersionId");
  Value version_id = id != nullptr ? *id : Value("1");
  item.Set("Table", std::move(doc));
  item.Set("VersionId", std::move(version_id));
  Value out = Value::MakeObject();
  out.Set("TableVersion", std::move(item));
  return out;
}

}  // namespace

void AddTableOperations(net::aws::AwsService& service, GlueContext& ctx) {
  AddCatalogOperation(service, ctx, "CreateTable", CreateTable);
  AddCatalogOperation(service, ctx, "GetTable", GetTable);
  AddCatalogOperation(service, ctx, "GetTables", GetTables);
  AddCatalogOperation(service, ctx, "UpdateTable", UpdateTable);
  AddCatalogOperation(service, ctx, "DeleteTable", DeleteTable);
  AddCatalogOperation(service, ctx, "BatchDeleteTable", BatchDeleteTable);
  AddCatalogOperation(service, ctx, "GetTableVersions", GetTableVersions);
  AddCatalogOperation(service, ctx, "GetTableVersion", GetTableVersion);
}

}  // namespace millrace::catalog
