// The Hive type a Glue crawler gives a Parquet column: from the column's physical type and its
// logical (or legacy converted) annotation, recursively for LIST, MAP and groups. Pure function,
// thread-safe.
#pragma once

#include "base/status.h"
#include "catalog/hive_type.h"

namespace millrace::parquet {
struct SchemaNode;
}

namespace millrace::catalog {

// INT32 -> int (tinyint/smallint for 8/16-bit integers, date for DATE), INT64 -> bigint
// (timestamp for TIMESTAMP), INT96 -> timestamp, FLOAT/DOUBLE -> float/double, BOOLEAN ->
// boolean, BYTE_ARRAY -> string when annotated STRING/ENUM/JSON else binary, DECIMAL ->
// decimal(p,s), LIST -> array<..>, MAP -> map<..>, other groups -> struct<..>; a repeated
// field without a LIST annotation -> array<..>. InvalidArgument for what Hive cannot hold
// (a MAP without a value, an unsupported logical type such as TIME).
Result<HiveType> HiveTypeOfParquet(const parquet::SchemaNode& node);

}  // namespace millrace::catalog
