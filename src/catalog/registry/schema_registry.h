// SchemaRegistry: the Glue Schema Registry's state (registries, schemas, schema versions) and
// its rules: names, the default registry, version numbering, identical definitions returning the
// existing version, compatibility checks from the checkpoint on, and limits. Persisted in a
// KvStore under "registry/"; the whole state is also held in memory and loaded by Open.
// Thread-safe: one mutex serializes every call. Calls that change state write to the KvStore
// (a synced write) while holding it, so call them from a blocking pool, not an event loop.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "catalog/registry/registry_records.h"

namespace millrace {
class KvStore;
}

namespace millrace::catalog {

// The registry a schema lands in when a request names none; created on first use, as Glue does.
inline constexpr std::string_view kDefaultRegistryName = "default-registry";

struct SchemaRegistryLimits {
  size_t max_registries = 100;
  size_t max_schemas = 10000;             // across all registries
  size_t max_versions_per_schema = 1000;  // stored versions, AVAILABLE or FAILURE
};

struct SchemaRef {
  std::string registry;
  std::string schema;
};

// A version by number, or the latest AVAILABLE one.
struct VersionSelector {
  bool latest = false;
  int64_t number = 0;
};

struct NewSchema {
  std::string registry{kDefaultRegistryName};
  std::string name;
  DataFormat format = DataFormat::kAvro;
  std::optional<Compatibility> compatibility;  // BACKWARD (NONE for PROTOBUF) if unset
  std::string description;
  Tags tags;
  std::optional<std::string> definition;  // the first version, if given
};

struct CreatedSchema {
  SchemaRecord schema;
  std::optional<VersionRecord> first_version;
};

struct SchemaUpdate {
  std::optional<VersionSelector> checkpoint;
  std::optional<Compatibility> compatibility;
  std::optional<std::string> description;
};

struct VersionDeleteError {
  int64_t number = 0;
  std::string code;  // "EntityNotFoundException"
  std::string message;
};

class SchemaRegistry {
 public:
  // Loads the state stored in `store`. REQUIRES: `store` outlives the registry.
  static Result<std::unique_ptr<SchemaRegistry>> Open(KvStore* store,
                                                      SchemaRegistryLimits limits = {});

  // Errors throughout: InvalidArgument (bad name, definition, or a rule broken), NotFound,
  // AlreadyExists, ResourceExhausted (a limit), IOError (the store).
  Result<RegistryRecord> CreateRegistry(std::string name, std::string description, Tags tags);
  Result<RegistryRecord> GetRegistry(std::string_view name) const;
  std::vector<RegistryRecord> ListRegistries() const;  // by name
  Result<RegistryRecord> UpdateRegistry(std::string_view name, std::string description);
  // Deletes the registry with all its schemas and versions.
  Result<RegistryRecord> DeleteRegistry(std::string_view name);

  Result<CreatedSchema> CreateSchema(NewSchema request);
  Result<SchemaRecord> GetSchema(const SchemaRef& ref) const;
  // Schemas of one registry, or of all (registry empty), by registry then name. NotFound if the
  // named registry does not exist.
  Result<std::vector<SchemaRecord>> ListSchemas(std::string_view registry) const;
  // Moves the checkpoint and/or changes compatibility or description. Changing compatibility
  // needs a checkpoint too; the checkpoint never moves back; the mode must actually change.
  Result<SchemaRecord> UpdateSchema(const SchemaRef& ref, const SchemaUpdate& update);
  Result<SchemaRecord> DeleteSchema(const SchemaRef& ref);

  // Registers `definition` as the next version: the existing AVAILABLE version if the normalized
  // definition is already registered; else a new version, AVAILABLE if it passes the schema's
  // compatibility check and FAILURE (stored, numbered, never used for checks) if it does not.
  // InvalidArgument for a malformed definition or when compatibility is DISABLED.
  Result<VersionRecord> RegisterVersion(const SchemaRef& ref, std::string_view definition);
  Result<VersionRecord> GetVersion(const SchemaRef& ref, const VersionSelector& which) const;
  Result<VersionRecord> GetVersionById(std::string_view id) const;
  // The version whose normalized definition equals that of `definition` (AVAILABLE preferred).
  Result<VersionRecord> GetVersionByDefinition(const SchemaRef& ref,
                                               std::string_view definition) const;
  Result<std::vector<VersionRecord>> ListVersions(const SchemaRef& ref) const;  // by number
  // Deletes the versions named by `spec` ("4", "2-9", "2-3,7"). InvalidArgument if the range
  // holds the checkpoint; numbers with no stored version come back as errors.
  Result<std::vector<VersionDeleteError>> DeleteVersions(const SchemaRef& ref,
                                                         std::string_view spec);

 private:
  struct SchemaEntry {
    SchemaRecord record;
    std::map<int64_t, VersionRecord> versions;
  };
  using SchemaKeyPair = std::pair<std::string, std::string>;

  SchemaRegistry(KvStore* store, SchemaRegistryLimits limits) : store_(store), limits_(limits) {}
  Status Load();
  std::string NewVersionId();                             // REQUIRES: mu_ held
  Result<SchemaEntry*> FindSchema(const SchemaRef& ref);  // REQUIRES: mu_ held
  Result<const SchemaEntry*> FindSchema(const SchemaRef& ref) const;
  // The status a new version with this normalized definition gets. REQUIRES: mu_ held.
  VersionStatus CheckAgainstHistory(const SchemaEntry& entry, std::string_view normalized) const;
  // Creates the default registry if `name` is it and it does not exist. REQUIRES: mu_ held.
  Status EnsureRegistry(std::string_view name, int64_t now_ms);

  KvStore* store_;
  SchemaRegistryLimits limits_;
  mutable std::mutex mu_;
  std::map<std::string, RegistryRecord, std::less<>> registries_;
  std::map<SchemaKeyPair, SchemaEntry> schemas_;
  std::map<std::string, std::pair<SchemaKeyPair, int64_t>, std::less<>> version_ids_;
  std::mt19937_64 random_{std::random_device{}()};
};

// Checks a registry or schema name against Glue's rule: 1..255 characters of [a-zA-Z0-9-_$#.].
Status ValidateRegistryName(std::string_view name, std::string_view what);

}  // namespace millrace::catalog
