// DateTimePattern: the subset of Java's DateTimeFormatter patterns that Firehose users write in
// `!{timestamp:<pattern>}` prefixes, compiled once and applied to an instant.
//
// Letters: y/u (year: "yy" two digits, otherwise at least as many digits as letters), Y (week-based
// year, Locale.US weeks — what a JVM in en_US prints; users often write YYYY for yyyy), G (era),
// M/L (month: M, MM, MMM "Jan", MMMM "January"), Q/q (quarter), d (day of month), D (day of
// year), H (hour 0-23), k (1-24), h (1-12), K (0-11), a (AM/PM), m (minute), s (second), S
// (fraction of a second, 1-9 letters), E (day of week: EEE "Mon", EEEE "Monday"), Z (+0900),
// X/x (+09, +0900, +09:00; X prints Z for UTC). Text fields are English. Other ASCII letters
// and the reserved characters []{}# are rejected.
// Text in single quotes is literal ('' is one quote); every other character is literal.
// Immutable after Compile: thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace millrace::firehose {

class DateTimePattern {
 public:
  // Errors: InvalidArgument naming the offending letter or the unterminated quote.
  static Result<DateTimePattern> Compile(std::string_view pattern);

  // Appends the local time `utc_millis + offset_seconds` formatted by the pattern to `out`.
  void Format(int64_t utc_millis, int32_t offset_seconds, std::string& out) const;

 private:
  struct Field {
    char letter;  // 0 for literal text
    int count;    // how many times the letter repeats
    std::string literal;
  };
  std::vector<Field> fields_;
};

}  // namespace millrace::firehose
