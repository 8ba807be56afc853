// DECIMAL helpers for producers of Parquet values: parsing decimal text into the unscaled integer
// a column stores, and the big-endian two's complement bytes FIXED_LEN_BYTE_ARRAY decimals use.
// Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace millrace::parquet {

using Int128 = __int128;

// Parses "-12.5", "3", "0.001", "1e3" style text into the unscaled value at `scale`
// (12.5 at scale 2 -> 1250). InvalidArgument if the text is not a number, needs more fractional
// digits than `scale` (no silent rounding), or has more than `precision` digits.
Result<Int128> ParseDecimal(std::string_view text, int32_t precision, int32_t scale);

// `unscaled` as `byte_length` big-endian two's complement bytes.
// REQUIRES: the value fits in byte_length bytes; 1 <= byte_length <= 16.
std::string DecimalToBigEndian(Int128 unscaled, int32_t byte_length);

// The inverse: sign-extends up to 16 bytes. REQUIRES: 1 <= bytes.size() <= 16.
Int128 DecimalFromBigEndian(std::string_view bytes);

// "-12.50" for unscaled -1250 at scale 2.
std::string DecimalToString(Int128 unscaled, int32_t scale);

}  // namespace millrace::parquet
