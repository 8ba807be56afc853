// Canonical JSON for Parquet files, the common language of the cross-reader checks: a schema as
// type descriptors and rows as arrays, rendered by physical + logical type so that any reader's
// values can be normalized to the same text (see tests/e2e/parquet_readers.mjs). Stateless.
#pragma once

#include <string>
#include <vector>

#include "parquet/schema.h"
#include "parquet/value.h"

namespace millrace::parquet::testing {

// {"columns":[{"name":..,"type":{..}}, ..],"rows":[[..], ..]}. Types: {"t":"bool"|"int32"|
// "int64"|"float"|"double"|"string"|"binary"|"date"|"int96"}, {"t":"ts","unit":"ms"|"us"|"ns"},
// {"t":"decimal","scale":s}, {"t":"list","element":T}, {"t":"map","key":T,"value":T},
// {"t":"struct","fields":[{"name":..,"type":T}, ..]}. Values: integers, dates and timestamps
// as decimal strings (days, units); floats as numbers or "NaN"/"Infinity"/"-Infinity";
// decimals as "-12.50"; binary as lowercase hex; maps as [[key, value], ..]; structs as arrays.
std::string FileToJson(const Schema& schema, const std::vector<Value>& rows);

}  // namespace millrace::parquet::testing
