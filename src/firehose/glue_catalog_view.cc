#include "firehose/glue_catalog_view.h"

#include "catalog/catalog.h"
#include "catalog/service/glue_context.h"

namespace millrace::firehose {

namespace {

Result<std::vector<CatalogColumn>> Columns(const Value& list, std::string_view what) {
  std::vector<CatalogColumn> out;
  if (list.is_null()) return out;
  if (!list.is_array()) return Status::InvalidArgument(std::string(what) + " is not a list");
  for (const Value& c : list.array()) {
    CatalogColumn column;
    MR_ASSIGN_OR_RETURN(column.name, c.GetString("Name"));
    const Value* type = c.Find("Type");
    if (type == nullptr || type->kind() != Value::Kind::kString) {
      return Status::InvalidArgument("column " + column.name + " has no Type");
    }
    column.type = type->string_value();
    out.push_back(std::move(column));
  }
  return out;
}

}  // namespace

Result<CatalogTable> GlueCatalogView::GetTable(const std::string& catalog_id,
                                               const std::string& database,
                                               const std::string& table,
                                               const std::string& version_id) {
  (void)catalog_id;  // one catalog per server
  catalog::Catalog* c = glue_->catalog();
  if (c == nullptr) return Status::Unavailable("the data catalog is not open");
  Value doc;
  CatalogTable out;
  if (version_id.empty() || version_id == "LATEST") {
    MR_ASSIGN_OR_RETURN(doc, c->GetTable(database, table));
  } else {
    MR_ASSIGN_OR_RETURN(Value version, c->GetTableVersion(database, table, version_id));
    MR_ASSIGN_OR_RETURN(const Value* t, version.GetObject("Table"));
    doc = *t;
  }
  if (const Value* v = doc.Find("VersionId"); v != nullptr && v->kind() == Value::Kind::kString) {
    out.version_id = v->string_value();
  }
  const Value* sd = doc.Find("StorageDescriptor");
  if (sd == nullptr || !sd->is_object()) {
    return Status::InvalidArgument("table " + database + "." + table +
                                   " has no StorageDescriptor with columns");
  }
  const Value* columns = sd->Find("Columns");
  MR_ASSIGN_OR_RETURN(out.columns, Columns(columns ? *columns : Value(), "Columns"));
  if (out.columns.empty()) {
    return Status::InvalidArgument("table " + database + "." + table + " has no columns");
  }
  if (const Value* loc = sd->Find("Location"); loc && loc->kind() == Value::Kind::kString) {
    out.location = loc->string_value();
  }
  const Value* keys = doc.Find("PartitionKeys");
  MR_ASSIGN_OR_RETURN(out.partition_keys, Columns(keys ? *keys : Value(), "PartitionKeys"));
  return out;
}

Status GlueCatalogView::AddPartition(const std::string& catalog_id, const std::string& database,
                                     const std::string& table,
                                     const std::vector<std::string>& values,
                                     const std::string& location) {
  (void)catalog_id;
  catalog::Catalog* c = glue_->catalog();
  if (c == nullptr) return Status::Unavailable("the data catalog is not open");
  MR_ASSIGN_OR_RETURN(Value doc, c->GetTable(database, table));
  Value sd = Value::MakeObject();
  if (const Value* table_sd = doc.Find("StorageDescriptor")) sd = *table_sd;
  sd.Set("Location", Value(location));
  Value input = Value::MakeObject();
  Value list = Value::MakeArray();
  for (const std::string& v : values) list.Append(Value(v));
  input.Set("Values", std::move(list));
  input.Set("StorageDescriptor", std::move(sd));
  Status s = c->CreatePartition(database, table, input);
  if (s.code() == StatusCode::kAlreadyExists) return Status::Ok();
  return s;
}

}  // namespace millrace::firehose
