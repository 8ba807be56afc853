// What every Firehose operation handler shares: the delivery stream registry, a small thread
// pool for blocking work (definition files, topic creation), the lake (bucket checks) and the
// helpers that read request members.
// Threading: built before serving, then only read; the registry is thread-safe.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "base/value.h"
#include "firehose/errors.h"
#include "firehose/stream_registry.h"
#include "net/aws/aws_service.h"
#include "net/run_blocking.h"

namespace millrace::firehose::service {

using net::aws::AwsOutcome;
using net::aws::AwsRequest;

class ServiceContext {
 public:
  explicit ServiceContext(RegistryOptions options) : options_(std::move(options)) {}
  ~ServiceContext();

  // Opens the registry. REQUIRES: called once, before requests arrive; the pointers outlive
  // the context.
  Status Open(log::LogManager* log, lake::ObjectStore* lake, CatalogView* catalog);
  // Stops the workers and finishes blocking work. Idempotent.
  void Close();

  DeliveryStreamRegistry& registry() { return *registry_; }
  log::LogManager& log() { return *log_; }
  lake::ObjectStore& lake() { return *lake_; }
  int64_t status_delay_ms() const { return options_.status_delay_ms; }
  const ExternalEndpoints& external() const { return options_.external; }

  template <typename Fn>
  boost::asio::awaitable<std::invoke_result_t<Fn&>> RunBlocking(Fn fn) {
    return net::RunBlocking(blocking_, std::move(fn));
  }

 private:
  RegistryOptions options_;
  boost::asio::thread_pool blocking_{2};
  log::LogManager* log_ = nullptr;
  lake::ObjectStore* lake_ = nullptr;
  std::unique_ptr<DeliveryStreamRegistry> registry_;
};

// Request members, SerializationException for the wrong JSON type.
ApiResult<std::optional<std::string>> OptString(const Value& params, std::string_view key);
ApiResult<std::optional<int64_t>> OptInt(const Value& params, std::string_view key);
// A required string: ValidationException "Member must not be null" when missing.
ApiResult<std::string> NeedString(const Value& params, std::string_view key,
                                  std::string_view member_path);
// A DeliveryStreamName member, checked against [a-zA-Z0-9_.-]{1,64}.
ApiResult<std::string> StreamName(const Value& params, std::string_view key = "DeliveryStreamName");

std::string AccountId(const AwsRequest& request);
std::string Region(const AwsRequest& request);

// A synchronous operation, and one run on the blocking pool.
using SyncOperation = std::function<ApiResult<Value>(const AwsRequest&)>;
void AddSync(net::aws::AwsService& service, std::string name, SyncOperation op);
void AddBlocking(net::aws::AwsService& service, ServiceContext& ctx, std::string name,
                 SyncOperation op);

void AddStreamOperations(net::aws::AwsService& service, ServiceContext& ctx);
void AddPutOperations(net::aws::AwsService& service, ServiceContext& ctx);
void AddTagOperations(net::aws::AwsService& service, ServiceContext& ctx);

}  // namespace millrace::firehose::service
