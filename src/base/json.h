// JSON text <-> Value, as the AWS JSON 1.1 protocol carries request and response bodies.
//
// Parsing maps JSON onto Value (numbers become int64 when integral and in range, otherwise double).
// Writing maps Value onto JSON the AWS way: blobs as base64 strings, timestamps as epoch seconds
// (a number, fractional when the milliseconds are not whole seconds). Both are thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "base/status.h"
#include "base/value.h"

namespace millrace::json {

struct ParseLimits {
  size_t max_bytes = 16 << 20;  // larger documents are rejected before parsing
  size_t max_depth = 64;        // nesting of arrays and objects
};

// Parses one JSON document. Errors are InvalidArgument (malformed, too deep) or
// ResourceExhausted (too large), with a message fit for the caller.
Result<Value> Parse(std::string_view text, const ParseLimits& limits = {});

// Writes `value` as compact JSON. Non-finite doubles are written as null.
std::string Write(const Value& value);

}  // namespace millrace::json
