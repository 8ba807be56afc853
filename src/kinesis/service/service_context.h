// What every Kinesis operation handler shares: the stream registry, a small thread pool for
// blocking work (fsync of metadata, creating partitions), the server's settings, per-stream
// metrics, and helpers that read request members and turn Kinesis errors into AWS errors.
// Threading: the context is built before serving and then only read; the registry and metrics
// are thread-safe.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "base/value.h"
#include "kinesis/errors.h"
#include "kinesis/iterator_start.h"
#include "kinesis/shard_map.h"
#include "kinesis/shard_subscription.h"
#include "kinesis/stream_registry.h"
#include "net/run_blocking.h"
#include "net/aws/aws_service.h"

namespace millrace::kinesis::service {

using net::aws::AwsOutcome;
using net::aws::AwsRequest;

struct ServiceSettings {
  std::string data_dir;
  bool shard_limits = false;
  int64_t status_delay_ms = 0;
  int64_t subscription_ms = 300'000;  // how long a SubscribeToShard subscription lasts
};

class ServiceContext {
 public:
  explicit ServiceContext(ServiceSettings settings);
  ~ServiceContext();

  // Opens the registry on `log`. REQUIRES: called once, before requests arrive.
  Status Open(log::LogManager* log);
  // Finishes blocking work and drops the registry. Idempotent.
  void Close();

  StreamRegistry& registry() { return *registry_; }
  const ServiceSettings& settings() const { return settings_; }
  // The live SubscribeToShard subscriptions. Thread-safe. Shared so that a subscription that
  // outlives the service at shutdown (its coroutine freed with the event loop) still has it.
  SubscriptionTable& subscriptions() { return *subscriptions_; }
  std::shared_ptr<SubscriptionTable> shared_subscriptions() { return subscriptions_; }

  // Runs `fn` on the blocking pool and resumes the caller on its own executor with the result.
  template <typename Fn>
  boost::asio::awaitable<std::invoke_result_t<Fn&>> RunBlocking(Fn fn) {
    return net::RunBlocking(blocking_, std::move(fn));
  }

 private:
  ServiceSettings settings_;
  std::shared_ptr<SubscriptionTable> subscriptions_;
  boost::asio::thread_pool blocking_{2};
  std::unique_ptr<StreamRegistry> registry_;
};

// The AWS error a Kinesis error travels as.
net::aws::AwsError ToAwsError(const KinesisStatus& status);
inline AwsOutcome Fail(const KinesisStatus& status) {
  return ToAwsError(status);
}

// Request members, with SerializationException for a member of the wrong JSON/CBOR type.
KinesisResult<std::optional<std::string>> OptString(const Value& params, std::string_view key);
KinesisResult<std::optional<int64_t>> OptInt(const Value& params, std::string_view key);
KinesisResult<std::optional<bool>> OptBool(const Value& params, std::string_view key);
KinesisResult<std::optional<std::string>> OptBlob(const Value& params, std::string_view key);
KinesisResult<std::optional<int64_t>> OptTimestampMs(const Value& params, std::string_view key);
// A required member: ValidationException "Value null at '<path>' failed to satisfy constraint:
// Member must not be null" when missing.
KinesisResult<std::string> NeedString(const Value& params, std::string_view key,
                                      std::string_view member_path);
KinesisResult<int64_t> NeedInt(const Value& params, std::string_view key,
                               std::string_view member_path);

// The stream a request names (StreamName and/or StreamARN), checked and found.
KinesisResult<std::shared_ptr<Stream>> FindRequestStream(ServiceContext& ctx,
                                                         const AwsRequest& request);
// Just the resolved name, validated (for operations that may create or delete).
KinesisResult<std::string> RequestStreamName(const AwsRequest& request);

std::string StreamArnFor(const AwsRequest& request, std::string_view stream_name);
std::string AccountId(const AwsRequest& request);

// Kinesis wants epoch seconds (fractional) for timestamps; Value::Timestamp carries millis.
inline Value TimestampValue(int64_t epoch_ms) {
  return Value::Timestamp(epoch_ms);
}

// Applies `change` to the stream's metadata under its lock and persists it; on any failure the
// metadata is left as it was. NotFound if the stream was deleted meanwhile. Blocks (fsync).
KinesisStatus UpdateMeta(ServiceContext& ctx, Stream& stream,
                         const std::function<KinesisStatus(StreamMeta&)>& change);

// The log offset where reading `shard` starts for a GetShardIterator or SubscribeToShard
// position (type, sequence number, timestamp), checked as AWS checks them (iterator_start.h).
// REQUIRES: stream.mu held; `shard` belongs to `stream`.
KinesisResult<int64_t> ResolveShardStart(const Stream& stream, const Shard& shard,
                                         const std::string& account, ShardIteratorType type,
                                         const std::optional<std::string>& sequence_number,
                                         std::optional<int64_t> timestamp_ms, int64_t now_ms);

// A shard as DescribeStream and ListShards report it.
Value ShardValue(const Shard& shard, uint64_t stream_epoch);
// The ChildShards member of GetRecords and of a SubscribeToShardEvent at a closed shard's end.
Value ChildShardsValue(const ShardMap& map, int32_t index);

// A synchronous operation (no blocking I/O), and one run on the blocking pool.
using SyncOperation = std::function<KinesisResult<Value>(const AwsRequest&)>;
void AddSync(net::aws::AwsService& service, std::string name, SyncOperation op);
void AddBlocking(net::aws::AwsService& service, ServiceContext& ctx, std::string name,
                 SyncOperation op);

// Registration of each group of operations.
void AddStreamOperations(net::aws::AwsService& service, ServiceContext& ctx);
void AddSettingsOperations(net::aws::AwsService& service, ServiceContext& ctx);
void AddPutOperations(net::aws::AwsService& service, ServiceContext& ctx);
void AddGetOperations(net::aws::AwsService& service, ServiceContext& ctx);
void AddShardOperations(net::aws::AwsService& service, ServiceContext& ctx);
void AddConsumerOperations(net::aws::AwsService& service, ServiceContext& ctx);
void AddTagOperations(net::aws::AwsService& service, ServiceContext& ctx);
void AddResourceOperations(net::aws::AwsService& service, ServiceContext& ctx);
void AddSubscribeOperation(net::aws::AwsService& service, ServiceContext& ctx);

}  // namespace millrace::kinesis::service
