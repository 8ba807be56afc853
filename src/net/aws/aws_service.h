// AwsService: one AWS API (Kinesis, Firehose, Glue ...) as a set of named operations under an
// X-Amz-Target prefix such as "Kinesis_20131202.". An operation receives the decoded request and
// returns a Value or an AwsError; a raw operation returns the HttpResponse itself (for streamed
// answers such as SubscribeToShard). Operations are added before serving starts; afterwards the
// service is read-only and shared by all connections.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <variant>

#include "base/value.h"
#include "net/aws/aws_error.h"
#include "net/aws/sigv4.h"
#include "net/http_message.h"
#include "net/router.h"

namespace millrace::net::aws {

class AwsBodyCodec;

// A decoded AWS request. References inside are valid for the duration of the operation call.
struct AwsRequest {
  std::string service;    // the service's name, e.g. "kinesis"
  std::string operation;  // "PutRecord"
  Value params;           // the decoded body; {} for an empty body
  std::string request_id;
  SigV4Credential credential;
  const HttpRequest* http = nullptr;    // headers, remote address, raw body
  const AwsBodyCodec* codec = nullptr;  // the request's encoding; answers use the same
};

// The result of an operation: a response Value, or an AwsError.
class AwsOutcome {
 public:
  AwsOutcome(Value value) : v_(std::move(value)) {}     // NOLINT: implicit by design
  AwsOutcome(AwsError error) : v_(std::move(error)) {}  // NOLINT: implicit by design
  bool ok() const { return v_.index() == 0; }
  const Value& value() const { return std::get<0>(v_); }     // REQUIRES: ok()
  const AwsError& error() const { return std::get<1>(v_); }  // REQUIRES: !ok()

 private:
  std::variant<Value, AwsError> v_;
};

using AwsOperation = std::function<boost::asio::awaitable<AwsOutcome>(const AwsRequest&)>;
using AwsRawOperation = std::function<boost::asio::awaitable<HttpResponse>(const AwsRequest&)>;

class AwsService {
 public:
  // `target_prefix` includes the dot: "Kinesis_20131202.". `name` labels metrics and logs.
  AwsService(std::string target_prefix, std::string name)
      : target_prefix_(std::move(target_prefix)), name_(std::move(name)) {}

  void AddOperation(std::string operation, AwsOperation handler);
  void AddRawOperation(std::string operation, AwsRawOperation handler);

  // Request bodies larger than this get 413 (default 16 MiB).
  void set_max_body_bytes(uint64_t bytes) { max_body_bytes_ = bytes; }
  uint64_t max_body_bytes() const { return max_body_bytes_; }

  const std::string& target_prefix() const { return target_prefix_; }
  const std::string& name() const { return name_; }

  struct Operation {
    AwsOperation handler;  // exactly one of the two is set
    AwsRawOperation raw;
  };
  // The operation with this name (the X-Amz-Target after the prefix), or nullptr.
  const Operation* Find(std::string_view operation) const;

 private:
  std::string target_prefix_;
  std::string name_;
  uint64_t max_body_bytes_ = kDefaultMaxBodyBytes;
  std::map<std::string, Operation, std::less<>> operations_;
};

}  // namespace millrace::net::aws
