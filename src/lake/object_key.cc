#include "lake/object_key.h"

#include <string>

#include "lake/errors.h"

namespace millrace::lake {

Status ValidateBucketName(std::string_view name) {
  auto bad = [&](std::string_view why) {
    return LakeError(LakeErrc::kInvalidBucketName,
                     "The specified bucket is not valid: '" + std::string(name) + "' " +
                         std::string(why));
  };
  if (name.size() < 3 || name.size() > 63) return bad("must be 3 to 63 characters long");
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  for (char c : name) {
    if (!alnum(c) && c != '.' && c != '-') {
      return bad("may contain only lower-case letters, digits, '.' and '-'");
    }
  }
  if (!alnum(name.front()) || !alnum(name.back())) return bad("must start and end with a letter or digit");
  if (name.find("..") != std::string_view::npos) return bad("must not contain '..'");
  int dots = 0;
  bool numeric = true;
  for (char c : name) {
    if (c == '.') ++dots;
    else if (c < '0' || c > '9') numeric = false;
  }
  if (numeric && dots == 3) return bad("must not be formatted as an IP address");
  return Status::Ok();
}

Status ValidateKey(std::string_view key) {
  if (key.empty()) return LakeError(LakeErrc::kInvalidArgument, "the object key must not be empty");
  if (key.size() > kMaxKeyBytes) {
    return LakeError(LakeErrc::kKeyTooLongError, "Your key is too long: " +
                                                     std::to_string(key.size()) + " bytes, at most " +
                                                     std::to_string(kMaxKeyBytes));
  }
  if (key.find('\0') != std::string_view::npos) {
    return LakeError(LakeErrc::kInvalidArgument, "the object key must not contain a NUL byte");
  }
  size_t start = 0;
  for (;;) {
    size_t slash = key.find('/', start);
    std::string_view segment =
        key.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (segment.empty()) {
      return LakeError(LakeErrc::kInvalidArgument,
                       "this store keeps objects as files: the key '" + std::string(key) +
                           "' has an empty path segment (a leading, trailing or doubled '/')");
    }
    if (segment == "." || segment == "..") {
      return LakeError(LakeErrc::kInvalidArgument, "this store keeps objects as files: the key '" +
                                                       std::string(key) +
                                                       "' has a '.' or '..' path segment");
    }
    if (segment.size() > kMaxSegmentBytes) {
      return LakeError(LakeErrc::kKeyTooLongError,
                       "a path segment of the key is longer than 255 bytes");
    }
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return Status::Ok();
}

}  // namespace millrace::lake
