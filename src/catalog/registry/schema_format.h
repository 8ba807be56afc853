// What a registry schema is written in and how its versions may evolve: the DataFormat and
// Compatibility enums with their Glue names, syntax checking and normalization of a definition,
// and the compatibility check between two definitions. Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace millrace::catalog {

enum class DataFormat : uint8_t { kAvro, kJson, kProtobuf };

enum class Compatibility : uint8_t {
  kNone,         // any new version is accepted
  kDisabled,     // no version after the first
  kBackward,     // the new version reads data written with the previous one
  kBackwardAll,  // ... with every version since the checkpoint
  kForward,      // the previous version reads data written with the new one
  kForwardAll,   // ... every version since the checkpoint reads it
  kFull,         // both, against the previous version
  kFullAll,      // both, against every version since the checkpoint
};

std::string_view DataFormatName(DataFormat format);  // "AVRO", "JSON", "PROTOBUF"
std::optional<DataFormat> ParseDataFormat(std::string_view name);
std::string_view CompatibilityName(Compatibility mode);  // "NONE", ..., "FULL_ALL"
std::optional<Compatibility> ParseCompatibility(std::string_view name);

// True for the *_ALL modes, which check against every version since the checkpoint.
bool IsTransitive(Compatibility mode);
// Whether `mode` can be enforced for `format` (PROTOBUF definitions are kept as opaque text, so
// only NONE and DISABLED apply to them).
bool SupportsCompatibility(DataFormat format, Compatibility mode);

// Checks the definition's syntax and returns its normalized text (see docs/schema_registry.md):
// equal normalized texts mean the same schema. InvalidArgument with the cause otherwise.
Result<std::string> NormalizeDefinition(DataFormat format, std::string_view definition);

// OK if a version with definition `candidate` may follow one with `previous` under `mode`
// (BACKWARD: candidate reads previous's data; FORWARD: previous reads candidate's; FULL: both).
// InvalidArgument explains the first incompatibility. NONE always passes; DISABLED never does.
// REQUIRES: both definitions are normalized (NormalizeDefinition) for `format`; equal ones pass.
Status CheckCompatible(DataFormat format, Compatibility mode, std::string_view candidate,
                       std::string_view previous);

}  // namespace millrace::catalog
