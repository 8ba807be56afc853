// JSON Schema documents (drafts 04, 06 and 07): syntax checking, a normalized text form, and
// validation of one instance against the keywords millrace understands. A schema is kept as a
// Value (the parsed JSON) together with its document root, against which local "$ref"s resolve.
// Stateless functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "base/status.h"
#include "base/value.h"

namespace millrace::catalog {

// The longest "pattern" accepted (std::regex compiles and matches recursively; longer patterns,
// and instances longer than this under a pattern, could exhaust the stack).
inline constexpr size_t kMaxJsonSchemaPatternLength = 1000;

// Parses and checks a schema text: valid JSON, a schema object or boolean, and each understood
// keyword well formed ("type" names, "required" strings, numeric bounds, regex patterns, nested
// schemas). InvalidArgument names the keyword and its JSON path.
Result<Value> ParseJsonSchema(std::string_view text);

// The schema as compact JSON with object keys sorted at every level: equal for texts that differ
// only in whitespace and key order.
std::string NormalizedJsonSchema(const Value& schema);

// Keywords that only annotate (title, description, default, examples, $schema, $id, $comment,
// definitions, $defs ...) and never change which instances are valid.
bool IsJsonSchemaAnnotation(std::string_view keyword);
// Keywords whose meaning the compatibility check and JsonSchemaAccepts understand.
bool IsJsonSchemaUnderstood(std::string_view keyword);

// The schema a local "$ref" ("#", "#/definitions/a") names inside `root`, following chains;
// nullptr for a remote or dangling reference. A schema without "$ref" is returned as is.
const Value* ResolveJsonSchemaRef(const Value& root, const Value& schema);

// Whether `instance` is valid under `schema` (inside document `root`). Conservative: a keyword
// outside the understood set makes the answer false.
bool JsonSchemaAccepts(const Value& root, const Value& schema, const Value& instance);

}  // namespace millrace::catalog
