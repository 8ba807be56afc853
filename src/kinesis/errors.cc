#include "kinesis/errors.h"

namespace millrace::kinesis {

std::string_view ErrorTypeName(Errc code) {
  switch (code) {
    case Errc::kOk:
      return "";
    case Errc::kAccessDenied:
      return "AccessDeniedException";
    case Errc::kExpiredIterator:
      return "ExpiredIteratorException";
    case Errc::kExpiredNextToken:
      return "ExpiredNextTokenException";
    // AWS answers unmodelled faults, and PutRecords per-record faults, with the bare name.
    case Errc::kInternalFailure:
      return "InternalFailure";
    case Errc::kInvalidArgument:
      return "InvalidArgumentException";
    case Errc::kKmsAccessDenied:
      return "KMSAccessDeniedException";
    case Errc::kKmsDisabled:
      return "KMSDisabledException";
    case Errc::kKmsInvalidState:
      return "KMSInvalidStateException";
    case Errc::kKmsNotFound:
      return "KMSNotFoundException";
    case Errc::kKmsOptInRequired:
      return "KMSOptInRequired";
    case Errc::kKmsThrottling:
      return "KMSThrottlingException";
    case Errc::kLimitExceeded:
      return "LimitExceededException";
    case Errc::kProvisionedThroughputExceeded:
      return "ProvisionedThroughputExceededException";
    case Errc::kResourceInUse:
      return "ResourceInUseException";
    case Errc::kResourceNotFound:
      return "ResourceNotFoundException";
    case Errc::kValidation:
      return "ValidationException";
    case Errc::kSerialization:
      return "SerializationException";
    case Errc::kUnknownOperation:
      return "UnknownOperationException";
    case Errc::kServiceUnavailable:
      return "ServiceUnavailable";
  }
  return "InternalFailure";
}

int HttpStatus(Errc code) {
  switch (code) {
    case Errc::kOk:
      return 200;
    case Errc::kInternalFailure:
      return 500;
    case Errc::kServiceUnavailable:
      return 503;
    default:
      return 400;
  }
}

bool UsesCapitalizedMessageMember(Errc code) {
  return code == Errc::kSerialization;
}

std::string KinesisStatus::ToString() const {
  if (ok()) return "OK";
  std::string s(type());
  s += ": ";
  s += message_;
  return s;
}

KinesisStatus FromStatus(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk:
      return KinesisStatus::Ok();
    case StatusCode::kInvalidArgument:
    case StatusCode::kOutOfRange:
      return {Errc::kInvalidArgument, status.message()};
    case StatusCode::kNotFound:
      return {Errc::kResourceNotFound, status.message()};
    case StatusCode::kAlreadyExists:
      return {Errc::kResourceInUse, status.message()};
    case StatusCode::kUnavailable:
      return {Errc::kServiceUnavailable, status.message()};
    case StatusCode::kCorruption:
    case StatusCode::kIOError:
    case StatusCode::kResourceExhausted:
    case StatusCode::kTimeout:
    case StatusCode::kInternal:
      return {Errc::kInternalFailure, status.message()};
  }
  return {Errc::kInternalFailure, status.message()};
}

std::string ConstraintFailure(std::string_view member, const std::string* value,
                              std::string_view constraint) {
  std::string s = "Value ";
  if (value == nullptr) {
    s += "null";
  } else {
    s += '\'';
    s += *value;
    s += '\'';
  }
  s += " at '";
  s += member;
  s += "' failed to satisfy constraint: ";
  s += constraint;
  return s;
}

KinesisStatus ValidationError(const std::vector<std::string>& failures) {
  std::string m = std::to_string(failures.size());
  m += failures.size() == 1 ? " validation error detected: " : " validation errors detected: ";
  for (size_t i = 0; i < failures.size(); ++i) {
    if (i > 0) m += "; ";
    m += failures[i];
  }
  return {Errc::kValidation, std::move(m)};
}

KinesisStatus ValidationError(std::string_view member, const std::string* value,
                              std::string_view constraint) {
  return ValidationError(std::vector<std::string>{ConstraintFailure(member, value, constraint)});
}

}  // namespace millrace::kinesis
