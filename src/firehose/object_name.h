// The S3 object names Firehose gives delivered objects:
// "<stream>-<version>-<yyyy>-<MM>-<dd>-<HH>-<mm>-<ss>-<uuid v4><extension>", the time fields from
// the oldest record's arrival time in the stream's CustomTimeZone. Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"
#include "firehose/custom_time_zone.h"

namespace millrace::firehose {

// REQUIRES: `extension` is empty or valid per ValidateFileExtension. `time_zone` null means UTC.
std::string ObjectName(std::string_view stream, int64_t version, int64_t time_ms,
                       std::string_view extension, const CustomTimeZone* time_zone = nullptr);

// The API's FileExtension: empty, or '.' followed by [0-9a-z!-_.*'()]; at most 128 characters.
Status ValidateFileExtension(std::string_view extension);

}  // namespace millrace::firehose
