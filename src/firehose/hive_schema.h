// Catalog (Hive) column types to a Parquet writer schema, as Firehose's Parquet serializer maps
// a Glue table: string/char/varchar -> STRING, tinyint/smallint/int -> INT32, bigint -> INT64,
// float, double, boolean, binary, date -> DATE, timestamp -> TIMESTAMP(MILLIS, UTC),
// decimal(p,s) -> DECIMAL, array<T> -> LIST, map<K,V> -> MAP, struct<a:T,...> -> group.
// Every column is optional. Pure functions; thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include "base/status.h"
#include "firehose/catalog_view.h"
#include "parquet/schema.h"

namespace millrace::firehose {

// One column of type `hive_type` (case-insensitive, spaces ignored). InvalidArgument naming the
// type when it is not one of the above.
Result<parquet::SchemaNode> HiveColumn(std::string_view name, std::string_view hive_type);

// The schema of a table's columns (partition keys are not stored in the files).
Result<parquet::Schema> HiveSchema(const std::vector<CatalogColumn>& columns);

}  // namespace millrace::firehose
