// Stream lifecycle: CreateStream, DeleteStream, DescribeStream(Summary), ListStreams,
// UpdateStreamMode.
#include <algorithm>

#include "base/clock.h"
#include "kinesis/limits.h"
#include "kinesis/service/service_context.h"
#include "kinesis/shard_id.h"
#include "kinesis/shard_listing.h"
#include "kinesis/stream_names.h"

namespace millrace::kinesis::service {

namespace {

constexpr int64_t kOnDemandDefaultShards = 4;

int64_t RetentionMs(int32_t hours) {
  return static_cast<int64_t>(hours) * 3600 * 1000;
}

Value EnhancedMonitoring(const StreamMeta& meta) {
  Value metrics = Value::MakeArray();
  for (const auto& m : meta.shard_level_metrics) metrics.Append(Value(m));
  Value entry = Value::MakeObject();
  entry.Set("ShardLevelMetrics", std::move(metrics));
  Value list = Value::MakeArray();
  list.Append(std::move(entry));
  return list;
}

Value ModeDetails(StreamMode mode) {
  Value v = Value::MakeObject();
  v.Set("StreamMode", Value(StreamModeName(mode)));
  return v;
}

KinesisResult<Value> CreateStream(ServiceContext& ctx, const AwsRequest& request) {
  const Value& p = request.params;
  MR_ASSIGN_OR_RETURN(std::string name, NeedString(p, "StreamName", "streamName"));
  MR_KINESIS_RETURN_IF_ERROR(ValidateStreamName(name));
  MR_ASSIGN_OR_RETURN(std::optional<int64_t> shard_count, OptInt(p, "ShardCount"));
  CreateStreamRequest create;
  create.name = name;
  if (const Value* mode = p.Find("StreamModeDetails"); mode != nullptr && !mode->is_null()) {
    if (!mode->is_object()) {
      return KinesisStatus(Errc::kSerialization, "StreamModeDetails must be a structure");
    }
    MR_ASSIGN_OR_RETURN(std::string mode_name,
                        NeedString(*mode, "StreamMode", "streamModeDetails.streamMode"));
    MR_ASSIGN_OR_RETURN(create.mode, ParseStreamMode(mode_name));
  }
  if (shard_count) {
    MR_KINESIS_RETURN_IF_ERROR(CheckShardCount(*shard_count, "shardCount"));
    if (*shard_count > kMaxOpenShardsPerStream) {
      return LimitExceeded("This request would exceed the shard limit for the account " +
                           AccountId(request) + " in " + request.credential.region +
                           ". Current shard count for the account: 0. Limit: " +
                           std::to_string(ctx.registry().options().account_shard_limit) +
                           ". Number of additional shards that would have resulted from this "
                           "request: " +
                           std::to_string(*shard_count) + ".");
    }
    create.shard_count = static_cast<int32_t>(*shard_count);
  } else if (create.mode == StreamMode::kOnDemand) {
    create.shard_count = kOnDemandDefaultShards;
  } else {
    return InvalidArgument("ShardCount is required for a stream in PROVISIONED mode.");
  }
  MR_ASSIGN_OR_RETURN(std::optional<int64_t> max_kib, OptInt(p, "MaxRecordSizeInKiB"));
  if (max_kib) {
    MR_KINESIS_RETURN_IF_ERROR(CheckMaxRecordSizeKiB(*max_kib, "maxRecordSizeInKiB"));
    create.max_record_bytes = *max_kib * 1024;
  }
  if (const Value* tags = p.Find("Tags"); tags != nullptr && !tags->is_null()) {
    if (!tags->is_object()) return KinesisStatus(Errc::kSerialization, "Tags must be a map");
    for (const auto& [k, v] : tags->object()) {
      if (v.kind() != Value::Kind::kString) {
        return KinesisStatus(Errc::kSerialization, "Tag values must be strings");
      }
      create.tags[k] = v.string_value();
    }
  }
  MR_ASSIGN_OR_RETURN(std::shared_ptr<Stream> stream,
                      ctx.registry().Create(create, WallMillis()));
  (void)stream;
  return Value::MakeObject();
}

KinesisResult<Value> DeleteStream(ServiceContext& ctx, const AwsRequest& request) {
  MR_ASSIGN_OR_RETURN(std::string name, RequestStreamName(request));
  MR_ASSIGN_OR_RETURN(std::optional<bool> enforce,
                      OptBool(request.params, "EnforceConsumerDeletion"));
  MR_ASSIGN_OR_RETURN(std::shared_ptr<Stream> stream, ctx.registry().Find(name));
  {
    std::lock_guard lock(stream->mu);
    if (!stream->meta.consumers.empty() && !enforce.value_or(false)) {
      return ResourceInUse("Stream " + name + " under account " + AccountId(request) +
                           " has registered consumers.");
    }
  }
  // Subscriptions hold the stream's partitions while they wait for data: end them first, so that
  // the delete does not wait for their keep-alive.
  ctx.subscriptions().EndStream(name, SubscriptionEnd::kStreamDeleted);
  MR_KINESIS_RETURN_IF_ERROR(ctx.registry().Delete(name));
  return Value::MakeObject();
}

KinesisResult<Value> DescribeStream(ServiceContext& ctx, const AwsRequest& request) {
  MR_ASSIGN_OR_RETURN(std::shared_ptr<Stream> stream, FindRequestStream(ctx, request));
  MR_ASSIGN_OR_RETURN(std::optional<int64_t> limit, OptInt(request.params, "Limit"));
  MR_ASSIGN_OR_RETURN(std::optional<std::string> start,
                      OptString(request.params, "ExclusiveStartShardId"));
  if (limit && (*limit < 1 || *limit > 10000)) {
    std::string text = std::to_string(*limit);
    return ValidationError("limit", &text,
                           *limit < 1 ? "Member must have value greater than or equal to 1"
                                      : "Member must have value less than or equal to 10000");
  }
  const int64_t now = WallMillis();
  std::lock_guard lock(stream->mu);
  ctx.registry().SettleStatus(*stream, now);
  const StreamMeta& meta = stream->meta;
  MR_ASSIGN_OR_RETURN(std::vector<const Shard*> shards,
                      ListShards(stream->map, std::nullopt, start, now,
                                 RetentionMs(meta.retention_hours)));
  const size_t max = static_cast<size_t>(limit.value_or(100));
  Value list = Value::MakeArray();
  for (size_t i = 0; i < shards.size() && i < max; ++i) {
    list.Append(ShardValue(*shards[i], meta.epoch));
  }
  Value d = Value::MakeObject();
  d.Set("StreamName", Value(meta.name));
  d.Set("StreamARN", Value(StreamArnFor(request, meta.name)));
  d.Set("StreamStatus", Value(StreamStatusName(meta.status)));
  d.Set("StreamModeDetails", ModeDetails(meta.mode));
  d.Set("Shards", std::move(list));
  d.Set("HasMoreShards", Value(shards.size() > max));
  d.Set("RetentionPeriodHours", Value(static_cast<int64_t>(meta.retention_hours)));
  d.Set("StreamCreationTimestamp", TimestampValue(meta.created_ms));
  d.Set("EnhancedMonitoring", EnhancedMonitoring(meta));
  d.Set("EncryptionType", Value(meta.encryption_type));
  if (!meta.key_id.empty()) d.Set("KeyId", Value(meta.key_id));
  Value out = Value::MakeObject();
  out.Set("StreamDescription", std::move(d));
  return out;
}

KinesisResult<Value> DescribeStreamSummary(ServiceContext& ctx, const AwsRequest& request) {
  MR_ASSIGN_OR_RETURN(std::shared_ptr<Stream> stream, FindRequestStream(ctx, request));
  std::lock_guard lock(stream->mu);
  ctx.registry().SettleStatus(*stream, WallMillis());
  const StreamMeta& meta = stream->meta;
  Value d = Value::MakeObject();
  d.Set("StreamName", Value(meta.name));
  d.Set("StreamARN", Value(StreamArnFor(request, meta.name)));
  d.Set("StreamStatus", Value(StreamStatusName(meta.status)));
  d.Set("StreamModeDetails", ModeDetails(meta.mode));
  d.Set("RetentionPeriodHours", Value(static_cast<int64_t>(meta.retention_hours)));
  d.Set("StreamCreationTimestamp", TimestampValue(meta.created_ms));
  d.Set("EnhancedMonitoring", EnhancedMonitoring(meta));
  d.Set("EncryptionType", Value(meta.encryption_type));
  if (!meta.key_id.empty()) d.Set("KeyId", Value(meta.key_id));
  d.Set("OpenShardCount", Value(static_cast<int64_t>(stream->map.open_shard_count())));
  d.Set("ConsumerCount", Value(static_cast<int64_t>(meta.consumers.size())));
  d.Set("MaxRecordSizeInKiB", Value(meta.max_record_bytes / 1024));
  Value out = Value::MakeObject();
  out.Set("StreamDescriptionSummary", std::move(d));
  return out;
}

KinesisResult<Value> ListStreams(ServiceContext& ctx, const AwsRequest& request) {
  MR_ASSIGN_OR_RETURN(std::optional<int64_t> limit, OptInt(request.params, "Limit"));
  MR_ASSIGN_OR_RETURN(std::optional<std::string> start,
                      OptString(request.params, "ExclusiveStartStreamName"));
  MR_ASSIGN_OR_RETURN(std::optional<std::string> token, OptString(request.params, "NextToken"));
  if (limit && (*limit < 1 || *limit > 10000)) {
    std::string text = std::to_string(*limit);
    return ValidationError("limit", &text,
                           *limit < 1 ? "Member must have value greater than or equal to 1"
                                      : "Member must have value less than or equal to 10000");
  }
  if (token) {
    // Our NextToken is the last name returned, so it works like ExclusiveStartStreamName.
    if (token->empty() || token->size() > 1048576) {
      return InvalidArgument("Invalid NextToken.");
    }
    start = *token;
  }
  const size_t max = static_cast<size_t>(std::min<int64_t>(limit.value_or(100), 100));
  std::vector<std::string> names = ctx.registry().Names();
  auto it = names.begin();
  if (start) it = std::upper_bound(names.begin(), names.end(), *start);
  Value list = Value::MakeArray();
  Value summaries = Value::MakeArray();
  std::string last;
  size_t n = 0;
  for (; it != names.end() && n < max; ++it, ++n) {
    list.Append(Value(*it));
    last = *it;
    KinesisResult<std::shared_ptr<Stream>> s = ctx.registry().Find(*it);
    if (!s.ok()) continue;
    std::lock_guard lock((*s)->mu);
    Value summary = Value::MakeObject();
    summary.Set("StreamName", Value(*it));
    summary.Set("StreamARN", Value(StreamArnFor(request, *it)));
    summary.Set("StreamStatus", Value(StreamStatusName((*s)->meta.status)));
    summary.Set("StreamModeDetails", ModeDetails((*s)->meta.mode));
    summary.Set("StreamCreationTimestamp", TimestampValue((*s)->meta.created_ms));
    summaries.Append(std::move(summary));
  }
  const bool more = it != names.end();
  Value out = Value::MakeObject();
  out.Set("StreamNames", std::move(list));
  out.Set("HasMoreStreams", Value(more));
  if (more) out.Set("NextToken", Value(last));
  out.Set("StreamSummaries", std::move(summaries));
  return out;
}

KinesisResult<Value> UpdateStreamMode(ServiceContext& ctx, const AwsRequest& request) {
  MR_ASSIGN_OR_RETURN(std::string arn, NeedString(request.params, "StreamARN", "streamARN"));
  MR_ASSIGN_OR_RETURN(StreamArn parsed, ParseStreamArn(arn));
  const Value* mode = request.params.Find("StreamModeDetails");
  if (mode == nullptr || !mode->is_object()) {
    return ValidationError("streamModeDetails", nullptr, "Member must not be null");
  }
  MR_ASSIGN_OR_RETURN(std::string mode_name,
                      NeedString(*mode, "StreamMode", "streamModeDetails.streamMode"));
  MR_ASSIGN_OR_RETURN(StreamMode new_mode, ParseStreamMode(mode_name));
  MR_ASSIGN_OR_RETURN(std::string name,
                      ResolveStreamName(std::nullopt, arn, request.credential.region,
                                        request.credential.account_id));
  MR_ASSIGN_OR_RETURN(std::shared_ptr<Stream> stream, ctx.registry().Find(name));
  const std::string account = AccountId(request);
  MR_KINESIS_RETURN_IF_ERROR(UpdateMeta(ctx, *stream, [&](StreamMeta& meta) {
    MR_KINESIS_RETURN_IF_ERROR(CheckActive(meta.status, meta.name, account));
    meta.mode = new_mode;
    return KinesisStatus::Ok();
  }));
  return Value::MakeObject();
}

}  // namespace

void AddStreamOperations(net::aws::AwsService& service, ServiceContext& ctx) {
  auto bind = [&ctx](auto fn) {
    return [&ctx, fn](const AwsRequest& r) { return fn(ctx, r); };
  };
  AddBlocking(service, ctx, "CreateStream", bind(CreateStream));
  AddBlocking(service, ctx, "DeleteStream", bind(DeleteStream));
  AddBlocking(service, ctx, "DescribeStream", bind(DescribeStream));
  AddBlocking(service, ctx, "DescribeStreamSummary", bind(DescribeStreamSummary));
  AddBlocking(service, ctx, "ListStreams", bind(ListStreams));
  AddBlocking(service, ctx, "UpdateStreamMode", bind(UpdateStreamMode));
}

}  // namespace millrace::kinesis::service
