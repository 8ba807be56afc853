// Reading Glue Schema Registry requests and writing their answers: the RegistryId, SchemaId and
// SchemaVersionNumber structures, ARNs, CreatedTime strings, pagination tokens, and the mapping
// of registry errors onto Glue's exception names. Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "base/value.h"
#include "catalog/registry/schema_registry.h"
#include "catalog/service/glue_error.h"

namespace millrace::catalog {

// Where ARNs point: the caller's region and account.
struct ArnScope {
  std::string region;
  std::string account;
};

std::string RegistryArn(const ArnScope& scope, std::string_view registry);
std::string SchemaArn(const ArnScope& scope, std::string_view registry, std::string_view schema);

// Request members; a member of the wrong kind is InvalidArgument naming it.
Result<std::optional<std::string>> OptionalString(const Value& params, std::string_view key);
Result<std::string> RequiredString(const Value& params, std::string_view key);
Result<std::optional<int64_t>> OptionalInt(const Value& params, std::string_view key);
Result<Tags> OptionalTags(const Value& params);
// A Description member: at most 2048 characters.
Result<std::optional<std::string>> OptionalDescription(const Value& params);
// A SchemaDefinition member: 1..170000 characters with at least one that is not whitespace.
Result<std::string> RequiredDefinition(const Value& params);

// The registry a RegistryId structure names (RegistryName or RegistryArn). If the member is
// absent: `fallback` when given, otherwise InvalidArgument.
Result<std::string> RegistryFromId(const Value& params, std::string_view member,
                                   std::optional<std::string_view> fallback);
// The schema a SchemaId structure names (SchemaArn, or SchemaName with RegistryName, which
// defaults to default-registry). InvalidArgument if `member` is absent or says neither.
Result<SchemaRef> SchemaFromId(const Value& params, std::string_view member);
// A SchemaVersionNumber structure: LatestVersion true or a VersionNumber, exactly one.
Result<std::optional<VersionSelector>> OptionalVersionSelector(const Value& params,
                                                               std::string_view member);

// CreatedTime/UpdatedTime as Glue writes them: "2026-11-25T21:00:00.000Z".
std::string FormatTime(int64_t epoch_ms);

// One page of `keys` (sorted ascending) after the NextToken in `params`, at most MaxResults
// (1..100, default 100). Returns [begin, end) indexes and sets `next_token` when more remain.
struct Page {
  size_t begin = 0;
  size_t end = 0;
  std::optional<std::string> next_token;
};
Result<Page> Paginate(const Value& params, const std::vector<std::string>& keys);

}  // namespace millrace::catalog
