// Which bucket names and object keys the lake accepts, and how a key maps onto a file path under
// its bucket directory (docs/lake.md, "Keys and paths"). Pure functions, thread-safe.
#pragma once

#include <string_view>

#include "base/status.h"

namespace millrace::lake {

inline constexpr size_t kMaxKeyBytes = 1024;     // S3's limit
inline constexpr size_t kMaxSegmentBytes = 255;  // NAME_MAX of common file systems

// S3's rules: 3-63 characters of lower-case letters, digits, '.' and '-', starting and ending
// with a letter or digit, no "..", not an IP address. Error: InvalidBucketName.
Status ValidateBucketName(std::string_view name);

// A key maps onto the relative path equal to itself, so it must be a valid relative path:
// non-empty, at most 1024 bytes (KeyTooLongError), no NUL, no empty segment (leading, trailing
// or doubled '/'), no "." or ".." segment, no segment over 255 bytes (InvalidArgument).
Status ValidateKey(std::string_view key);

}  // namespace millrace::lake
