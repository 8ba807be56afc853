// AwsError: an error in the shape every AWS JSON/CBOR protocol answers with: a type name
// ("ResourceNotFoundException"), a message for a person, and the HTTP status.
#pragma once

#include <string>

#include "base/status.h"

namespace millrace::net::aws {

struct AwsError {
  std::string type;
  std::string message;
  int http_status = 400;

  static AwsError Validation(std::string m) { return {"ValidationException", std::move(m), 400}; }
  static AwsError Serialization(std::string m) {
    return {"SerializationException", std::move(m), 400};
  }
  static AwsError UnknownOperation(std::string m) {
    return {"UnknownOperationException", std::move(m), 400};
  }
  static AwsError ResourceNotFound(std::string m) {
    return {"ResourceNotFoundException", std::move(m), 400};
  }
  static AwsError InternalFailure(std::string m) { return {"InternalFailure", std::move(m), 500}; }
  static AwsError ServiceUnavailable(std::string m) {
    return {"ServiceUnavailable", std::move(m), 503};
  }

  // A generic mapping of a Status, for services without a more specific one:
  // InvalidArgument -> ValidationException 400, NotFound -> ResourceNotFoundException 400,
  // AlreadyExists -> ResourceInUseException 400, ResourceExhausted -> LimitExceededException 400,
  // Unavailable/Timeout -> ServiceUnavailable 503, anything else -> InternalFailure 500.
  // REQUIRES: !status.ok().
  static AwsError FromStatus(const Status& status);
};

}  // namespace millrace::net::aws
