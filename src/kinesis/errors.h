// Kinesis error codes and the carriers that Kinesis handlers return.
//
// Every expected failure of a Kinesis operation is one Errc, which maps one-to-one onto the AWS
// error name that clients see in the response's `__type` and onto an HTTP status. KinesisStatus
// (OK or an error) and KinesisResult<T> (a T or an error) mirror millrace::Status and Result<T>;
// the message is meant for a person and travels to the client unchanged.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "base/status.h"

namespace millrace::kinesis {

enum class Errc : uint8_t {
  kOk = 0,
  kAccessDenied,                   // caller lacks permission (AccessDeniedException)
  kExpiredIterator,                // shard iterator older than 5 minutes
  kExpiredNextToken,               // pagination token too old
  kInternalFailure,                // a fault in millrace; HTTP 500
  kInvalidArgument,                // a parameter breaks a semantic rule (range, state, shard)
  kKmsAccessDenied,                // KMS: key not accessible
  kKmsDisabled,                    // KMS: key disabled
  kKmsInvalidState,                // KMS: key in a state that cannot be used
  kKmsNotFound,                    // KMS: key does not exist
  kKmsOptInRequired,               // KMS: account not subscribed (name has no "Exception")
  kKmsThrottling,                  // KMS: throttled
  kLimitExceeded,                  // an account or stream limit, or control-plane rate
  kProvisionedThroughputExceeded,  // a per-shard rate limit
  kResourceInUse,                  // the stream or consumer is not in a state that allows this
  kResourceNotFound,               // the stream, shard or consumer does not exist
  kValidation,                     // a member breaks the model's constraints (length, pattern)
  kSerialization,                  // the body could not be read as the operation's input shape
  kUnknownOperation,               // X-Amz-Target names no Kinesis operation
  kServiceUnavailable,             // shutting down or overloaded; HTTP 503
};

// The AWS error name for `code`, e.g. "ResourceNotFoundException"; "" for kOk.
std::string_view ErrorTypeName(Errc code);
// The HTTP status of a response carrying `code`: 400, except 500 and 503 as noted above.
int HttpStatus(Errc code);
// True when the JSON error body spells its message member "Message" (SerializationException)
// instead of "message".
bool UsesCapitalizedMessageMember(Errc code);

// OK, or an Errc with a message. Cheap to move; thread-compatible.
class [[nodiscard]] KinesisStatus {
 public:
  KinesisStatus() = default;
  // REQUIRES: code != Errc::kOk.
  KinesisStatus(Errc code, std::string message) : code_(code), message_(std::move(message)) {}

  static KinesisStatus Ok() { return {}; }

  bool ok() const { return code_ == Errc::kOk; }
  Errc code() const { return code_; }
  const std::string& message() const { return message_; }
  std::string_view type() const { return ErrorTypeName(code_); }
  int http_status() const { return HttpStatus(code_); }
  // "ResourceNotFoundException: Stream x under account y not found.", or "OK".
  std::string ToString() const;

  bool operator==(const KinesisStatus&) const = default;

 private:
  Errc code_ = Errc::kOk;
  std::string message_;
};

// The error a Kinesis handler returns: one name from the list above with its message.
using KinesisError = KinesisStatus;

// Maps a Status from a lower layer (the log, the filesystem) onto a Kinesis error. Faults of
// storage become InternalFailure; a full disk becomes InternalFailure too (AWS has no better
// name), a shutdown ServiceUnavailable. The message is kept.
KinesisStatus FromStatus(const Status& status);

// A T, or the KinesisStatus explaining why there is none. REQUIRES: a status given is not OK.
template <typename T>
class [[nodiscard]] KinesisResult {
 public:
  KinesisResult(T value) : v_(std::move(value)) {}                // NOLINT: implicit by design
  KinesisResult(KinesisStatus status) : v_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  KinesisStatus status() const { return ok() ? KinesisStatus::Ok() : std::get<1>(v_); }

  // REQUIRES: ok().
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, KinesisStatus> v_;
};

// Shorthands for the errors this folder produces most.
inline KinesisStatus InvalidArgument(std::string m) {
  return {Errc::kInvalidArgument, std::move(m)};
}
inline KinesisStatus ResourceNotFound(std::string m) {
  return {Errc::kResourceNotFound, std::move(m)};
}
inline KinesisStatus ResourceInUse(std::string m) {
  return {Errc::kResourceInUse, std::move(m)};
}
inline KinesisStatus LimitExceeded(std::string m) {
  return {Errc::kLimitExceeded, std::move(m)};
}

// One failed model constraint, worded as AWS words it:
//   Value '<value>' at '<member>' failed to satisfy constraint: <constraint>
// A null `value` prints as `Value null at ...`.
std::string ConstraintFailure(std::string_view member, const std::string* value,
                              std::string_view constraint);
// A ValidationException listing `failures` (REQUIRES: 1 or more):
//   "1 validation error detected: <f1>" / "2 validation errors detected: <f1>; <f2>"
KinesisStatus ValidationError(const std::vector<std::string>& failures);
// The usual single-failure case.
KinesisStatus ValidationError(std::string_view member, const std::string* value,
                              std::string_view constraint);

}  // namespace millrace::kinesis

// Returns the KinesisStatus from the enclosing function if `expr` (a KinesisStatus) is not OK.
// For KinesisResult<T>, MR_ASSIGN_OR_RETURN from base/status.h works as is.
#define MR_KINESIS_RETURN_IF_ERROR(expr)                     \
  do {                                                       \
    ::millrace::kinesis::KinesisStatus mr_kstatus_ = (expr); \
    if (!mr_kstatus_.ok()) return mr_kstatus_;               \
  } while (0)
