#include "catalog/catalog_errors.h"

namespace millrace::catalog {

std::string_view GlueErrorName(StatusCode code) {
  switch (code) {
    case StatusCode::kNotFound:
      return "EntityNotFoundException";
    case StatusCode::kAlreadyExists:
      return "AlreadyExistsException";
    case StatusCode::kInvalidArgument:
    case StatusCode::kOutOfRange:
      return "InvalidInputException";
    case StatusCode::kResourceExhausted:
      return "ResourceNumberLimitExceededException";
    case StatusCode::kTimeout:
      return "OperationTimeoutException";
    default:
      return "InternalServiceException";
  }
}

}  // namespace millrace::catalog
