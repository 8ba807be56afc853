#include "parquet/decimal.h"

#include <fmt/format.h>

#include <algorithm>

namespace millrace::parquet {

namespace {

constexpr int64_t kPowersOf10[] = {1,
                                   10,
                                   100,
                                   1000,
                                   10000,
                                   100000,
                                   1000000,
                                   10000000,
                                   100000000,
                                   1000000000,
                                   10000000000,
                                   100000000000,
                                   1000000000000,
                                   10000000000000,
                                   100000000000000,
                                   1000000000000000,
                                   10000000000000000,
                                   100000000000000000,
                                   1000000000000000000};

// The common case without allocation: [sign] digits [. digits], no exponent, at most 18
// significant digits, and a value that fits. Returns false for anything else (including every
// error), which the general parser then handles.
bool ParseShortDecimal(std::string_view text, int32_t precision, int32_t scale, Int128* out) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  int64_t v = 0;
  int32_t significant = 0, fraction_digits = 0, trailing_zeros = 0;
  bool seen_point = false, seen_digit = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      seen_digit = true;
      if (seen_point) ++fraction_digits;
      if (significant == 0 && c == '0') continue;
      if (++significant > 18) return false;
      v = v * 10 + (c - '0');
      trailing_zeros = c == '0' ? trailing_zeros + 1 : 0;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      return false;
    }
  }
  if (!seen_digit) return false;
  if (significant == 0) {
    *out = 0;
    return true;
  }
  int32_t shift = scale - fraction_digits;
  if (shift < 0) {
    const int32_t absorbed = std::min(-shift, trailing_zeros);
    v /= kPowersOf10[absorbed];
    significant -= absorbed;
    shift += absorbed;
    if (shift < 0) return false;
  }
  if (significant + shift > precision) return false;
  Int128 result = v;
  for (int32_t k = 0; k < shift; ++k) result *= 10;
  *out = negative ? -result : result;
  return true;
}

}  // namespace

Result<Int128> ParseDecimal(std::string_view text, int32_t precision, int32_t scale) {
  Int128 fast = 0;
  if (precision >= 1 && precision <= 38 && scale >= 0 && scale <= precision &&
      ParseShortDecimal(text, precision, scale, &fast)) {
    return fast;
  }
  auto invalid = [&](std::string_view why) {
    return Status::InvalidArgument(
        fmt::format("'{}' is not a decimal({}, {}): {}", text, precision, scale, why));
  };
  if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
    return invalid("bad precision or scale");
  }
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  std::string digits;  // significant digits, without the point
  int32_t fraction_digits = 0;
  bool seen_point = false, seen_digit = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      seen_digit = true;
      if (!(digits.empty() && c == '0')) digits.push_back(c);
      if (seen_point) ++fraction_digits;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!seen_digit) return invalid("no digits");
  int64_t exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) exp_negative = text[i++] == '-';
    if (i == text.size()) return invalid("empty exponent");
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
      exponent = exponent * 10 + (text[i] - '0');
      if (exponent > 100) return invalid("exponent out of range");
    }
    if (exp_negative) exponent = -exponent;
  }
  if (i != text.size()) return invalid("unexpected characters");
  // value = digits * 10^(exponent - fraction_digits); unscaled = value * 10^scale.
  int64_t shift = exponent - fraction_digits + scale;
  // Trailing zeros may absorb a negative shift exactly.
  while (shift < 0 && !digits.empty() && digits.back() == '0') {
    digits.pop_back();
    ++shift;
  }
  if (digits.empty()) return Int128{0};
  if (shift < 0) return invalid("more fractional digits than the scale");
  if (static_cast<int64_t>(digits.size()) + shift > precision) return invalid("too many digits");
  Int128 v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  for (int64_t k = 0; k < shift; ++k) v *= 10;
  return negative ? -v : v;
}

std::string DecimalToBigEndian(Int128 unscaled, int32_t byte_length) {
  std::string out(static_cast<size_t>(byte_length), '\0');
  auto u = static_cast<unsigned __int128>(unscaled);
  for (int32_t i = byte_length - 1; i >= 0; --i) {
    out[static_cast<size_t>(i)] = static_cast<char>(static_cast<uint8_t>(u & 0xFF));
    u >>= 8;
  }
  return out;
}

Int128 DecimalFromBigEndian(std::string_view bytes) {
  unsigned __int128 u =
      (static_cast<uint8_t>(bytes[0]) & 0x80) ? ~static_cast<unsigned __int128>(0) : 0;
  for (char c : bytes) u = (u << 8) | static_cast<uint8_t>(c);
  return static_cast<Int128>(u);
}

std::string DecimalToString(Int128 unscaled, int32_t scale) {
  bool negative = unscaled < 0;
  auto u = negative ? static_cast<unsigned __int128>(-(unscaled + 1)) + 1
                    : static_cast<unsigned __int128>(unscaled);
  std::string digits;
  do {
    digits.push_back(static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  } while (u != 0);
  while (static_cast<int32_t>(digits.size()) <= scale) digits.push_back('0');
  // `digits` is little-endian; emit sign, integer part, point, fraction.
  std::string out;
  if (negative) out.push_back('-');
  const size_t fraction = static_cast<size_t>(scale);
  for (size_t i = digits.size(); i-- > 0;) {
    out.push_back(digits[i]);
    if (i == fraction && fraction > 0) out.push_back('.');
  }
  return out;
}

}  // namespace millrace::parquet
