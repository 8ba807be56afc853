// Date and timestamp text as JSON records carry it, for JSON to Parquet conversion.
// Thread-safe; timestamps keep a per-thread cache of the last date text and its day number.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "parquet/metadata.h"

namespace millrace::parquet {

// Days since 1970-01-01 of "yyyy-mm-dd"; nullopt if malformed or not a calendar date.
std::optional<int32_t> ParseDate(std::string_view text);

// "yyyy-mm-dd", "yyyy-mm-dd hh:mm:ss[.f...]" or the same with 'T', optionally followed by 'Z' or
// "+hh:mm"/"-hh:mm" (text without an offset is UTC), in `unit` since the epoch. Fractions
// finer than the unit are truncated. nullopt if malformed.
std::optional<int64_t> ParseTimestamp(std::string_view text, TimeUnit unit);

}  // namespace millrace::parquet
