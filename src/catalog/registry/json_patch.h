// JSON Patch (RFC 6902) between two JSON documents, as GetSchemaVersionsDiff answers with a
// SYNTAX_DIFF. Stateless; thread-safe.
#pragma once

#include "base/value.h"

namespace millrace::catalog {

// A patch that turns `from` into `to`: an array of add/remove/replace operations with JSON
// Pointer paths. Objects are compared member by member; arrays of equal length element by
// element, arrays of different lengths are replaced whole. Equal documents give [].
Value JsonPatch(const Value& from, const Value& to);

}  // namespace millrace::catalog
