// CustomTimeZone: the zone in which Firehose evaluates `!{timestamp:...}` and the time fields of
// object names (the API's CustomTimeZone; UTC by default).
//
// Accepted names: "" or "UTC" (also "Etc/UTC", "GMT", "Z"); fixed offsets "+09:00", "-0530",
// "UTC+9", "UTC-05:30"; and IANA names ("Asia/Tokyo") read from the system's TZif files under
// /usr/share/zoneinfo (libstdc++ 12 has no chrono tzdb). Instants after a zone file's last listed
// transition follow the file's POSIX TZ footer (e.g. "CET-1CEST,M3.5.0,M10.5.0/3"), or keep the
// last offset when there is none. Immutable after Parse: thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "firehose/posix_tz_rule.h"

namespace millrace::firehose {

class CustomTimeZone {
 public:
  // UTC.
  CustomTimeZone() = default;

  // Errors: InvalidArgument naming the zone when it is neither UTC, a fixed offset, nor an IANA
  // zone found in `zoneinfo_dir`.
  static Result<CustomTimeZone> Parse(std::string_view name,
                                      std::string_view zoneinfo_dir = "/usr/share/zoneinfo");

  // Seconds east of UTC in effect at `utc_millis`.
  int32_t OffsetSecondsAt(int64_t utc_millis) const;
  // The name as configured ("" for the default UTC).
  const std::string& name() const { return name_; }
  bool is_utc() const { return transitions_.empty() && !footer_ && fixed_offset_ == 0; }

 private:
  struct Transition {
    int64_t at_seconds;  // UTC instant from which `offset` applies
    int32_t offset;
  };
  std::string name_;
  int32_t fixed_offset_ = 0;  // when transitions_ is empty; also the offset before the first one
  std::vector<Transition> transitions_;  // ascending
  std::optional<PosixTzRule> footer_;    // after the last transition

  friend Result<CustomTimeZone> ReadZoneFile(std::string name, const std::string& path);
};

}  // namespace millrace::firehose
