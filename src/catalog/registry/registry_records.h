// The records the schema registry keeps: registries, schemas and schema versions, with their
// encoding as stored values (compact JSON) and their keys in the KvStore. The key layout is
// described in docs/schema_registry.md; every key starts with "registry/". Plain value types.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "base/status.h"
#include "catalog/registry/schema_format.h"

namespace millrace::catalog {

using Tags = std::map<std::string, std::string>;

struct RegistryRecord {
  std::string name;
  std::string description;
  Tags tags;
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
};

struct SchemaRecord {
  std::string registry;
  std::string name;
  std::string description;
  DataFormat format = DataFormat::kAvro;
  Compatibility compatibility = Compatibility::kBackward;
  int64_t checkpoint = 0;      // 0 until the first version exists
  int64_t latest_version = 0;  // the newest AVAILABLE version; 0 if none
  int64_t next_version = 1;    // the number the next registered version gets
  Tags tags;
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
};

enum class VersionStatus : uint8_t { kAvailable, kFailure };
std::string_view VersionStatusName(VersionStatus status);  // "AVAILABLE", "FAILURE"

struct VersionRecord {
  std::string id;  // a random UUID, unique across the registry
  std::string registry;
  std::string schema;
  int64_t number = 0;
  std::string definition;  // as registered
  std::string normalized;  // NormalizeDefinition(format, definition)
  VersionStatus status = VersionStatus::kAvailable;
  int64_t created_ms = 0;
};

// Keys. Names match [a-zA-Z0-9-_$#.]+ (checked before they get here), so '/' separates parts.
std::string RegistryKey(std::string_view registry);
std::string SchemaKey(std::string_view registry, std::string_view schema);
std::string SchemaPrefix(std::string_view registry);  // every schema of a registry
std::string VersionKey(std::string_view registry, std::string_view schema, int64_t number);
std::string VersionPrefix(std::string_view registry, std::string_view schema);
inline constexpr std::string_view kRegistryKeyPrefix = "registry/r/";
inline constexpr std::string_view kSchemaKeyPrefix = "registry/s/";
inline constexpr std::string_view kVersionKeyPrefix = "registry/v/";

std::string EncodeRegistry(const RegistryRecord& r);
std::string EncodeSchema(const SchemaRecord& s);
std::string EncodeVersion(const VersionRecord& v);
// Corruption if the stored bytes do not decode.
Result<RegistryRecord> DecodeRegistry(std::string_view bytes);
Result<SchemaRecord> DecodeSchema(std::string_view bytes);
Result<VersionRecord> DecodeVersion(std::string_view bytes);

}  // namespace millrace::catalog
