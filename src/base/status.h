// Status and Result<T>: how every expected failure in millrace is reported.
//
// A Status is either OK or carries a code and a message meant for a person. Protocol layers map
// codes (plus their own context) onto the protocol's error names; the message travels unchanged.
// Result<T> holds a T or a non-OK Status. Both are cheap to move and thread-compatible.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace millrace {

enum class StatusCode : unsigned char {
  kOk = 0,
  kInvalidArgument,    // the caller sent something malformed or out of range
  kNotFound,           // the named thing does not exist
  kAlreadyExists,      // the named thing exists already
  kOutOfRange,         // a position (offset, index) outside what is stored
  kCorruption,         // stored bytes failed a length or checksum check
  kIOError,            // the operating system refused a file or socket operation
  kResourceExhausted,  // a size or rate limit was hit, or the disk is full
  kTimeout,            // a deadline passed before the operation finished
  kUnavailable,        // shutting down or not ready; retrying later may work
  kInternal,           // a broken invariant: a bug in millrace
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return {}; }
  static Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
  static Status OutOfRange(std::string m) { return {StatusCode::kOutOfRange, std::move(m)}; }
  static Status Corruption(std::string m) { return {StatusCode::kCorruption, std::move(m)}; }
  static Status IOError(std::string m) { return {StatusCode::kIOError, std::move(m)}; }
  // An IOError for a failed system call: "<what>: <strerror(errnum)>".
  static Status FromErrno(std::string_view what, int errnum);
  static Status ResourceExhausted(std::string m) {
    return {StatusCode::kResourceExhausted, std::move(m)};
  }
  static Status Timeout(std::string m) { return {StatusCode::kTimeout, std::move(m)}; }
  static Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "NotFound: partition 'x' does not exist", or "OK".
  std::string ToString() const;

  bool operator==(const Status&) const = default;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// A T, or the Status that explains why there is none. REQUIRES: a Status given to it is not OK.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  // REQUIRES: !ok() for status() to be meaningful; returns OK otherwise.
  Status status() const { return ok() ? Status::Ok() : std::get<1>(v_); }

  // REQUIRES: ok().
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace millrace

#define MR_CONCAT_INNER(a, b) a##b
#define MR_CONCAT(a, b) MR_CONCAT_INNER(a, b)

// Returns the Status from the enclosing function if `expr` (a Status) is not OK.
#define MR_RETURN_IF_ERROR(expr)                   \
  do {                                             \
    ::millrace::Status mr_status_ = (expr);        \
    if (!mr_status_.ok()) return mr_status_;       \
  } while (0)

// `lhs = value of expr` (a Result<T>), or returns its Status from the enclosing function.
#define MR_ASSIGN_OR_RETURN(lhs, expr) MR_ASSIGN_OR_RETURN_IMPL(MR_CONCAT(mr_result_, __LINE__), lhs, expr)
#define MR_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return tmp.status();            \
  lhs = std::move(tmp).value()

// Coroutine flavours of the two above, for functions returning awaitable<Status> or awaitable<Result>.
#define MR_CO_RETURN_IF_ERROR(expr)                \
  do {                                             \
    ::millrace::Status mr_status_ = (expr);        \
    if (!mr_status_.ok()) co_return mr_status_;    \
  } while (0)
#define MR_CO_ASSIGN_OR_RETURN(lhs, expr) MR_CO_ASSIGN_OR_RETURN_IMPL(MR_CONCAT(mr_result_, __LINE__), lhs, expr)
#define MR_CO_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) co_return tmp.status();            \
  lhs = std::move(tmp).value()
