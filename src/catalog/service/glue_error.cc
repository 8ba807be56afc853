#include "catalog/service/glue_error.h"

#include "catalog/catalog_errors.h"

namespace millrace::catalog {

net::aws::AwsError ToGlueError(const Status& status) {
  const StatusCode code = status.code();
  const bool client_error = code == StatusCode::kNotFound || code == StatusCode::kAlreadyExists ||
                            code == StatusCode::kInvalidArgument ||
                            code == StatusCode::kOutOfRange ||
                            code == StatusCode::kResourceExhausted;
  return {std::string(GlueErrorName(code)), status.message(), client_error ? 400 : 500};
}

}  // namespace millrace::catalog
