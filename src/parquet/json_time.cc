#include "parquet/json_time.h"

#include <cstring>

namespace millrace::parquet {
namespace {

// Reads exactly `n` digits at `*pos`.
bool Digits(std::string_view s, size_t* pos, int n, int64_t* out) {
  if (*pos + static_cast<size_t>(n) > s.size()) return false;
  int64_t v = 0;
  for (int i = 0; i < n; ++i) {
    char c = s[*pos + static_cast<size_t>(i)];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *pos += static_cast<size_t>(n);
  *out = v;
  return true;
}

bool Expect(std::string_view s, size_t* pos, char c) {
  if (*pos >= s.size() || s[*pos] != c) return false;
  ++*pos;
  return true;
}

// Days from the civil date (proleptic Gregorian), valid for any year.
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool DatePart(std::string_view s, size_t* pos, int64_t* days) {
  int64_t y, m, d;
  if (!Digits(s, pos, 4, &y) || !Expect(s, pos, '-') || !Digits(s, pos, 2, &m) ||
      !Expect(s, pos, '-') || !Digits(s, pos, 2, &d)) {
    return false;
  }
  static const int kMonthDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1 || d > kMonthDays[m - 1]) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m == 2 && d == 29 && !leap) return false;
  *days = DaysFromCivil(y, m, d);
  return true;
}

// Two digits at s[0..1], or -1.
inline int TwoDigits(const char* s) {
  const unsigned a = static_cast<unsigned>(s[0] - '0'), b = static_cast<unsigned>(s[1] - '0');
  return a <= 9 && b <= 9 ? static_cast<int>(a * 10 + b) : -1;
}

// The common layout "yyyy-mm-dd hh:mm:ss" (or 'T') at the front of `s`, read without bounds
// checks per digit. False if `s` does not start that way; the general parser then decides.
bool FixedDateTime(std::string_view s, int64_t* days, int64_t* seconds) {
  if (s.size() < 19 || s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T') ||
      s[13] != ':' || s[16] != ':') {
    return false;
  }
  const char* p = s.data();
  const int h = TwoDigits(p + 11), mi = TwoDigits(p + 14), sec = TwoDigits(p + 17);
  if ((h | mi | sec) < 0 || h > 23 || mi > 59 || sec > 60) return false;
  // Timestamps of a stream share their date for long stretches: the last valid date text of
  // this thread and its day number are kept.
  struct LastDate {
    char text[10];
    int64_t days = 0;
    bool valid = false;
  };
  thread_local LastDate last;
  if (!last.valid || std::memcmp(last.text, p, 10) != 0) {
    const int y1 = TwoDigits(p), y2 = TwoDigits(p + 2), m = TwoDigits(p + 5),
              d = TwoDigits(p + 8);
    if ((y1 | y2 | m | d) < 0 || m < 1 || m > 12 || d < 1) return false;
    static const int kMonthDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (d > kMonthDays[m - 1]) return false;
    const int64_t y = y1 * 100 + y2;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m == 2 && d == 29 && !leap) return false;
    std::memcpy(last.text, p, 10);
    last.days = DaysFromCivil(y, m, d);
    last.valid = true;
  }
  *days = last.days;
  *seconds = *days * 86400 + h * 3600 + mi * 60 + sec;
  return true;
}

}  // namespace

std::optional<int32_t> ParseDate(std::string_view text) {
  size_t pos = 0;
  int64_t days = 0;
  if (!DatePart(text, &pos, &days) || pos != text.size()) return std::nullopt;
  return static_cast<int32_t>(days);
}

std::optional<int64_t> ParseTimestamp(std::string_view text, TimeUnit unit) {
  size_t pos = 0;
  int64_t days = 0;
  int64_t seconds = 0;
  int64_t nanos = 0;
  const bool fixed = FixedDateTime(text, &days, &seconds);
  if (fixed) {
    pos = 19;
  } else {
    if (!DatePart(text, &pos, &days)) return std::nullopt;
    seconds = days * 86400;
  }
  if (fixed || (pos < text.size() && (text[pos] == ' ' || text[pos] == 'T'))) {
    if (!fixed) {
      ++pos;
      int64_t h, m, sec;
      if (!Digits(text, &pos, 2, &h) || !Expect(text, &pos, ':') ||
          !Digits(text, &pos, 2, &m) || !Expect(text, &pos, ':') ||
          !Digits(text, &pos, 2, &sec) || h > 23 || m > 59 || sec > 60) {
        return std::nullopt;
      }
      seconds += h * 3600 + m * 60 + sec;
    }
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
      int digits = 0;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        if (digits < 9) nanos = nanos * 10 + (text[pos] - '0');
        ++digits;
        ++pos;
      }
      if (digits == 0) return std::nullopt;
      for (int i = digits; i < 9; ++i) nanos *= 10;
    }
    if (pos < text.size() && text[pos] == 'Z') {
      ++pos;
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
      int64_t sign = text[pos] == '-' ? -1 : 1;
      ++pos;
      int64_t oh, om;
      if (!Digits(text, &pos, 2, &oh) || !Expect(text, &pos, ':') || !Digits(text, &pos, 2, &om) ||
          oh > 23 || om > 59) {
        return std::nullopt;
      }
      seconds -= sign * (oh * 3600 + om * 60);
    }
  }
  if (pos != text.size()) return std::nullopt;
  switch (unit) {
    case TimeUnit::kMillis:
      return seconds * 1000 + nanos / 1000000;
    case TimeUnit::kMicros:
      return seconds * 1000000 + nanos / 1000;
    case TimeUnit::kNanos:
      return seconds * 1000000000 + nanos;
  }
  return std::nullopt;
}

}  // namespace millrace::parquet
