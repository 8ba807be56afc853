// Column statistics as the footer stores them: PLAIN-encoded min/max bytes compared in the
// column's sort order (signed for numbers, dates, timestamps and decimals; unsigned bytewise
// for strings and binary; unsigned for UINT logical types). Stateless; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "parquet/schema.h"
#include "parquet/value.h"

namespace millrace::parquet {

// Byte-array min/max longer than this are not written (the footer stays small).
inline constexpr size_t kMaxStatisticsBytes = 4096;

// The statistic bytes of a non-null leaf value: little-endian numbers, one byte for booleans,
// raw bytes for byte arrays.
std::string StatisticBytes(const SchemaNode& leaf, const Value& value);

// The Value a statistic's bytes stand for (the inverse of StatisticBytes), or nullopt when the
// bytes have the wrong size for the type (other writers' truncated or legacy statistics).
std::optional<Value> StatisticValue(const SchemaNode& leaf, std::string_view bytes);

// Compares two statistic byte strings of `leaf`'s type: <0, 0 or >0.
int CompareStatistics(const SchemaNode& leaf, std::string_view a, std::string_view b);

// Compares big-endian two's complement integers of any lengths (DECIMAL byte arrays).
int CompareSignedBigEndian(std::string_view a, std::string_view b);

}  // namespace millrace::parquet
