#include "firehose/object_name.h"

#include <algorithm>
#include <cstring>

#include "firehose/date_time_pattern.h"
#include "firehose/random_names.h"

namespace millrace::firehose {

std::string ObjectName(std::string_view stream, int64_t version, int64_t time_ms,
                       std::string_view extension, const CustomTimeZone* time_zone) {
  static const DateTimePattern kTimeFields =
      std::move(DateTimePattern::Compile("yyyy-MM-dd-HH-mm-ss")).value();
  std::string out(stream);
  out += '-';
  out += std::to_string(version);
  out += '-';
  kTimeFields.Format(time_ms, time_zone ? time_zone->OffsetSecondsAt(time_ms) : 0, out);
  out += '-';
  out += RandomUuidV4();
  out += extension;
  return out;
}

Status ValidateFileExtension(std::string_view extension) {
  if (extension.empty()) return Status::Ok();
  const bool ok = extension.size() <= 128 && extension.front() == '.' &&
                  std::all_of(extension.begin() + 1, extension.end(), [](char c) {
                    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                           std::strchr("!-_.*'()", c) != nullptr;
                  });
  if (ok) return Status::Ok();
  return Status::InvalidArgument("FileExtension '" + std::string(extension) +
                                 "' must start with '.' followed by characters from "
                                 "[0-9a-z!-_.*'()]");
}

}  // namespace millrace::firehose
