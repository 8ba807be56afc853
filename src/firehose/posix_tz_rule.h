// PosixTzRule: a POSIX TZ string such as "CET-1CEST,M3.5.0,M10.5.0/3" — the footer of a TZif
// zone file, which gives the zone's offsets after its last listed transition. Immutable after
// Parse: thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace millrace::firehose {

class PosixTzRule {
 public:
  // nullopt for text that is not a POSIX TZ string this parser understands (std and dst names,
  // offsets, and Jn / n / Mm.w.d rules with optional /time).
  static std::optional<PosixTzRule> Parse(std::string_view text);

  // Seconds east of UTC at `utc_seconds`.
  int32_t OffsetSecondsAt(int64_t utc_seconds) const;

 private:
  struct DateRule {
    char kind = 'M';  // 'J' (1-365, no Feb 29), 'N' (0-365), 'M' (month.week.weekday)
    int32_t day = 0;  // J/N day; M weekday (0 = Sunday)
    int32_t month = 0;
    int32_t week = 0;         // 1-5, 5 = last
    int32_t time = 2 * 3600;  // local seconds after midnight; may be negative or over 24 h
  };
  // The UTC instant at which `rule` fires in `year`, local time meaning `utc_offset`.
  static int64_t Transition(const DateRule& rule, int32_t year, int32_t utc_offset);

  int32_t std_offset_ = 0;  // seconds east of UTC
  int32_t dst_offset_ = 0;
  bool has_dst_ = false;
  DateRule start_;
  DateRule end_;
};

}  // namespace millrace::firehose
