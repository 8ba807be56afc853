// JSON Schema compatibility: can a reader validating with schema R accept every document that
// schema W accepts? The check is sound (it never answers yes wrongly) and conservative (it may
// answer no for compatible schemas it cannot prove). docs/schema_registry.md lists the keywords
// it understands. Stateless and thread-safe.
#pragma once

#include "base/status.h"
#include "base/value.h"

namespace millrace::catalog {

// OK if every instance valid under `writer` is valid under `reader` (both parsed with
// ParseJsonSchema); otherwise InvalidArgument naming the JSON path and the reason ("#/required:
// the reader requires "age" which the writer does not require").
Status JsonSchemaCanRead(const Value& reader, const Value& writer);

}  // namespace millrace::catalog
