#include "catalog/registry/registry_records.h"

#include <cinttypes>
#include <cstdio>

#include "base/json.h"

namespace millrace::catalog {

std::string_view VersionStatusName(VersionStatus status) {
  return status == VersionStatus::kAvailable ? "AVAILABLE" : "FAILURE";
}

std::string RegistryKey(std::string_view registry) {
  return std::string(kRegistryKeyPrefix) + std::string(registry);
}

std::string SchemaPrefix(std::string_view registry) {
  return std::string(kSchemaKeyPrefix) + std::string(registry) + "/";
}

std::string SchemaKey(std::string_view registry, std::string_view schema) {
  return SchemaPrefix(registry) + std::string(schema);
}

std::string VersionPrefix(std::string_view registry, std::string_view schema) {
  return std::string(kVersionKeyPrefix) + std::string(registry) + "/" + std::string(schema) + "/";
}

std::string VersionKey(std::string_view registry, std::string_view schema, int64_t number) {
  char digits[24];
  std::snprintf(digits, sizeof(digits), "%010" PRId64, number);  // sorts numerically
  return VersionPrefix(registry, schema) + digits;
}

namespace {

Value TagsValue(const Tags& tags) {
  Value v = Value::MakeObject();
  for (const auto& [k, t] : tags) v.Set(k, Value(t));
  return v;
}

Status DecodeTags(const Value& v, Tags& out) {
  const Value* tags = v.Find("tags");
  if (tags == nullptr || !tags->is_object()) return Status::Ok();
  for (const auto& [k, t] : tags->object()) {
    MR_ASSIGN_OR_RETURN(out[k], t.AsString("tag"));
  }
  return Status::Ok();
}

Result<Value> ParseRecord(std::string_view bytes, std::string_view what) {
  Result<Value> v = json::Parse(bytes);
  if (!v.ok() || !v->is_object()) {
    return Status::Corruption("stored " + std::string(what) + " record does not decode");
  }
  return v;
}

// Turns a decoding failure of a present record into Corruption.
template <typename T>
Result<T> AsCorruption(Result<T> r, std::string_view what) {
  if (r.ok()) return r;
  return Status::Corruption("stored " + std::string(what) + " record: " + r.status().message());
}

}  // namespace

std::string EncodeRegistry(const RegistryRecord& r) {
  Value v = Value::MakeObject();
  v.Set("name", Value(r.name));
  v.Set("description", Value(r.description));
  v.Set("tags", TagsValue(r.tags));
  v.Set("created_ms", Value(r.created_ms));
  v.Set("updated_ms", Value(r.updated_ms));
  return json::Write(v);
}

Result<RegistryRecord> DecodeRegistry(std::string_view bytes) {
  MR_ASSIGN_OR_RETURN(Value v, ParseRecord(bytes, "registry"));
  RegistryRecord r;
  MR_ASSIGN_OR_RETURN(r.name, AsCorruption(v.GetString("name"), "registry"));
  MR_ASSIGN_OR_RETURN(r.description, AsCorruption(v.GetString("description"), "registry"));
  MR_ASSIGN_OR_RETURN(r.created_ms, AsCorruption(v.GetInt64("created_ms"), "registry"));
  MR_ASSIGN_OR_RETURN(r.updated_ms, AsCorruption(v.GetInt64("updated_ms"), "registry"));
  MR_RETURN_IF_ERROR(DecodeTags(v, r.tags));
  return r;
}

std::string EncodeSchema(const SchemaRecord& s) {
  Value v = Value::MakeObject();
  v.Set("registry", Value(s.registry));
  v.Set("name", Value(s.name));
  v.Set("description", Value(s.description));
  v.Set("format", Value(DataFormatName(s.format)));
  v.Set("compatibility", Value(CompatibilityName(s.compatibility)));
  v.Set("checkpoint", Value(s.checkpoint));
  v.Set("latest_version", Value(s.latest_version));
  v.Set("next_version", Value(s.next_version));
  v.Set("tags", TagsValue(s.tags));
  v.Set("created_ms", Value(s.created_ms));
  v.Set("updated_ms", Value(s.updated_ms));
  return json::Write(v);
}

Result<SchemaRecord> DecodeSchema(std::string_view bytes) {
  MR_ASSIGN_OR_RETURN(Value v, ParseRecord(bytes, "schema"));
  SchemaRecord s;
  MR_ASSIGN_OR_RETURN(s.registry, AsCorruption(v.GetString("registry"), "schema"));
  MR_ASSIGN_OR_RETURN(s.name, AsCorruption(v.GetString("name"), "schema"));
  MR_ASSIGN_OR_RETURN(s.description, AsCorruption(v.GetString("description"), "schema"));
  MR_ASSIGN_OR_RETURN(std::string format, AsCorruption(v.GetString("format"), "schema"));
  MR_ASSIGN_OR_RETURN(std::string compat, AsCorruption(v.GetString("compatibility"), "schema"));
  std::optional<DataFormat> f = ParseDataFormat(format);
  std::optional<Compatibility> c = ParseCompatibility(compat);
  if (!f || !c) return Status::Corruption("stored schema record has an unknown format or mode");
  s.format = *f;
  s.compatibility = *c;
  MR_ASSIGN_OR_RETURN(s.checkpoint, AsCorruption(v.GetInt64("checkpoint"), "schema"));
  MR_ASSIGN_OR_RETURN(s.latest_version, AsCorruption(v.GetInt64("latest_version"), "schema"));
  MR_ASSIGN_OR_RETURN(s.next_version, AsCorruption(v.GetInt64("next_version"), "schema"));
  MR_ASSIGN_OR_RETURN(s.created_ms, AsCorruption(v.GetInt64("created_ms"), "schema"));
  MR_ASSIGN_OR_RETURN(s.updated_ms, AsCorruption(v.GetInt64("updated_ms"), "schema"));
  MR_RETURN_IF_ERROR(DecodeTags(v, s.tags));
  return s;
}

std::string EncodeVersion(const VersionRecord& r) {
  Value v = Value::MakeObject();
  v.Set("id", Value(r.id));
  v.Set("registry", Value(r.registry));
  v.Set("schema", Value(r.schema));
  v.Set("number", Value(r.number));
  v.Set("definition", Value(r.definition));
  v.Set("normalized", Value(r.normalized));
  v.Set("status", Value(VersionStatusName(r.status)));
  v.Set("created_ms", Value(r.created_ms));
  return json::Write(v);
}

Result<VersionRecord> DecodeVersion(std::string_view bytes) {
  MR_ASSIGN_OR_RETURN(Value v, ParseRecord(bytes, "version"));
  VersionRecord r;
  MR_ASSIGN_OR_RETURN(r.id, AsCorruption(v.GetString("id"), "version"));
  MR_ASSIGN_OR_RETURN(r.registry, AsCorruption(v.GetString("registry"), "version"));
  MR_ASSIGN_OR_RETURN(r.schema, AsCorruption(v.GetString("schema"), "version"));
  MR_ASSIGN_OR_RETURN(r.number, AsCorruption(v.GetInt64("number"), "version"));
  MR_ASSIGN_OR_RETURN(r.definition, AsCorruption(v.GetString("definition"), "version"));
  MR_ASSIGN_OR_RETURN(r.normalized, AsCorruption(v.GetString("normalized"), "version"));
  MR_ASSIGN_OR_RETURN(std::string status, AsCorruption(v.GetString("status"), "version"));
  r.status = status == "FAILURE" ? VersionStatus::kFailure : VersionStatus::kAvailable;
  MR_ASSIGN_OR_RETURN(r.created_ms, AsCorruption(v.GetInt64("created_ms"), "version"));
  return r;
}

}  // namespace millrace::catalog
