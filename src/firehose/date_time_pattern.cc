#include "firehose/date_time_pattern.h"

#include <chrono>
#include <cstring>

namespace millrace::firehose {

namespace {

constexpr const char* kMonthNames[] = {"January",   "February", "March",    "April",
                                       "May",       "June",     "July",     "August",
                                       "September", "October",  "November", "December"};
constexpr const char* kDayNames[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                     "Thursday", "Friday", "Saturday"};

// The largest repeat count each supported letter accepts.
int MaxCount(char letter) {
  switch (letter) {
    case 'y':
    case 'u':
    case 'Y':
      return 9;
    case 'M':
    case 'L':
    case 'E':
      return 4;
    case 'd':
    case 'H':
    case 'h':
    case 'k':
    case 'K':
    case 'm':
    case 's':
    case 'Q':
    case 'q':
      return 2;
    case 'G':
    case 'Z':
      return 3;
    case 'X':
    case 'x':
      return 3;
    case 'D':
      return 3;
    case 'a':
      return 1;
    case 'S':
      return 9;
    default:
      return 0;
  }
}

void AppendNumber(int64_t value, int min_width, std::string& out) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  if (value < 0) out.push_back('-');
  if (static_cast<int>(digits.size()) < min_width) out.append(min_width - digits.size(), '0');
  out += digits;
}

// "+HH", "+HHMM" or "+HH:MM" for an offset; `hours_only_if_whole` drops zero minutes (X/x).
void AppendOffset(int32_t offset_seconds, int count, std::string& out) {
  out.push_back(offset_seconds < 0 ? '-' : '+');
  const int32_t total_minutes = (offset_seconds < 0 ? -offset_seconds : offset_seconds) / 60;
  AppendNumber(total_minutes / 60, 2, out);
  const int minutes = total_minutes % 60;
  if (count == 1 && minutes == 0) return;
  if (count == 3) out.push_back(':');
  AppendNumber(minutes, 2, out);
}

// The week-based year of Java's 'Y' under Locale.US week rules (weeks start on Sunday; week 1
// is the one holding January 1): late-December days in the week of next January 1 belong to it.
int WeekBasedYear(const std::chrono::year_month_day& ymd, const std::chrono::sys_days& day) {
  const int year = static_cast<int>(ymd.year());
  if (ymd.month() != std::chrono::December) return year;
  const unsigned weekday = std::chrono::weekday{day}.c_encoding();  // Sunday = 0
  const unsigned saturday = static_cast<unsigned>(ymd.day()) + (6 - weekday);
  return saturday > 31 ? year + 1 : year;
}

bool IsAsciiLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace

Result<DateTimePattern> DateTimePattern::Compile(std::string_view pattern) {
  DateTimePattern compiled;
  auto literal = [&](std::string_view text) {
    if (compiled.fields_.empty() || compiled.fields_.back().letter != 0) {
      compiled.fields_.push_back({0, 0, {}});
    }
    compiled.fields_.back().literal += text;
  };
  size_t i = 0;
  while (i < pattern.size()) {
    const char c = pattern[i];
    if (c == '\'') {
      if (i + 1 < pattern.size() && pattern[i + 1] == '\'') {
        literal("'");
        i += 2;
        continue;
      }
      std::string text;
      size_t j = i + 1;
      for (;; ++j) {
        if (j >= pattern.size()) {
          return Status::InvalidArgument("timestamp pattern '" + std::string(pattern) +
                                         "' has an unterminated quote");
        }
        if (pattern[j] == '\'') {
          if (j + 1 < pattern.size() && pattern[j + 1] == '\'') {
            text.push_back('\'');
            ++j;
            continue;
          }
          break;
        }
        text.push_back(pattern[j]);
      }
      literal(text);
      i = j + 1;
      continue;
    }
    if (IsAsciiLetter(c)) {
      size_t j = i;
      while (j < pattern.size() && pattern[j] == c) ++j;
      const int count = static_cast<int>(j - i);
      const int max = MaxCount(c);
      if (max == 0) {
        return Status::InvalidArgument("timestamp pattern '" + std::string(pattern) +
                                       "' uses the unsupported pattern letter '" +
                                       std::string(1, c) + "'");
      }
      if (count > max) {
        return Status::InvalidArgument("timestamp pattern '" + std::string(pattern) +
                                       "' repeats '" + std::string(1, c) + "' too many times");
      }
      compiled.fields_.push_back({c, count, {}});
      i = j;
      continue;
    }
    if (std::strchr("[]{}#", c) != nullptr) {
      return Status::InvalidArgument("timestamp pattern '" + std::string(pattern) +
                                     "' uses the reserved character '" + std::string(1, c) + "'");
    }
    literal(std::string_view(&pattern[i], 1));
    ++i;
  }
  return compiled;
}

void DateTimePattern::Format(int64_t utc_millis, int32_t offset_seconds, std::string& out) const {
  using namespace std::chrono;
  const sys_time<milliseconds> local{milliseconds(utc_millis + int64_t{offset_seconds} * 1000)};
  const sys_days day = floor<days>(local);
  const year_month_day ymd{day};
  const milliseconds in_day = local - day;
  const int64_t ms = in_day.count();
  const int hour = static_cast<int>(ms / 3'600'000);
  const int minute = static_cast<int>(ms / 60'000 % 60);
  const int second = static_cast<int>(ms / 1000 % 60);
  const int millis = static_cast<int>(ms % 1000);
  const int year = static_cast<int>(ymd.year());
  const unsigned month = static_cast<unsigned>(ymd.month());
  for (const Field& field : fields_) {
    switch (field.letter) {
      case 0:
        out += field.literal;
        break;
      case 'y':
      case 'u':
      case 'Y': {
        const int value = field.letter == 'Y' ? WeekBasedYear(ymd, day) : year;
        if (field.count == 2) {
          AppendNumber(((value % 100) + 100) % 100, 2, out);
        } else {
          AppendNumber(value, field.count, out);
        }
        break;
      }
      case 'G':
        out += year > 0 ? "AD" : "BC";
        break;
      case 'Q':
      case 'q':
        AppendNumber((month - 1) / 3 + 1, field.count, out);
        break;
      case 'k':
        AppendNumber(hour == 0 ? 24 : hour, field.count, out);
        break;
      case 'K':
        AppendNumber(hour % 12, field.count, out);
        break;
      case 'Z':
        AppendOffset(offset_seconds, 2, out);
        break;
      case 'X':
        if (offset_seconds == 0) {
          out.push_back('Z');
        } else {
          AppendOffset(offset_seconds, field.count, out);
        }
        break;
      case 'x':
        AppendOffset(offset_seconds, field.count, out);
        break;
      case 'L':
      case 'M':
        if (field.count >= 3) {
          std::string_view name = kMonthNames[month - 1];
          out += field.count == 3 ? name.substr(0, 3) : name;
        } else {
          AppendNumber(month, field.count, out);
        }
        break;
      case 'd':
        AppendNumber(static_cast<unsigned>(ymd.day()), field.count, out);
        break;
      case 'D': {
        const sys_days jan1{year_month_day{ymd.year(), January, std::chrono::day{1}}};
        AppendNumber((day - jan1).count() + 1, field.count, out);
        break;
      }
      case 'H':
        AppendNumber(hour, field.count, out);
        break;
      case 'h':
        AppendNumber(hour % 12 == 0 ? 12 : hour % 12, field.count, out);
        break;
      case 'a':
        out += hour < 12 ? "AM" : "PM";
        break;
      case 'm':
        AppendNumber(minute, field.count, out);
        break;
      case 's':
        AppendNumber(second, field.count, out);
        break;
      case 'S': {
        std::string fraction = std::to_string(millis);
        fraction.insert(0, 3 - fraction.size(), '0');
        fraction.resize(9, '0');
        out += fraction.substr(0, field.count);
        break;
      }
      case 'E': {
        std::string_view name = kDayNames[weekday{day}.c_encoding()];
        out += field.count == 4 ? name : name.substr(0, 3);
        break;
      }
    }
  }
}

}  // namespace millrace::firehose
