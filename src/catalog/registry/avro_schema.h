// AvroSchema: an Avro schema (specification 1.11) parsed from its JSON text into a graph of
// nodes, for compatibility checks and a normalized text form. Named types (record, enum, fixed)
// are defined once and referenced by index, so recursive records are finite graphs.
// An AvroSchema is an immutable value once parsed: thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "base/value.h"

namespace millrace::catalog {

enum class AvroType : uint8_t {
  kNull,
  kBoolean,
  kInt,
  kLong,
  kFloat,
  kDouble,
  kBytes,
  kString,
  kRecord,
  kEnum,
  kArray,
  kMap,
  kUnion,
  kFixed,
};

// "null", "boolean", ... "record", "union" ...
std::string_view AvroTypeName(AvroType type);

struct AvroField {
  std::string name;
  std::vector<std::string> aliases;
  int32_t type = -1;  // node index
  std::optional<Value> default_value;
};

struct AvroNode {
  AvroType type = AvroType::kNull;
  // Named types: the full name ("ns.Name") and the aliases, made full with the namespace.
  std::string full_name;
  std::vector<std::string> aliases;
  std::vector<AvroField> fields;            // record
  std::vector<std::string> symbols;         // enum
  std::optional<std::string> enum_default;  // enum
  int64_t size = 0;                         // fixed
  int32_t items = -1;                       // array items, map values
  std::vector<int32_t> branches;            // union
  // Logical type attributes, kept for the normalized form; resolution ignores them as the
  // specification does (a logical type is read as its underlying type).
  std::string logical_type;
  int64_t precision = 0;
  int64_t scale = 0;
};

class AvroSchema {
 public:
  // Parses the JSON text of a schema. InvalidArgument with a message that names the offending
  // part (unknown type, missing "fields", duplicate name, a default that does not fit its type).
  static Result<AvroSchema> Parse(std::string_view text);

  int32_t root() const { return root_; }
  const AvroNode& node(int32_t index) const { return nodes_[static_cast<size_t>(index)]; }

  // A whitespace-free JSON form with full names, attributes in a fixed order and documentation
  // dropped: two texts that describe the same schema (same defaults and aliases) give the same
  // form, so it identifies a definition.
  std::string Normalized() const;

 private:
  friend class AvroSchemaParser;
  std::vector<AvroNode> nodes_;
  int32_t root_ = -1;
};

// The unqualified part of a full name: "Person" for "com.example.Person".
std::string_view AvroShortName(std::string_view full_name);

}  // namespace millrace::catalog
