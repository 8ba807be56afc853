// SchemaRegistry's version operations: registering with compatibility checks, lookups, deletes.
#include <algorithm>
#include <charconv>

#include "base/clock.h"
#include "base/kv_store.h"
#include "base/logging.h"
#include "catalog/registry/registry_messages.h"
#include "catalog/registry/schema_registry.h"

namespace millrace::catalog {

namespace {

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
    bool ok = dash == std::string_view::npos ? ParseNumber(part, first) && ParseNumber(part, last)
                                             : ParseNumber(part.substr(0, dash), first) &&
                                                   ParseNumber(part.substr(dash + 1), last);
    if (!ok || first > last) {
      return Status::InvalidArgument("Versions must be numbers or ranges such as 2-5, not " +
                                     Quote(part));
    }
    out.emplace_back(first, last);
    if (comma == std::string_view::npos) return out;
    spec.remove_prefix(comma + 1);
  }
}

}  // namespace

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
    Status compatible =
        CheckCompatible(s.format, s.compatibility, normalized, previous->normalized);
    if (!compatible.ok()) {
      // Glue's answer carries no reason; the log keeps it for whoever wonders why.
      MR_LOG_INFO("schema {}/{}: new version is {}-incompatible with version {}: {}", s.registry,
                  s.name, CompatibilityName(s.compatibility), previous->number,
                  compatible.message());
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
    return Status::InvalidArgument("Schema definition of " + std::string(DataFormatName(s.format)) +
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
  VersionStatus status =
      first ? VersionStatus::kAvailable : CheckAgainstHistory(*entry, *normalized);
  if (status == VersionStatus::kFailure && failed_twin != nullptr) return *failed_twin;
  if (entry->versions.size() >= limits_.max_versions_per_schema) {
    return Status::ResourceExhausted(SchemaName(ref) + " already has " +
                                     std::to_string(limits_.max_versions_per_schema) + " versions");
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
                                     std::to_string(s.checkpoint) + ", which cannot be deleted");
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
        errors.push_back(
            {n, "EntityNotFoundException", "Schema version " + std::to_string(n) + " not found"});
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
