// Stream settings: retention, encryption (recorded, no real KMS), enhanced monitoring (recorded
// and reported), DescribeLimits.
#include <algorithm>

#include "kinesis/limits.h"
#include "kinesis/service/service_context.h"
#include "log/partition.h"

namespace millrace::kinesis::service {

namespace {

constexpr int64_t kOnDemandStreamLimit = 50;

int64_t RetentionMs(int32_t hours) {
  return static_cast<int64_t>(hours) * 3600 * 1000;
}

KinesisResult<Value> ChangeRetention(ServiceContext& ctx, const AwsRequest& request,
                                     bool increase) {
  MR_ASSIGN_OR_RETURN(int64_t hours,
                      NeedInt(request.params, "RetentionPeriodHours", "retentionPeriodHours"));
  MR_ASSIGN_OR_RETURN(std::shared_ptr<Stream> stream, FindRequestStream(ctx, request));
  const std::string account = AccountId(request);
  MR_KINESIS_RETURN_IF_ERROR(UpdateMeta(ctx, *stream, [&](StreamMeta& meta) {
    MR_KINESIS_RETURN_IF_ERROR(CheckActive(meta.status, meta.name, account));
    MR_KINESIS_RETURN_IF_ERROR(
        increase ? CheckRetentionIncrease(meta.name, hours, meta.retention_hours)
                 : CheckRetentionDecrease(meta.name, hours, meta.retention_hours));
    meta.retention_hours = static_cast<int32_t>(hours);
    return KinesisStatus::Ok();
  }));
  std::lock_guard lock(stream->mu);
  for (log::Partition* partition : stream->partitions) {
    log::PartitionConfig config = partition->config();
    config.retention_ms = RetentionMs(static_cast<int32_t>(hours));
    Status s = partition->UpdateConfig(config);
    if (!s.ok()) return FromStatus(s);
  }
  return Value::MakeObject();
}

KinesisResult<Value> ChangeEncryption(ServiceContext& ctx, const AwsRequest& request, bool start) {
  MR_ASSIGN_OR_RETURN(std::string type,
                      NeedString(request.params, "EncryptionType", "encryptionType"));
  MR_ASSIGN_OR_RETURN(std::string key, NeedString(request.params, "KeyId", "keyId"));
  if (type != "KMS" && type != "NONE") {
    return ValidationError("encryptionType", &type,
                           "Member must satisfy enum value set: [KMS, NONE]");
  }
  if (key.empty() || key.size() > 2048) {
    return ValidationError("keyId", &key,
                           "Member must have length between 1 and 2048 inclusive");
  }
  MR_ASSIGN_OR_RETURN(std::shared_ptr<Stream> stream, FindRequestStream(ctx, request));
  const std::string account = AccountId(request);
  MR_KINESIS_RETURN_IF_ERROR(UpdateMeta(ctx, *stream, [&](StreamMeta& meta) {
    MR_KINESIS_RETURN_IF_ERROR(CheckActive(meta.status, meta.name, account));
    if (start) {
      if (type != "KMS") {
        return InvalidArgument("Encryption type NONE is not valid for StartStreamEncryption.");
      }
      meta.encryption_type = "KMS";
      meta.key_id = key;
    } else {
      meta.encryption_type = "NONE";
      meta.key_id.clear();
    }
    return KinesisStatus::Ok();
  }));
  return Value::MakeObject();
}

const std::vector<std::string>& AllShardMetrics() {
  static const std::vector<std::string> all = {
      "IncomingBytes",          "IncomingRecords",         "OutgoingBytes",
      "OutgoingRecords",        "WriteProvisionedThroughputExceeded",
      "ReadProvisionedThroughputExceeded", "IteratorAgeMilliseconds"};
  return all;
}

KinesisResult<Value> ChangeMonitoring(ServiceContext& ctx, const AwsRequest& request, bool enable) {
  const Value* list = request.params.Find("ShardLevelMetrics");
  if (list == nullptr || list->is_null()) {
    return ValidationError("shardLevelMetrics", nullptr, "Member must not be null");
  }
  if (!list->is_array()) {
    return KinesisStatus(Errc::kSerialization, "ShardLevelMetrics must be a list");
  }
  std::vector<std::string> asked;
  for (const Value& item : list->array()) {
    if (item.kind() != Value::Kind::kString) {
      return KinesisStatus(Errc::kSerialization, "ShardLevelMetrics must hold strings");
    }
    const std::string& m = item.string_value();
    if (m == "ALL") {
      asked = AllShardMetrics();
      continue;
    }
    if (std::find(AllShardMetrics().begin(), AllShardMetrics().end(), m) ==
        AllShardMetrics().end()) {
      return ValidationError("shardLevelMetrics", &m,
                             "Member must satisfy enum value set: [IncomingBytes, "
                             "IncomingRecords, OutgoingBytes, OutgoingRecords, "
                             "WriteProvisionedThroughputExceeded, "
                             "ReadProvisionedThroughputExceeded, IteratorAgeMilliseconds, ALL]");
    }
    asked.push_back(m);
  }
  if (asked.empty()) {
    return ValidationError("shardLevelMetrics", nullptr,
                           "Member must have length greater than or equal to 1");
  }
  MR_ASSIGN_OR_RETURN(std::shared_ptr<Stream> stream, FindRequestStream(ctx, request));
  const std::string account = AccountId(request);
  std::vector<std::string> before, after;
  MR_KINESIS_RETURN_IF_ERROR(UpdateMeta(ctx, *stream, [&](StreamMeta& meta) {
    MR_KINESIS_RETURN_IF_ERROR(CheckActive(meta.status, meta.name, account));
    before = meta.shard_level_metrics;
    std::vector<std::string> next;
    for (const std::string& m : AllShardMetrics()) {
      const bool had = std::find(before.begin(), before.end(), m) != before.end();
      const bool named = std::find(asked.begin(), asked.end(), m) != asked.end();
      if (enable ? (had || named) : (had && !named)) next.push_back(m);
    }
    meta.shard_level_metrics = next;
    after = std::move(next);
    return KinesisStatus::Ok();
  }));
  auto to_list = [](const std::vector<std::string>& v) {
    Value l = Value::MakeArray();
    for (const auto& m : v) l.Append(Value(m));
    return l;
  };
  Value out = Value::MakeObject();
  out.Set("StreamName", Value(stream->meta.name));
  out.Set("StreamARN", Value(StreamArnFor(request, stream->meta.name)));
  out.Set("CurrentShardLevelMetrics", to_list(before));
  out.Set("DesiredShardLevelMetrics", to_list(after));
  return out;
}

KinesisResult<Value> DescribeLimits(ServiceContext& ctx, const AwsRequest&) {
  int64_t on_demand = 0;
  for (const std::string& name : ctx.registry().Names()) {
    KinesisResult<std::shared_ptr<Stream>> s = ctx.registry().Find(name);
    if (!s.ok()) continue;
    std::lock_guard lock((*s)->mu);
    if ((*s)->meta.mode == StreamMode::kOnDemand) ++on_demand;
  }
  Value out = Value::MakeObject();
  out.Set("ShardLimit", Value(ctx.registry().options().account_shard_limit));
  out.Set("OpenShardCount", Value(ctx.registry().OpenShardCount()));
  out.Set("OnDemandStreamCount", Value(on_demand));
  out.Set("OnDemandStreamCountLimit", Value(kOnDemandStreamLimit));
  return out;
}

}  // namespace

void AddSettingsOperations(net::aws::AwsService& service, ServiceContext& ctx) {
  AddBlocking(service, ctx, "IncreaseStreamRetentionPeriod",
              [&ctx](const AwsRequest& r) { return ChangeRetention(ctx, r, true); });
  AddBlocking(service, ctx, "DecreaseStreamRetentionPeriod",
              [&ctx](const AwsRequest& r) { return ChangeRetention(ctx, r, false); });
  AddBlocking(service, ctx, "StartStreamEncryption",
              [&ctx](const AwsRequest& r) { return ChangeEncryption(ctx, r, true); });
  AddBlocking(service, ctx, "StopStreamEncryption",
              [&ctx](const AwsRequest& r) { return ChangeEncryption(ctx, r, false); });
  AddBlocking(service, ctx, "EnableEnhancedMonitoring",
              [&ctx](const AwsRequest& r) { return ChangeMonitoring(ctx, r, true); });
  AddBlocking(service, ctx, "DisableEnhancedMonitoring",
              [&ctx](const AwsRequest& r) { return ChangeMonitoring(ctx, r, false); });
  AddBlocking(service, ctx, "DescribeLimits", [&ctx](const AwsRequest& r) { return DescribeLimits(ctx, r); });
}

}  // namespace millrace::kinesis::service
