// Firehose error names and the carrier the model and API layers return them in. Every expected
// failure of a Firehose operation is an ApiError whose type is one of Firehose's exception names;
// the message travels to the client unchanged.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "base/status.h"
#include "net/aws/aws_error.h"

namespace millrace::firehose {

using ApiError = net::aws::AwsError;
// OK (nullopt) or the error to answer with.
using ApiStatus = std::optional<ApiError>;

inline ApiError InvalidArgument(std::string m) {
  return {"InvalidArgumentException", std::move(m), 400};
}
inline ApiError ResourceNotFound(std::string m) {
  return {"ResourceNotFoundException", std::move(m), 400};
}
inline ApiError ResourceInUse(std::string m) {
  return {"ResourceInUseException", std::move(m), 400};
}
inline ApiError LimitExceeded(std::string m) {
  return {"LimitExceededException", std::move(m), 400};
}
inline ApiError InvalidSource(std::string m) {
  return {"InvalidSourceException", std::move(m), 400};
}
inline ApiError ConcurrentModification(std::string m) {
  return {"ConcurrentModificationException", std::move(m), 400};
}
// A member breaks the service model (length, pattern, range), worded as AWS's validation layer.
inline ApiError Validation(std::string m) {
  return {"ValidationException", std::move(m), 400};
}
inline ApiError Serialization(std::string m) {
  return {"SerializationException", std::move(m), 400};
}
// A storage fault below the API (log, files): InternalFailure 500 keeping the message, except a
// full disk or a shutdown, which are ServiceUnavailableException 503 (retryable).
ApiError FromStorage(const Status& status);

// "1 validation error detected: Value '<v>' at '<path>' failed to satisfy constraint: <rule>".
ApiError ValidationFailure(std::string_view value, std::string_view path, std::string_view rule);

// A value or an ApiError. Thread-compatible.
template <typename T>
class [[nodiscard]] ApiResult {
 public:
  ApiResult(T value) : v_(std::move(value)) {}         // NOLINT: implicit by design
  ApiResult(ApiError error) : v_(std::move(error)) {}  // NOLINT: implicit by design
  bool ok() const { return v_.index() == 0; }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const T& value() const& { return std::get<0>(v_); }
  const ApiError& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, ApiError> v_;
};

}  // namespace millrace::firehose
