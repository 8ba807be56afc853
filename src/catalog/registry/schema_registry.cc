#include "catalog/registry/schema_registry.h"

#include <charconv>
#include <cstdio>

#include "base/clock.h"
#include "base/kv_store.h"

namespace millrace::catalog {

namespace {

std::string Quote(std::string_view s) {
  return "'" + std::string(s) + "'";
}

std::string SchemaName(const SchemaRef& ref) {
  return "Schema " + Quote(ref.schema) + " in registry " + Quote(ref.registry);
}

bool ParseNumber(std::string_view text, int64_t& out) {
  if (text.empty() || text[0] == '0') return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

// "4", "2-9", "2-3,7" into inclusive ranges.
Result<std::vector<std::pair<int64_t, int64_t>>> ParseVersionRanges(std::string_view spec) {
  std::vector<std::pair<int64_t, int64_t>> out;
  while (true) {
    size_t comma = spec.find(',');
    std::string_view part = spec.substr(0, comma);
    size_t dash = part.find('-');
    int64_t first = 0, last = 0;
    bool ok = dash == std::string_view::npos
                  ? ParseNumber(part, first) && ParseNumber(part, last)
                  : ParseNumber(part.substr(0, dash), first) &&
                        ParseNumber(part.substr(dash + 1), last);
    if (!ok || first > last) {
      return Status::InvalidArgument("Versions must be version numbers or ranges such as 2-5, "
                                     "not " + Quote(part));
    }
    out.emplace_back(first, last);
    if (comma == std::string_view::npos) return out;
    spec.remove_prefix(comma + 1);
  }
}

}  // namespace

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
  MR_RETURN_IF_ERROR(store_->Scan(kRegistryKeyPrefix, "", [&](std::string_view, std::string_view v) {
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
  hi = (hi & ~0xF000ull) | 0x4000ull;                  // version 4
  lo = (lo & ~(0xC0ull << 56)) | (0x80ull << 56);      // RFC 4122 variant
  char out[37];
  std::snprintf(out, sizeof(out), "%08x-%04x-%04x-%04x-%012llx",
                static_cast<unsigned>(hi >> 32), static_cast<unsigned>((hi >> 16) & 0xFFFF),
                static_cast<unsigned>(hi & 0xFFFF), static_cast<unsigned>(lo >> 48),
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
    return Status::InvalidArgument("Compatibility " + std::string(CompatibilityName(mode)) +
                                   " is not supported for " +
                                   std::string(DataFormatName(request.format)) +
                                   " schemas; use NONE or DISABLED");
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

VersionStatus SchemaRegistry::CheckAgainstHistory(const SchemaEntry& entry,
                                                  std::string_view normalized) const {
  const SchemaRecord& s = entry.record;
  // Versions from the checkpoint on; the plain modes look at the newest of them only.
  std::vector<const VersionRecord*> against;
  for (auto it = entry.versions.rbegin(); it != entry.versions.rend(); ++it) {
    if (it->first < s.checkpoint) break;
    if (it->second.status != VersionStatus::kAvailable) continue;
    against.push_back(&it->second);
    if (!IsTransitive(s.compatibility)) break;
  }
  for (const VersionRecord* previous : against) {
    if (!CheckCompatible(s.format, s.compatibility, normalized, previous->normalized).ok()) {
      return VersionStatus::kFailure;
    }
  }
  return VersionStatus::kAvailable;
}

Result<VersionRecord> SchemaRegistry::RegisterVersion(const SchemaRef& ref,
                                                      std::string_view definition) {
  std::lock_guard lock(mu_);
  MR_ASSIGN_OR_RETURN(SchemaEntry * entry, FindSchema(ref));
  SchemaRecord s = entry->record;
  Result<std::string> normalized = NormalizeDefinition(s.format, definition);
  if (!normalized.ok()) {
    return Status::InvalidArgument("Schema definition of " +
                                   std::string(DataFormatName(s.format)) +
                                   " data format is invalid: " + normalized.status().message());
  }
  const VersionRecord* failed_twin = nullptr;
  for (const auto& [number, v] : entry->versions) {
    if (v.normalized != *normalized) continue;
    if (v.status == VersionStatus::kAvailable) return v;
    failed_twin = &v;
  }
  bool first = s.latest_version == 0;
  if (!first && s.compatibility == Compatibility::kDisabled) {
    return Status::InvalidArgument("Compatibility DISABLED does not allow new versions of " +
                                   SchemaName(ref));
  }
  VersionStatus status = first ? VersionStatus::kAvailable
                               : CheckAgainstHistory(*entry, *normalized);
  if (status == VersionStatus::kFailure && failed_twin != nullptr) return *failed_twin;
  if (entry->versions.size() >= limits_.max_versions_per_schema) {
    return Status::ResourceExhausted(SchemaName(ref) + " already has " +
                                     std::to_string(limits_.max_versions_per_schema) +
                                     " versions");
  }
  VersionRecord v;
  v.id = NewVersionId();
  v.registry = ref.registry;
  v.schema = ref.schema;
  v.number = s.next_version;
  v.definition = std::string(definition);
  v.normalized = std::move(*normalized);
  v.status = status;
  v.created_ms = WallMillis();
  s.next_version++;
  if (status == VersionStatus::kAvailable) {
    s.latest_version = v.number;
    if (first) s.checkpoint = v.number;
  }
  s.updated_ms = v.created_ms;
  KvWriteBatch batch;
  batch.Put(VersionKey(ref.registry, ref.schema, v.number), EncodeVersion(v));
  batch.Put(SchemaKey(ref.registry, ref.schema), EncodeSchema(s));
  MR_RETURN_IF_ERROR(store_->Write(batch));
  entry->record = s;
  version_ids_[v.id] = {{ref.registry, ref.schema}, v.number};
  entry->versions[v.number] = v;
  return v;
}

Result<VersionRecord> SchemaRegistry::GetVersion(const SchemaRef& ref,
                                                 const VersionSelector& which) const {
  std::lock_guard lock(mu_);
  MR_ASSIGN_OR_RETURN(const SchemaEntry* entry, FindSchema(ref));
  int64_t number = which.latest ? entry->record.latest_version : which.number;
  auto it = entry->versions.find(number);
  if (it == entry->versions.end()) {
    return Status::NotFound(which.latest ? SchemaName(ref) + " has no available version"
                                         : "Schema version " + std::to_string(number) + " of " +
                                               SchemaName(ref) + " not found");
  }
  return it->second;
}

Result<VersionRecord> SchemaRegistry::GetVersionById(std::string_view id) const {
  std::lock_guard lock(mu_);
  auto it = version_ids_.find(id);
  if (it == version_ids_.end()) {
    return Status::NotFound("Schema version " + Quote(id) + " not found");
  }
  return schemas_.at(it->second.first).versions.at(it->second.second);
}

Result<VersionRecord> SchemaRegistry::GetVersionByDefinition(const SchemaRef& ref,
                                                             std::string_view definition) const {
  std::lock_guard lock(mu_);
  MR_ASSIGN_OR_RETURN(const SchemaEntry* entry, FindSchema(ref));
  Result<std::string> normalized = NormalizeDefinition(entry->record.format, definition);
  if (!normalized.ok()) {
    return Status::InvalidArgument("Schema definition of " +
                                   std::string(DataFormatName(entry->record.format)) +
                                   " data format is invalid: " + normalized.status().message());
  }
  const VersionRecord* found = nullptr;
  for (const auto& [number, v] : entry->versions) {
    if (v.normalized != *normalized) continue;
    if (found == nullptr || v.status == VersionStatus::kAvailable) found = &v;
  }
  if (found == nullptr) {
    return Status::NotFound("No version of " + SchemaName(ref) + " has this definition");
  }
  return *found;
}

Result<std::vector<VersionRecord>> SchemaRegistry::ListVersions(const SchemaRef& ref) const {
  std::lock_guard lock(mu_);
  MR_ASSIGN_OR_RETURN(const SchemaEntry* entry, FindSchema(ref));
  std::vector<VersionRecord> out;
  for (const auto& [number, v] : entry->versions) out.push_back(v);
  return out;
}

Result<std::vector<VersionDeleteError>> SchemaRegistry::DeleteVersions(const SchemaRef& ref,
                                                                       std::string_view spec) {
  MR_ASSIGN_OR_RETURN(auto ranges, ParseVersionRanges(spec));
  std::lock_guard lock(mu_);
  MR_ASSIGN_OR_RETURN(SchemaEntry * entry, FindSchema(ref));
  SchemaRecord s = entry->record;
  for (const auto& [first, last] : ranges) {
    if (s.checkpoint >= first && s.checkpoint <= last) {
      return Status::InvalidArgument("Versions " + Quote(spec) + " include the checkpoint " +
                                     std::to_string(s.checkpoint) +
                                     ", which cannot be deleted");
    }
  }
  std::vector<VersionDeleteError> errors;
  std::vector<int64_t> doomed;
  for (const auto& [first, last] : ranges) {
    // Numbers never assigned are not reported; numbers assigned and gone are.
    for (int64_t n = first; n <= last && n < s.next_version; ++n) {
      if (entry->versions.count(n) > 0) {
        doomed.push_back(n);
      } else {
        errors.push_back({n, "EntityNotFoundException",
                          "Schema version " + std::to_string(n) + " not found"});
      }
    }
  }
  if (doomed.empty()) return errors;
  KvWriteBatch batch;
  for (int64_t n : doomed) batch.Delete(VersionKey(ref.registry, ref.schema, n));
  int64_t latest = 0;
  for (const auto& [n, v] : entry->versions) {
    bool gone = std::find(doomed.begin(), doomed.end(), n) != doomed.end();
    if (!gone && v.status == VersionStatus::kAvailable) latest = n;
  }
  s.latest_version = latest;
  s.updated_ms = WallMillis();
  batch.Put(SchemaKey(ref.registry, ref.schema), EncodeSchema(s));
  MR_RETURN_IF_ERROR(store_->Write(batch));
  for (int64_t n : doomed) {
    version_ids_.erase(entry->versions[n].id);
    entry->versions.erase(n);
  }
  entry->record = s;
  return errors;
}

}  // namespace millrace::catalog
