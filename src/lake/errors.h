// The lake's error codes: one enum that maps one-to-one onto S3's error names and HTTP statuses.
// Lake functions return Status; LakeError() builds one whose message starts with the S3 code
// ("NoSuchKey: ..."), so the S3 layer recovers the exact code with S3ErrorOf().
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace millrace::lake {

enum class LakeErrc : uint8_t {
  kNoSuchBucket,             // 404
  kNoSuchKey,                // 404
  kNoSuchUpload,             // 404
  kBucketAlreadyOwnedByYou,  // 409
  kBucketNotEmpty,           // 409
  kInvalidBucketName,        // 400
  kKeyTooLongError,          // 400
  kInvalidArgument,          // 400: also keys that cannot map onto a path
  kInvalidRange,             // 416
  kInvalidPart,              // 400
  kInvalidPartOrder,         // 400
  kEntityTooSmall,           // 400
  kEntityTooLarge,           // 400
  kBadDigest,                // 400
  kIncompleteBody,           // 400
  kMalformedXML,             // 400
  kInvalidRequest,           // 400
  kNotImplemented,           // 501
  kMethodNotAllowed,         // 405
  kInternalError,            // 500
  kServiceUnavailable,       // 503
};

std::string_view LakeErrcName(LakeErrc code);
int LakeErrcHttpStatus(LakeErrc code);

// A Status carrying `code`: "<S3 code>: <message>", with a StatusCode that fits.
Status LakeError(LakeErrc code, std::string_view message);

// The S3 view of a Status from the lake (or any subsystem): code, HTTP status and message.
struct S3Error {
  LakeErrc code;
  int http_status;
  std::string message;
};
// REQUIRES: !status.ok(). A Status not made by LakeError maps by its StatusCode.
S3Error S3ErrorOf(const Status& status);

}  // namespace millrace::lake
