#include "lake/errors.h"

#include <array>

namespace millrace::lake {
namespace {

struct ErrcInfo {
  std::string_view name;
  int http_status;
  StatusCode status_code;
};

constexpr std::array<ErrcInfo, 21> kErrcs{{
    {"NoSuchBucket", 404, StatusCode::kNotFound},
    {"NoSuchKey", 404, StatusCode::kNotFound},
    {"NoSuchUpload", 404, StatusCode::kNotFound},
    {"BucketAlreadyOwnedByYou", 409, StatusCode::kAlreadyExists},
    {"BucketNotEmpty", 409, StatusCode::kInvalidArgument},
    {"InvalidBucketName", 400, StatusCode::kInvalidArgument},
    {"KeyTooLongError", 400, StatusCode::kInvalidArgument},
    {"InvalidArgument", 400, StatusCode::kInvalidArgument},
    {"InvalidRange", 416, StatusCode::kOutOfRange},
    {"InvalidPart", 400, StatusCode::kInvalidArgument},
    {"InvalidPartOrder", 400, StatusCode::kInvalidArgument},
    {"EntityTooSmall", 400, StatusCode::kInvalidArgument},
    {"EntityTooLarge", 400, StatusCode::kResourceExhausted},
    {"BadDigest", 400, StatusCode::kInvalidArgument},
    {"IncompleteBody", 400, StatusCode::kInvalidArgument},
    {"MalformedXML", 400, StatusCode::kInvalidArgument},
    {"InvalidRequest", 400, StatusCode::kInvalidArgument},
    {"NotImplemented", 501, StatusCode::kInvalidArgument},
    {"MethodNotAllowed", 405, StatusCode::kInvalidArgument},
    {"InternalError", 500, StatusCode::kInternal},
    {"ServiceUnavailable", 503, StatusCode::kUnavailable},
}};

const ErrcInfo& Info(LakeErrc code) {
  return kErrcs[static_cast<size_t>(code)];
}

LakeErrc FromStatusCode(StatusCode code) {
  switch (code) {
    case StatusCode::kNotFound:
      return LakeErrc::kNoSuchKey;
    case StatusCode::kInvalidArgument:
      return LakeErrc::kInvalidArgument;
    case StatusCode::kOutOfRange:
      return LakeErrc::kInvalidRange;
    case StatusCode::kResourceExhausted:
      return LakeErrc::kEntityTooLarge;
    case StatusCode::kUnavailable:
    case StatusCode::kTimeout:
      return LakeErrc::kServiceUnavailable;
    default:
      return LakeErrc::kInternalError;
  }
}

}  // namespace

std::string_view LakeErrcName(LakeErrc code) {
  return Info(code).name;
}

int LakeErrcHttpStatus(LakeErrc code) {
  return Info(code).http_status;
}

Status LakeError(LakeErrc code, std::string_view message) {
  const ErrcInfo& info = Info(code);
  std::string text(info.name);
  text += ": ";
  text += message;
  return Status(info.status_code, std::move(text));
}

S3Error S3ErrorOf(const Status& status) {
  const std::string& m = status.message();
  size_t colon = m.find(": ");
  if (colon != std::string::npos) {
    std::string_view name(m.data(), colon);
    for (size_t i = 0; i < kErrcs.size(); ++i) {
      if (kErrcs[i].name == name && kErrcs[i].status_code == status.code()) {
        auto code = static_cast<LakeErrc>(i);
        return {code, kErrcs[i].http_status, m.substr(colon + 2)};
      }
    }
  }
  LakeErrc code = FromStatusCode(status.code());
  return {code, Info(code).http_status, m};
}

}  // namespace millrace::lake
