#include "firehose/posix_tz_rule.h"

#include <cctype>
#include <chrono>

namespace millrace::firehose {

namespace {

// A cursor over the TZ string.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}
  bool done() const { return pos_ >= text_.size(); }
  char peek() const { return done() ? '\0' : text_[pos_]; }
  bool Accept(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  // A zone abbreviation: 3+ letters, or <...> with letters, digits, '+' and '-'.
  bool Name() {
    if (Accept('<')) {
      const size_t start = pos_;
      while (!done() && peek() != '>') ++pos_;
      return pos_ - start >= 3 && Accept('>');
    }
    const size_t start = pos_;
    while (std::isalpha(static_cast<unsigned char>(peek()))) ++pos_;
    return pos_ - start >= 3;
  }
  bool Number(int32_t* value, int32_t max) {
    if (!std::isdigit(static_cast<unsigned char>(peek()))) return false;
    int32_t v = 0;
    while (std::isdigit(static_cast<unsigned char>(peek()))) {
      v = v * 10 + (text_[pos_++] - '0');
      if (v > max) return false;
    }
    *value = v;
    return true;
  }
  // [+-]hh[:mm[:ss]] in seconds; hours up to `max_hours`.
  bool Duration(int32_t* seconds, int32_t max_hours) {
    int32_t sign = 1;
    if (Accept('-')) {
      sign = -1;
    } else {
      Accept('+');
    }
    int32_t h = 0, m = 0, s = 0;
    if (!Number(&h, max_hours)) return false;
    if (Accept(':') && (!Number(&m, 59) || (Accept(':') && !Number(&s, 59)))) return false;
    *seconds = sign * (h * 3600 + m * 60 + s);
    return true;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

int64_t DaysFromCivil(int32_t year, uint32_t month, uint32_t day) {
  using namespace std::chrono;
  return sys_days{std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day}}
      .time_since_epoch()
      .count();
}

bool IsLeap(int32_t year) {
  return std::chrono::year{year}.is_leap();
}

}  // namespace

std::optional<PosixTzRule> PosixTzRule::Parse(std::string_view text) {
  Cursor c(text);
  PosixTzRule rule;
  int32_t posix_offset = 0;
  if (!c.Name() || !c.Duration(&posix_offset, 24)) return std::nullopt;
  rule.std_offset_ = -posix_offset;  // POSIX counts west of UTC as positive
  if (c.done()) return rule;
  if (!c.Name()) return std::nullopt;
  rule.has_dst_ = true;
  rule.dst_offset_ = rule.std_offset_ + 3600;
  if (c.peek() != ',' && !c.done()) {
    if (!c.Duration(&posix_offset, 24)) return std::nullopt;
    rule.dst_offset_ = -posix_offset;
  }
  auto date = [&c](DateRule* d) {
    if (!c.Accept(',')) return false;
    if (c.Accept('M')) {
      d->kind = 'M';
      if (!c.Number(&d->month, 12) || d->month < 1 || !c.Accept('.') || !c.Number(&d->week, 5) ||
          d->week < 1 || !c.Accept('.') || !c.Number(&d->day, 6)) {
        return false;
      }
    } else if (c.Accept('J')) {
      d->kind = 'J';
      if (!c.Number(&d->day, 365) || d->day < 1) return false;
    } else {
      d->kind = 'N';
      if (!c.Number(&d->day, 365)) return false;
    }
    if (c.Accept('/') && !c.Duration(&d->time, 167)) return false;
    return true;
  };
  if (!date(&rule.start_) || !date(&rule.end_) || !c.done()) return std::nullopt;
  return rule;
}

int64_t PosixTzRule::Transition(const DateRule& rule, int32_t year, int32_t utc_offset) {
  int64_t days = 0;
  if (rule.kind == 'J') {
    int32_t day_of_year = rule.day - 1;  // Feb 29 is never counted
    if (IsLeap(year) && rule.day > 59) ++day_of_year;
    days = DaysFromCivil(year, 1, 1) + day_of_year;
  } else if (rule.kind == 'N') {
    days = DaysFromCivil(year, 1, 1) + rule.day;
  } else {
    const int64_t first = DaysFromCivil(year, static_cast<uint32_t>(rule.month), 1);
    const int64_t first_weekday = ((first % 7) + 7 + 4) % 7;  // 1970-01-01 was a Thursday
    int64_t day = first + (rule.day - first_weekday + 7) % 7 + 7 * (rule.week - 1);
    const int64_t next_month = rule.month == 12
                                   ? DaysFromCivil(year + 1, 1, 1)
                                   : DaysFromCivil(year, static_cast<uint32_t>(rule.month + 1), 1);
    while (day >= next_month) day -= 7;  // week 5 means the last such weekday
    days = day;
  }
  return days * 86400 + rule.time - utc_offset;
}

int32_t PosixTzRule::OffsetSecondsAt(int64_t utc_seconds) const {
  if (!has_dst_) return std_offset_;
  using namespace std::chrono;
  const sys_days local_day{days((utc_seconds + std_offset_) / 86400 -
                                ((utc_seconds + std_offset_) % 86400 < 0 ? 1 : 0))};
  const int32_t year = static_cast<int32_t>(year_month_day{local_day}.year());
  const int64_t start = Transition(start_, year, std_offset_);
  const int64_t end = Transition(end_, year, dst_offset_);
  const bool dst = start < end ? (utc_seconds >= start && utc_seconds < end)
                               : !(utc_seconds >= end && utc_seconds < start);
  return dst ? dst_offset_ : std_offset_;
}

}  // namespace millrace::firehose
