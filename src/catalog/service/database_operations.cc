// Glue databases: CreateDatabase, GetDatabase, GetDatabases, UpdateDatabase, DeleteDatabase.
#include "catalog/catalog.h"
#include "catalog/service/glue_context.h"
#include "catalog/service/glue_service.h"

namespace millrace::catalog {

void AddDatabaseOperations(net::aws::AwsService& service, GlueContext& ctx) {
  AddCatalogOperation(service, ctx, "CreateDatabase",
                      [](Catalog& catalog, const Value& p) -> Result<Value> {
                        MR_ASSIGN_OR_RETURN(const Value* input, NeedObject(p, "DatabaseInput"));
                        MR_RETURN_IF_ERROR(catalog.CreateDatabase(*input));
                        return Value::MakeObject();
                      });
  AddCatalogOperation(service, ctx, "GetDatabase",
                      [](Catalog& catalog, const Value& p) -> Result<Value> {
                        MR_ASSIGN_OR_RETURN(std::string name, NeedString(p, "Name"));
                        MR_ASSIGN_OR_RETURN(Value db, catalog.GetDatabase(name));
                        Value out = Value::MakeObject();
                        out.Set("Database", std::move(db));
                        return out;
                      });
  AddCatalogOperation(service, ctx, "GetDatabases",
                      [](Catalog& catalog, const Value& p) -> Result<Value> {
                        MR_ASSIGN_OR_RETURN(ListOptions options, ListOptionsOf(p));
                        MR_ASSIGN_OR_RETURN(CatalogPage page, catalog.GetDatabases(options));
                        return PageValue("DatabaseList", std::move(page));
                      });
  AddCatalogOperation(service, ctx, "UpdateDatabase",
                      [](Catalog& catalog, const Value& p) -> Result<Value> {
                        MR_ASSIGN_OR_RETURN(std::string name, NeedString(p, "Name"));
                        MR_ASSIGN_OR_RETURN(const Value* input, NeedObject(p, "DatabaseInput"));
                        MR_RETURN_IF_ERROR(catalog.UpdateDatabase(name, *input));
                        return Value::MakeObject();
                      });
  AddCatalogOperation(service, ctx, "DeleteDatabase",
                      [](Catalog& catalog, const Value& p) -> Result<Value> {
                        MR_ASSIGN_OR_RETURN(std::string name, NeedString(p, "Name"));
                        MR_RETURN_IF_ERROR(catalog.DeleteDatabase(name));
                        return Value::MakeObject();
                      });
}

}  // namespace millrace::catalog
