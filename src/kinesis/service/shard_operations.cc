// ListShards and resharding: SplitShard, MergeShards, UpdateShardCount. A reshard holds the
// stream's `resharding` flag (writers wait), waits for in-flight requests to drain, closes parents
// at their log end, opens children's partitions and persists the map before writers resume.
#include <algorithm>

#include "base/base64.h"
#include "base/clock.h"
#include "kinesis/hash_key.h"
#include "kinesis/service/service_context.h"
#include "kinesis/shard_id.h"
#include "kinesis/shard_listing.h"
#include "log/partition.h"

namespace millrace::kinesis::service {

namespace {

constexpr int64_t kNextTokenLifetimeMs = 300'000;

int64_t RetentionMs(int32_t hours) {
  return static_cast<int64_t>(hours) * 3600 * 1000;
}

// ListShards' NextToken: where the listing continues, for which stream and filter.
struct ListToken {
  std::string stream;
  int32_t last_index = -1;
  int64_t issued_ms = 0;
  std::optional<ShardFilter> filter;
};

std::string EncodeListToken(const ListToken& t) {
  std::string text = "1\n" + t.stream + "\n" + std::to_string(t.last_index) + "\n" +
                     std::to_string(t.issued_ms) + "\n";
  if (t.filter) {
    text += std::to_string(static_cast<int>(t.filter->type)) + "\n" +
            t.filter->shard_id.value_or("") + "\n" +
            (t.filter->timestamp_ms ? std::to_string(*t.filter->timestamp_ms) : "") + "\n";
  }
  return base64::Encode(text);
}

KinesisResult<ListToken> DecodeListToken(const std::string& token, int64_t now_ms) {
  const KinesisStatus invalid = InvalidArgument("Invalid NextToken.");
  std::optional<std::string> text = base64::Decode(token);
  if (!text) return invalid;
  std::vector<std::string> parts;
  size_t pos = 0;
  while (pos < text->size()) {
    size_t nl = text->find('\n', pos);
    if (nl == std::string::npos) return invalid;
    parts.push_back(text->substr(pos, nl - pos));
    pos = nl + 1;
  }
  if ((parts.size() != 4 && parts.size() != 7) || parts[0] != "1") return invalid;
  ListToken t;
  t.stream = parts[1];
  try {
    t.last_index = std::stoi(parts[2]);
    t.issued_ms = std::stoll(parts[3]);
    if (parts.size() == 7) {
      ShardFilter f;
      int type = std::stoi(parts[4]);
      if (type < 0 || type > static_cast<int>(ShardFilterType::kFromTimestamp)) return invalid;
      f.type = static_cast<ShardFilterType>(type);
      if (!parts[5].empty()) f.shard_id = parts[5];
      if (!parts[6].empty()) f.timestamp_ms = std::stoll(parts[6]);
      t.filter = f;
    }
  } catch (...) {
    return invalid;
  }
  if (now_ms - t.issued_ms > kNextTokenLifetimeMs) {
    return KinesisStatus(Errc::kExpiredNextToken, "The timestamp in NextToken has expired.");
  }
  return t;
}

KinesisResult<Value> ListShardsOp(ServiceContext& ctx, const AwsRequest& request) {
  const Value& p = request.params;
  const int64_t now = WallMillis();
  MR_ASSIGN_OR_RETURN(std::optional<std::string> token, OptString(p, "NextToken"));
  MR_ASSIGN_OR_RETURN(std::optional<std::string> start, OptString(p, "ExclusiveStartShardId"));
  MR_ASSIGN_OR_RETURN(std::optional<int64_t> max_results, OptInt(p, "MaxResults"));
  MR_ASSIGN_OR_RETURN(std::optional<std::string> name_member, OptString(p, "StreamName"));
  MR_ASSIGN_OR_RETURN(std::optional<std::string> arn_member, OptString(p, "StreamARN"));
  if (max_results && (*max_results < 1 || *max_results > 10000)) {
    std::string text = std::to_string(*max_results);
    return ValidationError("maxResults", &text,
                           *max_results < 1
                               ? "Member must have value greater than or equal to 1"
                               : "Member must have value less than or equal to 10000");
  }
  std::optional<ShardFilter> filter;
  if (const Value* f = p.Find("ShardFilter"); f != nullptr && !f->is_null()) {
    if (!f->is_object()) return KinesisStatus(Errc::kSerialization, "ShardFilter must be a structure");
    MR_ASSIGN_OR_RETURN(std::string type, NeedString(*f, "Type", "shardFilter.type"));
    ShardFilter sf;
    MR_ASSIGN_OR_RETURN(sf.type, ParseShardFilterType(type));
    MR_ASSIGN_OR_RETURN(sf.shard_id, OptString(*f, "ShardId"));
    MR_ASSIGN_OR_RETURN(sf.timestamp_ms, OptTimestampMs(*f, "Timestamp"));
    filter = sf;
  }
  std::shared_ptr<Stream> stream;
  int32_t after = -1;
  if (token) {
    if (name_member || arn_member || start) {
      return InvalidArgument(
          "NextToken and StreamName/StreamARN/ExclusiveStartShardId cannot be provided together.");
    }
    MR_ASSIGN_OR_RETURN(ListToken t, DecodeListToken(*token, now));
    MR_ASSIGN_OR_RETURN(stream, ctx.registry().Find(t.stream));
    after = t.last_index;
    filter = t.filter;
  } else {
    MR_ASSIGN_OR_RETURN(stream, FindRequestStream(ctx, request));
  }
  std::optional<std::string> exclusive = start;
  if (after >= 0) exclusive = FormatShardId(after);
  std::lock_guard lock(stream->mu);
  MR_ASSIGN_OR_RETURN(std::vector<const Shard*> shards,
                      ListShards(stream->map, filter, exclusive, now,
                                 RetentionMs(stream->meta.retention_hours)));
  const size_t max = static_cast<size_t>(max_results.value_or(1000));
  Value list = Value::MakeArray();
  for (size_t i = 0; i < shards.size() && i < max; ++i) {
    list.Append(ShardValue(*shards[i], stream->meta.epoch));
  }
  Value out = Value::MakeObject();
  out.Set("Shards", std::move(list));
  if (shards.size() > max) {
    out.Set("NextToken", Value(EncodeListToken(
                             {stream->meta.name, shards[max - 1]->index, now, filter})));
  }
  return out;
}

// Runs `change` on a copy of the map with writers held off and in-flight requests drained;
// installs and persists the result only if everything succeeds.
KinesisStatus Reshard(ServiceContext& ctx, Stream& stream, const std::string& account,
                      const std::function<KinesisStatus(ShardMap&, const EndOffsetFn&)>& change) {
  std::unique_lock lock(stream.mu);
  if (stream.deleted) {
    return ResourceNotFound("Stream " + stream.meta.name + " under account " + account +
                            " not found.");
  }
  const int64_t now = WallMillis();
  ctx.registry().SettleStatus(stream, now);
  MR_KINESIS_RETURN_IF_ERROR(CheckActive(stream.meta.status, stream.meta.name, account));
  MR_KINESIS_RETURN_IF_ERROR(CheckProvisioned(stream.meta.mode, stream.meta.name, account));
  stream.resharding = true;
  // Subscriptions waiting for data hold the partitions: make them let go (they stay away while
  // the flag is up).
  ctx.subscriptions().WakeStream(stream.meta.name);
  stream.idle_cv.wait(lock, [&] { return stream.active_uses == 0; });
  ShardMap saved_map = stream.map;
  StreamMeta saved_meta = stream.meta;
  EndOffsetFn end_of = [&](int32_t index) {
    return stream.partitions[static_cast<size_t>(index)]->HighWatermark();
  };
  KinesisStatus s = change(stream.map, end_of);
  if (s.ok()) s = ctx.registry().OpenNewPartitions(stream);
  if (s.ok() && ctx.registry().options().status_delay_ms > 0) {
    stream.meta.status = StreamStatus::kUpdating;
    stream.meta.status_until_ms = now + ctx.registry().options().status_delay_ms;
  }
  if (s.ok()) s = ctx.registry().Persist(stream);
  if (!s.ok()) {
    stream.map = std::move(saved_map);
    stream.meta = std::move(saved_meta);
  }
  stream.resharding = false;
  return s;
}

KinesisResult<Value> SplitShard(ServiceContext& ctx, const AwsRequest& request) {
  const Value& p = request.params;
  MR_ASSIGN_OR_RETURN(std::optional<std::string> shard, OptString(p, "ShardToSplit"));
  MR_ASSIGN_OR_RETURN(std::optional<std::string> key, OptString(p, "NewStartingHashKey"));
  std::vector<std::string> failures;
  if (!shard) failures.push_back(ConstraintFailure("shardToSplit", nullptr, "Member must not be null"));
  if (!key) {
    failures.push_back(ConstraintFailure("newStartingHashKey", nullptr, "Member must not be null"));
  }
  if (!failures.empty()) return ValidationError(failures);
  MR_ASSIGN_OR_RETURN(HashKey hash,
                      ParseHashKeyMember(*key, "newStartingHashKey", "NewStartingHashKey"));
  MR_ASSIGN_OR_RETURN(std::shared_ptr<Stream> stream, FindRequestStream(ctx, request));
  const int64_t now = WallMillis();
  MR_KINESIS_RETURN_IF_ERROR(Reshard(ctx, *stream, AccountId(request),
                                     [&](ShardMap& map, const EndOffsetFn& end_of) {
                                       MR_ASSIGN_OR_RETURN(const Shard* parent,
                                                           map.FindShardId(*shard));
                                       KinesisResult<SplitOutcome> r =
                                           map.Split(*shard, hash, end_of(parent->index), now);
                                       return r.status();
                                     }));
  return Value::MakeObject();
}

KinesisResult<Value> MergeShards(ServiceContext& ctx, const AwsRequest& request) {
  const Value& p = request.params;
  MR_ASSIGN_OR_RETURN(std::optional<std::string> a, OptString(p, "ShardToMerge"));
  MR_ASSIGN_OR_RETURN(std::optional<std::string> b, OptString(p, "AdjacentShardToMerge"));
  std::vector<std::string> failures;
  if (!a) failures.push_back(ConstraintFailure("shardToMerge", nullptr, "Member must not be null"));
  if (!b) {
    failures.push_back(
        ConstraintFailure("adjacentShardToMerge", nullptr, "Member must not be null"));
  }
  if (!failures.empty()) return ValidationError(failures);
  MR_ASSIGN_OR_RETURN(std::shared_ptr<Stream> stream, FindRequestStream(ctx, request));
  const int64_t now = WallMillis();
  MR_KINESIS_RETURN_IF_ERROR(Reshard(
      ctx, *stream, AccountId(request), [&](ShardMap& map, const EndOffsetFn& end_of) {
        MR_ASSIGN_OR_RETURN(const Shard* sa, map.FindShardId(*a));
        MR_ASSIGN_OR_RETURN(const Shard* sb, map.FindShardId(*b));
        const int64_t end_a = sa->open() ? end_of(sa->index) : 0;
        const int64_t end_b = sb->open() ? end_of(sb->index) : 0;
        return map.Merge(*a, *b, end_a, end_b, now).status();
      }));
  return Value::MakeObject();
}

KinesisResult<Value> UpdateShardCount(ServiceContext& ctx, const AwsRequest& request) {
  const Value& p = request.params;
  MR_ASSIGN_OR_RETURN(int64_t target, NeedInt(p, "TargetShardCount", "targetShardCount"));
  MR_ASSIGN_OR_RETURN(std::string scaling, NeedString(p, "ScalingType", "scalingType"));
  if (scaling != "UNIFORM_SCALING") {
    return ValidationError("scalingType", &scaling,
                           "Member must satisfy enum value set: [UNIFORM_SCALING]");
  }
  if (target < 1 || target > 100000) {
    std::string text = std::to_string(target);
    return ValidationError("targetShardCount", &text,
                           target < 1 ? "Member must have value greater than or equal to 1"
                                      : "Member must have value less than or equal to 100000");
  }
  MR_ASSIGN_OR_RETURN(std::shared_ptr<Stream> stream, FindRequestStream(ctx, request));
  const int64_t now = WallMillis();
  int32_t current = 0;
  MR_KINESIS_RETURN_IF_ERROR(
      Reshard(ctx, *stream, AccountId(request), [&](ShardMap& map, const EndOffsetFn& end_of) {
        current = map.open_shard_count();
        return map.UpdateShardCount(static_cast<int32_t>(target), end_of, now).status();
      }));
  Value out = Value::MakeObject();
  out.Set("StreamName", Value(stream->meta.name));
  out.Set("CurrentShardCount", Value(static_cast<int64_t>(current)));
  out.Set("TargetShardCount", Value(target));
  out.Set("StreamARN", Value(StreamArnFor(request, stream->meta.name)));
  return out;
}

}  // namespace

void AddShardOperations(net::aws::AwsService& service, ServiceContext& ctx) {
  AddBlocking(service, ctx, "ListShards",
              [&ctx](const AwsRequest& r) { return ListShardsOp(ctx, r); });
  AddBlocking(service, ctx, "SplitShard", [&ctx](const AwsRequest& r) { return SplitShard(ctx, r); });
  AddBlocking(service, ctx, "MergeShards",
              [&ctx](const AwsRequest& r) { return MergeShards(ctx, r); });
  AddBlocking(service, ctx, "UpdateShardCount",
              [&ctx](const AwsRequest& r) { return UpdateShardCount(ctx, r); });
}

}  // namespace millrace::kinesis::service
