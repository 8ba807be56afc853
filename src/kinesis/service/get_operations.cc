// GetShardIterator and GetRecords: iterators are HMAC-protected positions (shard_iterator.h);
// records come out of the shard's partition through ReadShard (shard_reader.h), which
// SubscribeToShard shares.
#include <algorithm>

#include "base/clock.h"
#include "kinesis/hash_key.h"
#include "kinesis/iterator_start.h"
#include "kinesis/limits.h"
#include "kinesis/sequence_number.h"
#include "kinesis/service/service_context.h"
#include "kinesis/service/stream_metrics.h"
#include "kinesis/shard_id.h"
#include "kinesis/shard_reader.h"
#include "log/partition.h"

namespace millrace::kinesis::service {

namespace {

int64_t MonotonicMillis() {
  return MonotonicNanos() / 1'000'000;
}

KinesisResult<Value> GetShardIterator(ServiceContext& ctx, const AwsRequest& request) {
  const Value& p = request.params;
  const int64_t now = WallMillis();
  std::vector<std::string> failures;
  MR_ASSIGN_OR_RETURN(std::optional<std::string> shard_id, OptString(p, "ShardId"));
  MR_ASSIGN_OR_RETURN(std::optional<std::string> type_name, OptString(p, "ShardIteratorType"));
  MR_ASSIGN_OR_RETURN(std::optional<std::string> seq, OptString(p, "StartingSequenceNumber"));
  MR_ASSIGN_OR_RETURN(std::optional<int64_t> timestamp, OptTimestampMs(p, "Timestamp"));
  if (!shard_id) failures.push_back(ConstraintFailure("shardId", nullptr, "Member must not be null"));
  if (!type_name) {
    failures.push_back(ConstraintFailure("shardIteratorType", nullptr, "Member must not be null"));
  }
  if (!failures.empty()) return ValidationError(failures);
  MR_ASSIGN_OR_RETURN(ShardIteratorType type, ParseShardIteratorType(*type_name));
  MR_ASSIGN_OR_RETURN(std::shared_ptr<Stream> stream, FindRequestStream(ctx, request));
  const std::string account = AccountId(request);

  std::unique_lock lock(stream->mu);
  if (stream->deleted) {
    return ResourceNotFound("Stream " + stream->meta.name + " under account " + account +
                            " not found.");
  }
  MR_ASSIGN_OR_RETURN(const Shard* shard, stream->map.FindShardId(*shard_id));
  MR_ASSIGN_OR_RETURN(int64_t offset,
                      ResolveShardStart(*stream, *shard, account, type, seq, timestamp, now));
  ShardIteratorPosition position{stream->meta.name, stream->meta.epoch, shard->index, offset, now};
  Value out = Value::MakeObject();
  out.Set("ShardIterator", Value(ctx.registry().iterators().Encode(position)));
  return out;
}

KinesisResult<Value> GetRecords(ServiceContext& ctx, const AwsRequest& request) {
  const Value& p = request.params;
  const int64_t now = WallMillis();
  MR_ASSIGN_OR_RETURN(std::optional<std::string> token, OptString(p, "ShardIterator"));
  MR_ASSIGN_OR_RETURN(std::optional<int64_t> limit, OptInt(p, "Limit"));
  if (!token) return ValidationError("shardIterator", nullptr, "Member must not be null");
  if (token->empty() || token->size() > ShardIteratorCodec::kMaxTokenSize) {
    return ValidationError("shardIterator", &*token,
                           "Member must have length less than or equal to 512");
  }
  if (limit) MR_KINESIS_RETURN_IF_ERROR(CheckGetRecordsLimit(*limit));
  MR_ASSIGN_OR_RETURN(ShardIteratorPosition position,
                      ctx.registry().iterators().Decode(*token, now));
  MR_ASSIGN_OR_RETURN(std::shared_ptr<Stream> stream, ctx.registry().Find(position.stream_name));
  const std::string account = AccountId(request);

  ShardReadRequest read;
  const log::Partition* partition = nullptr;
  StreamUse use;
  {
    std::lock_guard lock(stream->mu);
    const Shard* shard = stream->map.Find(position.shard_index);
    if (stream->deleted || stream->meta.epoch != position.stream_epoch || shard == nullptr) {
      return ResourceNotFound("Shard " + FormatShardId(position.shard_index) + " in stream " +
                              position.stream_name + " under account " + account +
                              " does not exist");
    }
    if (!stream->read_throttles.empty() &&
        !stream->read_throttles[static_cast<size_t>(shard->index)]->TryStartRead(
            MonotonicMillis())) {
      CountThrottled(position.stream_name, "read");
      return RateExceeded(shard->index, position.stream_name, account);
    }
    partition = stream->partitions[static_cast<size_t>(shard->index)];
    read.stream_epoch = position.stream_epoch;
    read.shard_index = shard->index;
    read.from_offset = position.next_offset;
    read.end_offset = shard->ending_offset.value_or(-1);
    read.max_records = static_cast<int32_t>(limit.value_or(kMaxGetRecordsLimit));
    use = StreamUse(stream);
  }
  Result<ShardRead> result = ReadShard(*partition, read);
  if (!result.ok()) return FromStatus(result.status());
  const int64_t high = result->high_watermark;

  Value records = Value::MakeArray();
  records.array().reserve(result->records.size());
  for (KinesisRecord& r : result->records) {
    Value v = Value::MakeObject();
    Value::Object& members = v.object();
    members.reserve(4);
    members.emplace_back("SequenceNumber", Value(std::move(r.sequence_number)));
    members.emplace_back("ApproximateArrivalTimestamp", TimestampValue(r.arrival_ms));
    members.emplace_back("Data", Value::Bytes(std::move(r.data)));
    members.emplace_back("PartitionKey", Value(std::move(r.partition_key)));
    records.array().push_back(std::move(v));
  }
  int64_t behind = 0;
  if (result->next_offset < high && !result->records.empty()) {
    behind = std::max<int64_t>(0, now - result->records.back().arrival_ms);
  } else if (result->next_offset < high) {
    behind = 0;
  }
  Value out = Value::MakeObject();
  out.Set("Records", std::move(records));
  out.Set("MillisBehindLatest", Value(behind));
  {
    std::lock_guard lock(stream->mu);
    if (!stream->read_throttles.empty()) {
      stream->read_throttles[static_cast<size_t>(read.shard_index)]->FinishRead(result->bytes,
                                                                               MonotonicMillis());
    }
    const Shard* shard = stream->map.Find(read.shard_index);
    const bool at_end = shard != nullptr && shard->ending_offset &&
                        result->next_offset >= *shard->ending_offset;
    if (at_end) {
      out.Set("ChildShards", ChildShardsValue(stream->map, read.shard_index));
    } else {
      ShardIteratorPosition next{position.stream_name, position.stream_epoch, read.shard_index,
                                 result->next_offset, now};
      out.Set("NextShardIterator", Value(ctx.registry().iterators().Encode(next)));
    }
  }
  CountGetRecords(position.stream_name, static_cast<int64_t>(result->records.size()),
                  result->bytes);
  SetIteratorAge(position.stream_name, behind);
  return out;
}

}  // namespace

void AddGetOperations(net::aws::AwsService& service, ServiceContext& ctx) {
  AddSync(service, "GetShardIterator",
          [&ctx](const AwsRequest& r) { return GetShardIterator(ctx, r); });
  AddSync(service, "GetRecords", [&ctx](const AwsRequest& r) { return GetRecords(ctx, r); });
}

}  // namespace millrace::kinesis::service
