#include "net/aws/aws_error.h"

namespace millrace::net::aws {

AwsError AwsError::FromStatus(const Status& status) {
  const std::string& m = status.message();
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kOutOfRange:
      return Validation(m);
    case StatusCode::kNotFound:
      return ResourceNotFound(m);
    case StatusCode::kAlreadyExists:
      return {"ResourceInUseException", m, 400};
    case StatusCode::kResourceExhausted:
      return {"LimitExceededException", m, 400};
    case StatusCode::kUnavailable:
    case StatusCode::kTimeout:
      return ServiceUnavailable(m);
    default:
      return InternalFailure(m);
  }
}

}  // namespace millrace::net::aws
