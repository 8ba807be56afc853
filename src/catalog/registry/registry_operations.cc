#include "catalog/registry/registry_operations.h"

#include <utility>
#include <vector>

#include "catalog/registry/registry_operation.h"
#include "catalog/registry/schema_registry.h"
#include "net/run_blocking.h"

namespace millrace::catalog {

using net::aws::AwsOutcome;
using net::aws::AwsRequest;

void AddRegistryOperation(net::aws::AwsService& glue, std::string name,
                          const SchemaRegistryLookup& lookup, boost::asio::thread_pool& blocking,
                          RegistryHandler handler) {
  glue.AddOperation(std::move(name),
                    [lookup, &blocking, handler = std::move(handler)](
                        const AwsRequest& request) -> boost::asio::awaitable<AwsOutcome> {
                      auto work = [&]() -> Result<Value> {
                        SchemaRegistry* registry = lookup();
                        if (registry == nullptr)
                          return Status::Unavailable("the schema registry is not open");
                        return handler(*registry, request);
                      };
                      auto run = net::RunBlocking(blocking, std::move(work));
                      Result<Value> result = co_await std::move(run);
                      if (!result.ok()) co_return AwsOutcome(ToGlueError(result.status()));
                      co_return AwsOutcome(std::move(result).value());
                    });
}

ArnScope ScopeOf(const AwsRequest& request) {
  return {request.credential.region, request.credential.account_id};
}

namespace {

Value TagsValue(const Tags& tags) {
  Value v = Value::MakeObject();
  for (const auto& [k, t] : tags) v.Set(k, Value(t));
  return v;
}

Value RegistryValue(const ArnScope& scope, const RegistryRecord& r) {
  Value v = Value::MakeObject();
  v.Set("RegistryName", Value(r.name));
  v.Set("RegistryArn", Value(RegistryArn(scope, r.name)));
  v.Set("Description", Value(r.description));
  v.Set("Status", Value("AVAILABLE"));
  v.Set("CreatedTime", Value(FormatTime(r.created_ms)));
  v.Set("UpdatedTime", Value(FormatTime(r.updated_ms)));
  return v;
}

// The members GetSchema and CreateSchema share.
Value SchemaValue(const ArnScope& scope, const SchemaRecord& s) {
  Value v = Value::MakeObject();
  v.Set("RegistryName", Value(s.registry));
  v.Set("RegistryArn", Value(RegistryArn(scope, s.registry)));
  v.Set("SchemaName", Value(s.name));
  v.Set("SchemaArn", Value(SchemaArn(scope, s.registry, s.name)));
  v.Set("Description", Value(s.description));
  v.Set("DataFormat", Value(DataFormatName(s.format)));
  v.Set("Compatibility", Value(CompatibilityName(s.compatibility)));
  if (s.checkpoint > 0) v.Set("SchemaCheckpoint", Value(s.checkpoint));
  if (s.latest_version > 0) v.Set("LatestSchemaVersion", Value(s.latest_version));
  v.Set("NextSchemaVersion", Value(s.next_version));
  v.Set("SchemaStatus", Value("AVAILABLE"));
  return v;
}

Result<Value> CreateRegistry(SchemaRegistry& registry, const AwsRequest& request) {
  const Value& p = request.params;
  MR_ASSIGN_OR_RETURN(std::string name, RequiredString(p, "RegistryName"));
  MR_ASSIGN_OR_RETURN(std::optional<std::string> description, OptionalDescription(p));
  MR_ASSIGN_OR_RETURN(Tags tags, OptionalTags(p));
  MR_ASSIGN_OR_RETURN(
      RegistryRecord r,
      registry.CreateRegistry(std::move(name), description.value_or(""), std::move(tags)));
  ArnScope scope = ScopeOf(request);
  Value v = Value::MakeObject();
  v.Set("RegistryArn", Value(RegistryArn(scope, r.name)));
  v.Set("RegistryName", Value(r.name));
  v.Set("Description", Value(r.description));
  v.Set("Tags", TagsValue(r.tags));
  return v;
}

Result<Value> GetRegistry(SchemaRegistry& registry, const AwsRequest& request) {
  MR_ASSIGN_OR_RETURN(std::string name, RegistryFromId(request.params, "RegistryId", {}));
  MR_ASSIGN_OR_RETURN(RegistryRecord r, registry.GetRegistry(name));
  return RegistryValue(ScopeOf(request), r);
}

Result<Value> ListRegistries(SchemaRegistry& registry, const AwsRequest& request) {
  std::vector<RegistryRecord> all = registry.ListRegistries();
  std::vector<std::string> keys;
  for (const RegistryRecord& r : all) keys.push_back(r.name);
  MR_ASSIGN_OR_RETURN(Page page, Paginate(request.params, keys));
  ArnScope scope = ScopeOf(request);
  Value list = Value::MakeArray();
  for (size_t i = page.begin; i < page.end; ++i) list.Append(RegistryValue(scope, all[i]));
  Value v = Value::MakeObject();
  v.Set("Registries", std::move(list));
  if (page.next_token) v.Set("NextToken", Value(*page.next_token));
  return v;
}

Result<Value> UpdateRegistry(SchemaRegistry& registry, const AwsRequest& request) {
  MR_ASSIGN_OR_RETURN(std::string name, RegistryFromId(request.params, "RegistryId", {}));
  MR_ASSIGN_OR_RETURN(std::optional<std::string> description, OptionalDescription(request.params));
  if (!description) return Status::InvalidArgument("Description is required");
  MR_ASSIGN_OR_RETURN(RegistryRecord r, registry.UpdateRegistry(name, std::move(*description)));
  Value v = Value::MakeObject();
  v.Set("RegistryName", Value(r.name));
  v.Set("RegistryArn", Value(RegistryArn(ScopeOf(request), r.name)));
  return v;
}

Result<Value> DeleteRegistry(SchemaRegistry& registry, const AwsRequest& request) {
  MR_ASSIGN_OR_RETURN(std::string name, RegistryFromId(request.params, "RegistryId", {}));
  MR_ASSIGN_OR_RETURN(RegistryRecord r, registry.DeleteRegistry(name));
  Value v = Value::MakeObject();
  v.Set("RegistryName", Value(r.name));
  v.Set("RegistryArn", Value(RegistryArn(ScopeOf(request), r.name)));
  v.Set("Status", Value("DELETING"));
  return v;
}

Result<Value> CreateSchema(SchemaRegistry& registry, const AwsRequest& request) {
  const Value& p = request.params;
  NewSchema n;
  MR_ASSIGN_OR_RETURN(n.registry, RegistryFromId(p, "RegistryId", kDefaultRegistryName));
  MR_ASSIGN_OR_RETURN(n.name, RequiredString(p, "SchemaName"));
  MR_ASSIGN_OR_RETURN(std::string format, RequiredString(p, "DataFormat"));
  std::optional<DataFormat> f = ParseDataFormat(format);
  if (!f) return Status::InvalidArgument("DataFormat must be AVRO, JSON or PROTOBUF");
  n.format = *f;
  MR_ASSIGN_OR_RETURN(std::optional<std::string> compat, OptionalString(p, "Compatibility"));
  if (compat) {
    n.compatibility = ParseCompatibility(*compat);
    if (!n.compatibility) {
      return Status::InvalidArgument(
          "Compatibility must be one of NONE, DISABLED, BACKWARD, "
          "BACKWARD_ALL, FORWARD, FORWARD_ALL, FULL, FULL_ALL");
    }
  }
  MR_ASSIGN_OR_RETURN(std::optional<std::string> description, OptionalDescription(p));
  n.description = description.value_or("");
  MR_ASSIGN_OR_RETURN(n.tags, OptionalTags(p));
  if (p.Has("SchemaDefinition")) {
    MR_ASSIGN_OR_RETURN(n.definition, RequiredDefinition(p));
  }
  MR_ASSIGN_OR_RETURN(CreatedSchema created, registry.CreateSchema(std::move(n)));
  Value v = SchemaValue(ScopeOf(request), created.schema);
  v.Set("Tags", TagsValue(created.schema.tags));
  if (created.first_version) {
    v.Set("SchemaVersionId", Value(created.first_version->id));
    v.Set("SchemaVersionStatus", Value(VersionStatusName(created.first_version->status)));
  }
  return v;
}

Result<Value> GetSchema(SchemaRegistry& registry, const AwsRequest& request) {
  MR_ASSIGN_OR_RETURN(SchemaRef ref, SchemaFromId(request.params, "SchemaId"));
  MR_ASSIGN_OR_RETURN(SchemaRecord s, registry.GetSchema(ref));
  Value v = SchemaValue(ScopeOf(request), s);
  v.Set("CreatedTime", Value(FormatTime(s.created_ms)));
  v.Set("UpdatedTime", Value(FormatTime(s.updated_ms)));
  return v;
}

Result<Value> ListSchemas(SchemaRegistry& registry, const AwsRequest& request) {
  MR_ASSIGN_OR_RETURN(std::string name, RegistryFromId(request.params, "RegistryId", ""));
  MR_ASSIGN_OR_RETURN(std::vector<SchemaRecord> all, registry.ListSchemas(name));
  std::vector<std::string> keys;
  // \x01 sorts below every name character, so the keys sort as (registry, schema) pairs do.
  for (const SchemaRecord& s : all) keys.push_back(s.registry + '\x01' + s.name);
  MR_ASSIGN_OR_RETURN(Page page, Paginate(request.params, keys));
  ArnScope scope = ScopeOf(request);
  Value list = Value::MakeArray();
  for (size_t i = page.begin; i < page.end; ++i) {
    const SchemaRecord& s = all[i];
    Value item = Value::MakeObject();
    item.Set("RegistryName", Value(s.registry));
    item.Set("SchemaName", Value(s.name));
    item.Set("SchemaArn", Value(SchemaArn(scope, s.registry, s.name)));
    item.Set("Description", Value(s.description));
    item.Set("SchemaStatus", Value("AVAILABLE"));
    item.Set("CreatedTime", Value(FormatTime(s.created_ms)));
    item.Set("UpdatedTime", Value(FormatTime(s.updated_ms)));
    list.Append(std::move(item));
  }
  Value v = Value::MakeObject();
  v.Set("Schemas", std::move(list));
  if (page.next_token) v.Set("NextToken", Value(*page.next_token));
  return v;
}

Result<Value> UpdateSchema(SchemaRegistry& registry, const AwsRequest& request) {
  const Value& p = request.params;
  MR_ASSIGN_OR_RETURN(SchemaRef ref, SchemaFromId(p, "SchemaId"));
  SchemaUpdate update;
  MR_ASSIGN_OR_RETURN(update.checkpoint, OptionalVersionSelector(p, "SchemaVersionNumber"));
  MR_ASSIGN_OR_RETURN(std::optional<std::string> compat, OptionalString(p, "Compatibility"));
  if (compat) {
    update.compatibility = ParseCompatibility(*compat);
    if (!update.compatibility) {
      return Status::InvalidArgument(
          "Compatibility must be one of NONE, DISABLED, BACKWARD, "
          "BACKWARD_ALL, FORWARD, FORWARD_ALL, FULL, FULL_ALL");
    }
  }
  MR_ASSIGN_OR_RETURN(update.description, OptionalDescription(p));
  MR_ASSIGN_OR_RETURN(SchemaRecord s, registry.UpdateSchema(ref, update));
  Value v = Value::MakeObject();
  v.Set("SchemaArn", Value(SchemaArn(ScopeOf(request), s.registry, s.name)));
  v.Set("SchemaName", Value(s.name));
  v.Set("RegistryName", Value(s.registry));
  return v;
}

Result<Value> DeleteSchema(SchemaRegistry& registry, const AwsRequest& request) {
  MR_ASSIGN_OR_RETURN(SchemaRef ref, SchemaFromId(request.params, "SchemaId"));
  MR_ASSIGN_OR_RETURN(SchemaRecord s, registry.DeleteSchema(ref));
  Value v = Value::MakeObject();
  v.Set("SchemaArn", Value(SchemaArn(ScopeOf(request), s.registry, s.name)));
  v.Set("SchemaName", Value(s.name));
  v.Set("Status", Value("DELETING"));
  return v;
}

}  // namespace

void AddSchemaRegistryOperations(net::aws::AwsService& glue, SchemaRegistryLookup registry,
                                 boost::asio::thread_pool& blocking) {
  AddRegistryOperation(glue, "CreateRegistry", registry, blocking, CreateRegistry);
  AddRegistryOperation(glue, "GetRegistry", registry, blocking, GetRegistry);
  AddRegistryOperation(glue, "ListRegistries", registry, blocking, ListRegistries);
  AddRegistryOperation(glue, "UpdateRegistry", registry, blocking, UpdateRegistry);
  AddRegistryOperation(glue, "DeleteRegistry", registry, blocking, DeleteRegistry);
  AddRegistryOperation(glue, "CreateSchema", registry, blocking, CreateSchema);
  AddRegistryOperation(glue, "GetSchema", registry, blocking, GetSchema);
  AddRegistryOperation(glue, "ListSchemas", registry, blocking, ListSchemas);
  AddRegistryOperation(glue, "UpdateSchema", registry, blocking, UpdateSchema);
  AddRegistryOperation(glue, "DeleteSchema", registry, blocking, DeleteSchema);
  AddVersionOperations(glue, registry, blocking);
}

void AddSchemaRegistryOperations(net::aws::AwsService& glue, SchemaRegistry& registry,
                                 boost::asio::thread_pool& blocking) {
  AddSchemaRegistryOperations(
      glue, [r = &registry] { return r; }, blocking);
}

}  // namespace millrace::catalog
