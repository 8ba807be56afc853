#include "kinesis/service/service_context.h"

#include "base/clock.h"
#include "kinesis/hash_key.h"
#include "kinesis/shard_id.h"
#include "kinesis/stream_names.h"
#include "log/log_manager.h"
#include "log/partition.h"

namespace millrace::kinesis::service {

namespace {

SubscriptionTiming TimingFor(const ServiceSettings& settings) {
  SubscriptionTiming timing;
  timing.lifetime_ms = settings.subscription_ms;
  // AWS: 2 MB/s per consumer per shard, enforced only with the shard limits.
  if (settings.shard_limits) timing.max_bytes_per_second = 2 << 20;
  return timing;
}

}  // namespace

ServiceContext::ServiceContext(ServiceSettings settings)
    : settings_(std::move(settings)), subscriptions_(std::make_shared<SubscriptionTable>(TimingFor(settings_))) {}

ServiceContext::~ServiceContext() {
  Close();
}

Status ServiceContext::Open(log::LogManager* log) {
  StreamRegistryOptions options;
  options.data_dir = settings_.data_dir;
  options.shard_limits = settings_.shard_limits;
  options.status_delay_ms = settings_.status_delay_ms;
  MR_ASSIGN_OR_RETURN(registry_, StreamRegistry::Open(std::move(options), log));
  return Status::Ok();
}

void ServiceContext::Close() {
  subscriptions_->EndAll(SubscriptionEnd::kServerStopping);
  blocking_.join();
  registry_.reset();
}

net::aws::AwsError ToAwsError(const KinesisStatus& status) {
  return {std::string(status.type()), status.message(), status.http_status()};
}

namespace {

KinesisStatus WrongType(std::string_view key, const Value& v, std::string_view expected) {
  return {Errc::kSerialization, "Unexpected value type in payload: " + std::string(key) +
                                    " must be " + std::string(expected) + ", not " +
                                    std::string(Value::KindName(v.kind()))};
}

const Value* Member(const Value& params, std::string_view key) {
  const Value* v = params.Find(key);
  if (v == nullptr || v->is_null()) return nullptr;
  return v;
}

}  // namespace

KinesisResult<std::optional<std::string>> OptString(const Value& params, std::string_view key) {
  const Value* v = Member(params, key);
  if (v == nullptr) return std::optional<std::string>();
  if (v->kind() != Value::Kind::kString) return WrongType(key, *v, "a string");
  return std::optional<std::string>(v->string_value());
}

KinesisResult<std::optional<int64_t>> OptInt(const Value& params, std::string_view key) {
  const Value* v = Member(params, key);
  if (v == nullptr) return std::optional<int64_t>();
  Result<int64_t> i = v->AsInt64(key);
  if (!i.ok() || v->kind() == Value::Kind::kString) return WrongType(key, *v, "an integer");
  return std::optional<int64_t>(*i);
}

KinesisResult<std::optional<bool>> OptBool(const Value& params, std::string_view key) {
  const Value* v = Member(params, key);
  if (v == nullptr) return std::optional<bool>();
  if (v->kind() != Value::Kind::kBool) return WrongType(key, *v, "a boolean");
  return std::optional<bool>(v->bool_value());
}

KinesisResult<std::optional<std::string>> OptBlob(const Value& params, std::string_view key) {
  const Value* v = Member(params, key);
  if (v == nullptr) return std::optional<std::string>();
  if (v->kind() != Value::Kind::kString && v->kind() != Value::Kind::kBytes) {
    return WrongType(key, *v, "a blob");
  }
  Result<std::string> b = v->AsBlob(key);
  if (!b.ok()) {
    return KinesisStatus(Errc::kSerialization,
                         "Base64 encoded value of " + std::string(key) + " is invalid.");
  }
  return std::optional<std::string>(std::move(*b));
}

KinesisResult<std::optional<int64_t>> OptTimestampMs(const Value& params, std::string_view key) {
  const Value* v = Member(params, key);
  if (v == nullptr) return std::optional<int64_t>();
  Result<int64_t> t = v->AsTimestampMillis(key);
  if (!t.ok()) return WrongType(key, *v, "a timestamp");
  return std::optional<int64_t>(*t);
}

KinesisResult<std::string> NeedString(const Value& params, std::string_view key,
                                      std::string_view member_path) {
  MR_ASSIGN_OR_RETURN(std::optional<std::string> s, OptString(params, key));
  if (!s) return ValidationError(member_path, nullptr, "Member must not be null");
  return std::move(*s);
}

KinesisResult<int64_t> NeedInt(const Value& params, std::string_view key,
                               std::string_view member_path) {
  MR_ASSIGN_OR_RETURN(std::optional<int64_t> i, OptInt(params, key));
  if (!i) return ValidationError(member_path, nullptr, "Member must not be null");
  return *i;
}

std::string AccountId(const AwsRequest& request) {
  return request.credential.account_id;
}

std::string StreamArnFor(const AwsRequest& request, std::string_view stream_name) {
  return FormatStreamArn(request.credential.region, request.credential.account_id, stream_name);
}

KinesisResult<std::string> RequestStreamName(const AwsRequest& request) {
  MR_ASSIGN_OR_RETURN(std::optional<std::string> name, OptString(request.params, "StreamName"));
  MR_ASSIGN_OR_RETURN(std::optional<std::string> arn, OptString(request.params, "StreamARN"));
  if (name) MR_KINESIS_RETURN_IF_ERROR(ValidateStreamName(*name));
  return ResolveStreamName(name, arn, request.credential.region, request.credential.account_id);
}

KinesisResult<std::shared_ptr<Stream>> FindRequestStream(ServiceContext& ctx,
                                                         const AwsRequest& request) {
  MR_ASSIGN_OR_RETURN(std::string name, RequestStreamName(request));
  return ctx.registry().Find(name);
}

KinesisStatus UpdateMeta(ServiceContext& ctx, Stream& stream,
                         const std::function<KinesisStatus(StreamMeta&)>& change) {
  std::lock_guard lock(stream.mu);
  if (stream.deleted) {
    return ResourceNotFound("Stream " + stream.meta.name + " under account " +
                            ctx.registry().options().account_id + " not found.");
  }
  ctx.registry().SettleStatus(stream, WallMillis());
  StreamMeta saved = stream.meta;
  KinesisStatus s = change(stream.meta);
  if (s.ok()) s = ctx.registry().Persist(stream);
  if (!s.ok()) stream.meta = std::move(saved);
  return s;
}

Value ShardValue(const Shard& shard, uint64_t stream_epoch) {
  Value v = Value::MakeObject();
  v.Set("ShardId", Value(FormatShardId(shard.index)));
  if (shard.parent) v.Set("ParentShardId", Value(FormatShardId(*shard.parent)));
  if (shard.adjacent_parent) {
    v.Set("AdjacentParentShardId", Value(FormatShardId(*shard.adjacent_parent)));
  }
  Value range = Value::MakeObject();
  range.Set("StartingHashKey", Value(FormatHashKey(shard.range.start)));
  range.Set("EndingHashKey", Value(FormatHashKey(shard.range.end)));
  v.Set("HashKeyRange", std::move(range));
  Value seq = Value::MakeObject();
  seq.Set("StartingSequenceNumber", Value(StartingSequenceNumber(shard, stream_epoch)));
  if (auto end = EndingSequenceNumber(shard, stream_epoch)) {
    seq.Set("EndingSequenceNumber", Value(*end));
  }
  v.Set("SequenceNumberRange", std::move(seq));
  return v;
}

namespace {
AwsOutcome ToOutcome(KinesisResult<Value> r) {
  if (!r.ok()) return Fail(r.status());
  return AwsOutcome(std::move(r).value());
}
}  // namespace

Value ChildShardsValue(const ShardMap& map, int32_t index) {
  Value list = Value::MakeArray();
  for (const Shard* child : map.Children(index)) {
    Value c = Value::MakeObject();
    c.Set("ShardId", Value(FormatShardId(child->index)));
    Value parents = Value::MakeArray();
    if (child->parent) parents.Append(Value(FormatShardId(*child->parent)));
    if (child->adjacent_parent) parents.Append(Value(FormatShardId(*child->adjacent_parent)));
    c.Set("ParentShards", std::move(parents));
    Value range = Value::MakeObject();
    range.Set("StartingHashKey", Value(FormatHashKey(child->range.start)));
    range.Set("EndingHashKey", Value(FormatHashKey(child->range.end)));
    c.Set("HashKeyRange", std::move(range));
    list.Append(std::move(c));
  }
  return list;
}

void AddSync(net::aws::AwsService& service, std::string name, SyncOperation op) {
  service.AddOperation(std::move(name),
                       [op = std::move(op)](
                           const AwsRequest& request) -> boost::asio::awaitable<AwsOutcome> {
                         co_return ToOutcome(op(request));
                       });
}

void AddBlocking(net::aws::AwsService& service, ServiceContext& ctx, std::string name,
                 SyncOperation op) {
  service.AddOperation(
      std::move(name),
      [&ctx, op = std::move(op)](const AwsRequest& request) -> boost::asio::awaitable<AwsOutcome> {
        KinesisResult<Value> r = co_await ctx.RunBlocking([&] { return op(request); });
        co_return ToOutcome(std::move(r));
      });
}

KinesisResult<int64_t> ResolveShardStart(const Stream& stream, const Shard& shard,
                                         const std::string& account, ShardIteratorType type,
                                         const std::optional<std::string>& sequence_number,
                                         std::optional<int64_t> timestamp_ms, int64_t now_ms) {
  const log::Partition* partition = stream.partitions[static_cast<size_t>(shard.index)];
  IteratorTarget target;
  target.stream_name = stream.meta.name;
  target.account_id = account;
  target.stream_epoch = stream.meta.epoch;
  target.shard_index = shard.index;
  target.log_start_offset = std::max(partition->LogStartOffset(), shard.starting_offset);
  target.log_end_offset = shard.ending_offset.value_or(partition->HighWatermark());
  target.log_start_offset = std::min(target.log_start_offset, target.log_end_offset);
  IteratorStartRequest start;
  start.type = type;
  start.starting_sequence_number = sequence_number;
  start.timestamp_ms = timestamp_ms;
  auto offset_for_timestamp = [&](int64_t t) {
    Result<int64_t> o = partition->OffsetForTimestamp(t);
    return o.ok() ? *o : target.log_end_offset;
  };
  return ResolveIteratorStart(start, target, offset_for_timestamp, now_ms);
}

}  // namespace millrace::kinesis::service
