#include "catalog/registry/schema_registry.h"

#include <cstdio>

#include "base/clock.h"
#include "base/kv_store.h"
#include "catalog/registry/registry_messages.h"

namespace millrace::catalog {

Status ValidateRegistryName(std::string_view name, std::string_view what) {
  bool ok = !name.empty() && name.size() <= 255;
  for (char c : name) {
    bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '-' || c == '_' || c == '$' || c == '#' || c == '.';
    ok = ok && allowed;
  }
  if (ok) return Status::Ok();
  return Status::InvalidArgument(std::string(what) + " " + Quote(name) +
                                 " is invalid: use 1 to 255 characters of a-z, A-Z, 0-9, "
                                 "'-', '_', '$', '#' and '.'");
}

Result<std::unique_ptr<SchemaRegistry>> SchemaRegistry::Open(KvStore* store,
                                                             SchemaRegistryLimits limits) {
  std::unique_ptr<SchemaRegistry> registry(new SchemaRegistry(store, limits));
  MR_RETURN_IF_ERROR(registry->Load());
  return registry;
}

Status SchemaRegistry::Load() {
  std::lock_guard lock(mu_);
  Status decode;
  MR_RETURN_IF_ERROR(
      store_->Scan(kRegistryKeyPrefix, "", [&](std::string_view, std::string_view v) {
        Result<RegistryRecord> r = DecodeRegistry(v);
        if (!r.ok()) decode = r.status();
        if (r.ok()) registries_[r->name] = std::move(*r);
        return r.ok();
      }));
  MR_RETURN_IF_ERROR(decode);
  MR_RETURN_IF_ERROR(store_->Scan(kSchemaKeyPrefix, "", [&](std::string_view, std::string_view v) {
    Result<SchemaRecord> s = DecodeSchema(v);
    if (!s.ok()) decode = s.status();
    if (s.ok()) schemas_[{s->registry, s->name}].record = std::move(*s);
    return s.ok();
  }));
  MR_RETURN_IF_ERROR(decode);
  MR_RETURN_IF_ERROR(store_->Scan(kVersionKeyPrefix, "", [&](std::string_view, std::string_view v) {
    Result<VersionRecord> r = DecodeVersion(v);
    if (!r.ok()) {
      decode = r.status();
      return false;
    }
    SchemaKeyPair key{r->registry, r->schema};
    auto it = schemas_.find(key);
    if (it == schemas_.end()) {
      decode = Status::Corruption("stored version " + r->id + " belongs to no schema");
      return false;
    }
    version_ids_[r->id] = {key, r->number};
    int64_t number = r->number;
    it->second.versions[number] = std::move(*r);
    return true;
  }));
  return decode;
}

std::string SchemaRegistry::NewVersionId() {
  uint64_t hi = random_();
  uint64_t lo = random_();
  hi = (hi & ~0xF000ull) | 0x4000ull;              // version 4
  lo = (lo & ~(0xC0ull << 56)) | (0x80ull << 56);  // RFC 4122 variant
  char out[37];
  std::snprintf(out, sizeof(out), "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFull));
  return out;
}

Status SchemaRegistry::EnsureRegistry(std::string_view name, int64_t now_ms) {
  if (registries_.count(name) > 0) return Status::Ok();
  if (name != kDefaultRegistryName) {
    return Status::NotFound("Registry " + Quote(name) + " not found");
  }
  if (registries_.size() >= limits_.max_registries) {
    return Status::ResourceExhausted("the account already has " +
                                     std::to_string(limits_.max_registries) + " registries");
  }
  RegistryRecord r;
  r.name = std::string(name);
  r.created_ms = r.updated_ms = now_ms;
  MR_RETURN_IF_ERROR(store_->Put(RegistryKey(r.name), EncodeRegistry(r)));
  registries_[r.name] = std::move(r);
  return Status::Ok();
}

Result<RegistryRecord> SchemaRegistry::CreateRegistry(std::string name, std::string description,
                                                      Tags tags) {
  MR_RETURN_IF_ERROR(ValidateRegistryName(name, "RegistryName"));
  std::lock_guard lock(mu_);
  if (registries_.count(name) > 0) {
    return Status::AlreadyExists("Registry " + Quote(name) + " already exists");
  }
  if (registries_.size() >= limits_.max_registries) {
    return Status::ResourceExhausted("the account already has " +
                                     std::to_string(limits_.max_registries) + " registries");
  }
  RegistryRecord r{std::move(name), std::move(description), std::move(tags), WallMillis(), 0};
  r.updated_ms = r.created_ms;
  MR_RETURN_IF_ERROR(store_->Put(RegistryKey(r.name), EncodeRegistry(r)));
  registries_[r.name] = r;
  return r;
}

Result<RegistryRecord> SchemaRegistry::GetRegistry(std::string_view name) const {
  std::lock_guard lock(mu_);
  auto it = registries_.find(name);
  if (it == registries_.end()) return Status::NotFound("Registry " + Quote(name) + " not found");
  return it->second;
}

std::vector<RegistryRecord> SchemaRegistry::ListRegistries() const {
  std::lock_guard lock(mu_);
  std::vector<RegistryRecord> out;
  for (const auto& [name, r] : registries_) out.push_back(r);
  return out;
}

Result<RegistryRecord> SchemaRegistry::UpdateRegistry(std::string_view name,
                                                      std::string description) {
  std::lock_guard lock(mu_);
  auto it = registries_.find(name);
  if (it == registries_.end()) return Status::NotFound("Registry " + Quote(name) + " not found");
  RegistryRecord r = it->second;
  r.description = std::move(description);
  r.updated_ms = WallMillis();
  MR_RETURN_IF_ERROR(store_->Put(RegistryKey(r.name), EncodeRegistry(r)));
  it->second = r;
  return r;
}

Result<RegistryRecord> SchemaRegistry::DeleteRegistry(std::string_view name) {
  std::lock_guard lock(mu_);
  auto it = registries_.find(name);
  if (it == registries_.end()) return Status::NotFound("Registry " + Quote(name) + " not found");
  KvWriteBatch batch;
  batch.Delete(RegistryKey(name));
  std::vector<SchemaKeyPair> doomed;
  for (const auto& [key, entry] : schemas_) {
    if (key.first != name) continue;
    doomed.push_back(key);
    batch.Delete(SchemaKey(key.first, key.second));
    for (const auto& [number, v] : entry.versions) {
      batch.Delete(VersionKey(key.first, key.second, number));
    }
  }
  MR_RETURN_IF_ERROR(store_->Write(batch));
  for (const SchemaKeyPair& key : doomed) {
    for (const auto& [number, v] : schemas_[key].versions) version_ids_.erase(v.id);
    schemas_.erase(key);
  }
  RegistryRecord r = std::move(it->second);
  registries_.erase(it);
  return r;
}

Result<SchemaRegistry::SchemaEntry*> SchemaRegistry::FindSchema(const SchemaRef& ref) {
  if (registries_.count(ref.registry) == 0) {
    return Status::NotFound("Registry " + Quote(ref.registry) + " not found");
  }
  auto it = schemas_.find({ref.registry, ref.schema});
  if (it == schemas_.end()) return Status::NotFound(SchemaName(ref) + " not found");
  return &it->second;
}

Result<const SchemaRegistry::SchemaEntry*> SchemaRegistry::FindSchema(const SchemaRef& ref) const {
  MR_ASSIGN_OR_RETURN(SchemaEntry * entry, const_cast<SchemaRegistry*>(this)->FindSchema(ref));
  return static_cast<const SchemaEntry*>(entry);
}

Result<CreatedSchema> SchemaRegistry::CreateSchema(NewSchema request) {
  MR_RETURN_IF_ERROR(ValidateRegistryName(request.registry, "RegistryName"));
  MR_RETURN_IF_ERROR(ValidateRegistryName(request.name, "SchemaName"));
  Compatibility mode = request.compatibility.value_or(
      request.format == DataFormat::kProtobuf ? Compatibility::kNone : Compatibility::kBackward);
  if (!SupportsCompatibility(request.format, mode)) {
    return Status::InvalidArgument(
        "Compatibility " + std::string(CompatibilityName(mode)) + " is not supported for " +
        std::string(DataFormatName(request.format)) + " schemas; use NONE or DISABLED");
  }
  std::string normalized;
  if (request.definition) {
    Result<std::string> n = NormalizeDefinition(request.format, *request.definition);
    if (!n.ok()) {
      return Status::InvalidArgument("Schema definition of " +
                                     std::string(DataFormatName(request.format)) +
                                     " data format is invalid: " + n.status().message());
    }
    normalized = std::move(*n);
  }
  std::lock_guard lock(mu_);
  int64_t now = WallMillis();
  MR_RETURN_IF_ERROR(EnsureRegistry(request.registry, now));
  SchemaRef ref{request.registry, request.name};
  if (schemas_.count({ref.registry, ref.schema}) > 0) {
    return Status::AlreadyExists(SchemaName(ref) + " already exists");
  }
  if (schemas_.size() >= limits_.max_schemas) {
    return Status::ResourceExhausted("the account already has " +
                                     std::to_string(limits_.max_schemas) + " schemas");
  }
  SchemaEntry entry;
  SchemaRecord& s = entry.record;
  s.registry = ref.registry;
  s.name = ref.schema;
  s.description = std::move(request.description);
  s.format = request.format;
  s.compatibility = mode;
  s.tags = std::move(request.tags);
  s.created_ms = s.updated_ms = now;
  KvWriteBatch batch;
  CreatedSchema out;
  if (request.definition) {
    VersionRecord v;
    v.id = NewVersionId();
    v.registry = ref.registry;
    v.schema = ref.schema;
    v.number = 1;
    v.definition = std::move(*request.definition);
    v.normalized = std::move(normalized);
    v.created_ms = now;
    s.checkpoint = s.latest_version = 1;
    s.next_version = 2;
    batch.Put(VersionKey(ref.registry, ref.schema, 1), EncodeVersion(v));
    out.first_version = v;
    entry.versions[1] = std::move(v);
  }
  batch.Put(SchemaKey(ref.registry, ref.schema), EncodeSchema(s));
  MR_RETURN_IF_ERROR(store_->Write(batch));
  out.schema = s;
  if (out.first_version) version_ids_[out.first_version->id] = {{ref.registry, ref.schema}, 1};
  schemas_[{ref.registry, ref.schema}] = std::move(entry);
  return out;
}

Result<SchemaRecord> SchemaRegistry::GetSchema(const SchemaRef& ref) const {
  std::lock_guard lock(mu_);
  MR_ASSIGN_OR_RETURN(const SchemaEntry* entry, FindSchema(ref));
  return entry->record;
}

Result<std::vector<SchemaRecord>> SchemaRegistry::ListSchemas(std::string_view registry) const {
  std::lock_guard lock(mu_);
  if (!registry.empty() && registries_.count(registry) == 0) {
    return Status::NotFound("Registry " + Quote(registry) + " not found");
  }
  std::vector<SchemaRecord> out;
  for (const auto& [key, entry] : schemas_) {
    if (registry.empty() || key.first == registry) out.push_back(entry.record);
  }
  return out;
}

Result<SchemaRecord> SchemaRegistry::UpdateSchema(const SchemaRef& ref,
                                                  const SchemaUpdate& update) {
  if (!update.checkpoint && !update.compatibility && !update.description) {
    return Status::InvalidArgument(
        "UpdateSchema needs SchemaVersionNumber, Compatibility or Description");
  }
  if (update.compatibility && !update.checkpoint) {
    return Status::InvalidArgument(
        "SchemaVersionNumber is required to change Compatibility: it sets the checkpoint the "
        "new mode applies from");
  }
  std::lock_guard lock(mu_);
  MR_ASSIGN_OR_RETURN(SchemaEntry * entry, FindSchema(ref));
  SchemaRecord s = entry->record;
  if (update.compatibility) {
    if (*update.compatibility == s.compatibility) {
      return Status::InvalidArgument("Compatibility is already " +
                                     std::string(CompatibilityName(s.compatibility)));
    }
    if (!SupportsCompatibility(s.format, *update.compatibility)) {
      return Status::InvalidArgument(
          "Compatibility " + std::string(CompatibilityName(*update.compatibility)) +
          " is not supported for " + std::string(DataFormatName(s.format)) + " schemas");
    }
    s.compatibility = *update.compatibility;
  }
  if (update.checkpoint) {
    int64_t number = update.checkpoint->latest ? s.latest_version : update.checkpoint->number;
    auto it = entry->versions.find(number);
    if (it == entry->versions.end()) {
      return Status::NotFound("Schema version " + std::to_string(number) + " of " +
                              SchemaName(ref) + " not found");
    }
    if (it->second.status != VersionStatus::kAvailable) {
      return Status::InvalidArgument("Schema version " + std::to_string(number) +
                                     " is not AVAILABLE and cannot be the checkpoint");
    }
    if (number < s.checkpoint) {
      return Status::InvalidArgument("The checkpoint cannot move back from version " +
                                     std::to_string(s.checkpoint) + " to " +
                                     std::to_string(number));
    }
    s.checkpoint = number;
  }
  if (update.description) s.description = *update.description;
  s.updated_ms = WallMillis();
  MR_RETURN_IF_ERROR(store_->Put(SchemaKey(ref.registry, ref.schema), EncodeSchema(s)));
  entry->record = s;
  return s;
}

Result<SchemaRecord> SchemaRegistry::DeleteSchema(const SchemaRef& ref) {
  std::lock_guard lock(mu_);
  MR_ASSIGN_OR_RETURN(SchemaEntry * entry, FindSchema(ref));
  KvWriteBatch batch;
  batch.Delete(SchemaKey(ref.registry, ref.schema));
  for (const auto& [number, v] : entry->versions) {
    batch.Delete(VersionKey(ref.registry, ref.schema, number));
  }
  MR_RETURN_IF_ERROR(store_->Write(batch));
  SchemaRecord out = entry->record;
  for (const auto& [number, v] : entry->versions) version_ids_.erase(v.id);
  schemas_.erase({ref.registry, ref.schema});
  return out;
}

}  // namespace millrace::catalog
