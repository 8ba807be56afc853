#include "firehose/errors.h"

namespace millrace::firehose {

ApiError FromStorage(const Status& status) {
  switch (status.code()) {
    case StatusCode::kResourceExhausted:
    case StatusCode::kUnavailable:
    case StatusCode::kTimeout:
      return {"ServiceUnavailableException", status.message(), 503};
    default:
      return {"InternalFailure", status.message(), 500};
  }
}

ApiError ValidationFailure(std::string_view value, std::string_view path, std::string_view rule) {
  std::string m = "1 validation error detected: Value '";
  m.append(value);
  m.append("' at '");
  m.append(path);
  m.append("' failed to satisfy constraint: ");
  m.append(rule);
  return Validation(std::move(m));
}

}  // namespace millrace::firehose
