// The schema version operations: RegisterSchemaVersion, GetSchemaVersion,
// GetSchemaByDefinition, ListSchemaVersions, CheckSchemaVersionValidity, DeleteSchemaVersions,
// GetSchemaVersionsDiff.
#include <cstdio>
#include <utility>
#include <vector>

#include "base/json.h"
#include "catalog/registry/json_patch.h"
#include "catalog/registry/registry_operation.h"
#include "catalog/registry/schema_registry.h"

namespace millrace::catalog {

using net::aws::AwsRequest;

namespace {

Result<Value> RegisterSchemaVersion(SchemaRegistry& registry, const AwsRequest& request) {
  MR_ASSIGN_OR_RETURN(SchemaRef ref, SchemaFromId(request.params, "SchemaId"));
  MR_ASSIGN_OR_RETURN(std::string definition, RequiredDefinition(request.params));
  MR_ASSIGN_OR_RETURN(VersionRecord version, registry.RegisterVersion(ref, definition));
  Value v = Value::MakeObject();
  v.Set("SchemaVersionId", Value(version.id));
  v.Set("VersionNumber", Value(version.number));
  v.Set("Status", Value(VersionStatusName(version.status)));
  return v;
}

Result<Value> GetSchemaVersion(SchemaRegistry& registry, const AwsRequest& request) {
  const Value& p = request.params;
  MR_ASSIGN_OR_RETURN(std::optional<std::string> id, OptionalString(p, "SchemaVersionId"));
  MR_ASSIGN_OR_RETURN(std::optional<VersionSelector> which,
                      OptionalVersionSelector(p, "SchemaVersionNumber"));
  VersionRecord version;
  if (id) {
    if (p.Has("SchemaId") || which) {
      return Status::InvalidArgument(
          "Give SchemaVersionId, or SchemaId with SchemaVersionNumber, not both");
    }
    MR_ASSIGN_OR_RETURN(version, registry.GetVersionById(*id));
  } else {
    if (!which) {
      return Status::InvalidArgument(
          "GetSchemaVersion needs SchemaVersionId, or SchemaId with SchemaVersionNumber");
    }
    MR_ASSIGN_OR_RETURN(SchemaRef ref, SchemaFromId(p, "SchemaId"));
    MR_ASSIGN_OR_RETURN(version, registry.GetVersion(ref, *which));
  }
  MR_ASSIGN_OR_RETURN(SchemaRecord schema, registry.GetSchema({version.registry, version.schema}));
  Value v = Value::MakeObject();
  v.Set("SchemaVersionId", Value(version.id));
  v.Set("SchemaDefinition", Value(version.definition));
  v.Set("DataFormat", Value(DataFormatName(schema.format)));
  v.Set("SchemaArn", Value(SchemaArn(ScopeOf(request), version.registry, version.schema)));
  v.Set("VersionNumber", Value(version.number));
  v.Set("Status", Value(VersionStatusName(version.status)));
  v.Set("CreatedTime", Value(FormatTime(version.created_ms)));
  return v;
}

Result<Value> GetSchemaByDefinition(SchemaRegistry& registry, const AwsRequest& request) {
  MR_ASSIGN_OR_RETURN(SchemaRef ref, SchemaFromId(request.params, "SchemaId"));
  MR_ASSIGN_OR_RETURN(std::string definition, RequiredDefinition(request.params));
  MR_ASSIGN_OR_RETURN(VersionRecord version, registry.GetVersionByDefinition(ref, definition));
  MR_ASSIGN_OR_RETURN(SchemaRecord schema, registry.GetSchema(ref));
  Value v = Value::MakeObject();
  v.Set("SchemaVersionId", Value(version.id));
  v.Set("SchemaArn", Value(SchemaArn(ScopeOf(request), ref.registry, ref.schema)));
  v.Set("DataFormat", Value(DataFormatName(schema.format)));
  v.Set("Status", Value(VersionStatusName(version.status)));
  v.Set("CreatedTime", Value(FormatTime(version.created_ms)));
  return v;
}

Result<Value> ListSchemaVersions(SchemaRegistry& registry, const AwsRequest& request) {
  MR_ASSIGN_OR_RETURN(SchemaRef ref, SchemaFromId(request.params, "SchemaId"));
  MR_ASSIGN_OR_RETURN(std::vector<VersionRecord> all, registry.ListVersions(ref));
  std::vector<std::string> keys;
  for (const VersionRecord& version : all) {
    char key[24];
    std::snprintf(key, sizeof(key), "%010lld", static_cast<long long>(version.number));
    keys.emplace_back(key);
  }
  MR_ASSIGN_OR_RETURN(Page page, Paginate(request.params, keys));
  std::string arn = SchemaArn(ScopeOf(request), ref.registry, ref.schema);
  Value list = Value::MakeArray();
  for (size_t i = page.begin; i < page.end; ++i) {
    Value item = Value::MakeObject();
    item.Set("SchemaArn", Value(arn));
    item.Set("SchemaVersionId", Value(all[i].id));
    item.Set("VersionNumber", Value(all[i].number));
    item.Set("Status", Value(VersionStatusName(all[i].status)));
    item.Set("CreatedTime", Value(FormatTime(all[i].created_ms)));
    list.Append(std::move(item));
  }
  Value v = Value::MakeObject();
  v.Set("Schemas", std::move(list));
  if (page.next_token) v.Set("NextToken", Value(*page.next_token));
  return v;
}

Result<Value> CheckSchemaVersionValidity(SchemaRegistry&, const AwsRequest& request) {
  MR_ASSIGN_OR_RETURN(std::string format, RequiredString(request.params, "DataFormat"));
  std::optional<DataFormat> f = ParseDataFormat(format);
  if (!f) return Status::InvalidArgument("DataFormat must be AVRO, JSON or PROTOBUF");
  MR_ASSIGN_OR_RETURN(std::string definition, RequiredDefinition(request.params));
  Result<std::string> normalized = NormalizeDefinition(*f, definition);
  Value v = Value::MakeObject();
  v.Set("Valid", Value(normalized.ok()));
  if (!normalized.ok()) {
    std::string cause = "Schema definition of " + format +
                        " data format is invalid: " + normalized.status().message();
    if (cause.size() > 5000) cause.resize(5000);
    v.Set("Error", Value(cause));
  }
  return v;
}

Result<Value> DeleteSchemaVersions(SchemaRegistry& registry, const AwsRequest& request) {
  MR_ASSIGN_OR_RETURN(SchemaRef ref, SchemaFromId(request.params, "SchemaId"));
  MR_ASSIGN_OR_RETURN(std::string versions, RequiredString(request.params, "Versions"));
  MR_ASSIGN_OR_RETURN(std::vector<VersionDeleteError> errors,
                      registry.DeleteVersions(ref, versions));
  Value list = Value::MakeArray();
  for (const VersionDeleteError& e : errors) {
    Value details = Value::MakeObject();
    details.Set("ErrorCode", Value(e.code));
    details.Set("ErrorMessage", Value(e.message));
    Value item = Value::MakeObject();
    item.Set("VersionNumber", Value(e.number));
    item.Set("ErrorDetails", std::move(details));
    list.Append(std::move(item));
  }
  Value v = Value::MakeObject();
  v.Set("SchemaVersionErrors", std::move(list));
  return v;
}

// The JSON Patch from the first version's definition to the second's (AVRO and JSON only).
Result<Value> GetSchemaVersionsDiff(SchemaRegistry& registry, const AwsRequest& request) {
  const Value& p = request.params;
  MR_ASSIGN_OR_RETURN(SchemaRef ref, SchemaFromId(p, "SchemaId"));
  MR_ASSIGN_OR_RETURN(std::optional<VersionSelector> first,
                      OptionalVersionSelector(p, "FirstSchemaVersionNumber"));
  MR_ASSIGN_OR_RETURN(std::optional<VersionSelector> second,
                      OptionalVersionSelector(p, "SecondSchemaVersionNumber"));
  MR_ASSIGN_OR_RETURN(std::string type, RequiredString(p, "SchemaDiffType"));
  if (!first || !second) {
    return Status::InvalidArgument(
        "FirstSchemaVersionNumber and SecondSchemaVersionNumber are required");
  }
  if (type != "SYNTAX_DIFF") return Status::InvalidArgument("SchemaDiffType must be SYNTAX_DIFF");
  MR_ASSIGN_OR_RETURN(SchemaRecord schema, registry.GetSchema(ref));
  if (schema.format == DataFormat::kProtobuf) {
    return Status::InvalidArgument("GetSchemaVersionsDiff supports AVRO and JSON schemas");
  }
  MR_ASSIGN_OR_RETURN(VersionRecord a, registry.GetVersion(ref, *first));
  MR_ASSIGN_OR_RETURN(VersionRecord b, registry.GetVersion(ref, *second));
  MR_ASSIGN_OR_RETURN(Value from, json::Parse(a.definition));
  MR_ASSIGN_OR_RETURN(Value to, json::Parse(b.definition));
  Value v = Value::MakeObject();
  v.Set("Diff", Value(json::Write(JsonPatch(from, to))));
  return v;
}

}  // namespace

void AddVersionOperations(net::aws::AwsService& glue, const SchemaRegistryLookup& lookup,
                          boost::asio::thread_pool& blocking) {
  AddRegistryOperation(glue, "RegisterSchemaVersion", lookup, blocking, RegisterSchemaVersion);
  AddRegistryOperation(glue, "GetSchemaVersion", lookup, blocking, GetSchemaVersion);
  AddRegistryOperation(glue, "GetSchemaByDefinition", lookup, blocking, GetSchemaByDefinition);
  AddRegistryOperation(glue, "ListSchemaVersions", lookup, blocking, ListSchemaVersions);
  AddRegistryOperation(glue, "CheckSchemaVersionValidity", lookup, blocking,
                       CheckSchemaVersionValidity);
  AddRegistryOperation(glue, "DeleteSchemaVersions", lookup, blocking, DeleteSchemaVersions);
  AddRegistryOperation(glue, "GetSchemaVersionsDiff", lookup, blocking, GetSchemaVersionsDiff);
}

}  // namespace millrace::catalog
