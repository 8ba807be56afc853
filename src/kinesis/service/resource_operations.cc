// Operations on resources named by ARN, from the newer Kinesis model: resource policies
// (Put/Get/DeleteResourcePolicy, stored and returned, not enforced), the ARN tag family
// (TagResource, UntagResource, ListTagsForResource), UpdateMaxRecordSize and
// DescribeAccountSettings.
#include "kinesis/limits.h"
#include "kinesis/service/service_context.h"
#include "kinesis/stream_names.h"

namespace millrace::kinesis::service {

namespace {

constexpr size_t kMaxPolicyBytes = 20480;

// The stream a ResourceARN (a stream or a consumer ARN) belongs to.
KinesisResult<std::shared_ptr<Stream>> StreamOfResource(ServiceContext& ctx,
                                                        const AwsRequest& request,
                                                        const std::string& arn) {
  std::string stream_arn = arn;
  if (arn.find("/consumer/") != std::string::npos) {
    MR_ASSIGN_OR_RETURN(ConsumerArn consumer, ParseConsumerArn(arn));
    stream_arn = FormatStreamArn(consumer.stream.region, consumer.stream.account_id,
                                 consumer.stream.stream_name);
  }
  MR_ASSIGN_OR_RETURN(std::string name,
                      ResolveStreamName(std::nullopt, stream_arn, request.credential.region,
                                        request.credential.account_id));
  return ctx.registry().Find(name);
}

KinesisResult<Value> PutPolicy(ServiceContext& ctx, const AwsRequest& request) {
  MR_ASSIGN_OR_RETURN(std::string arn, NeedString(request.params, "ResourceARN", "resourceARN"));
  MR_ASSIGN_OR_RETURN(std::string policy, NeedString(request.params, "Policy", "policy"));
  if (policy.size() > kMaxPolicyBytes) {
    return ValidationError("policy", nullptr,
                           "Member must have length less than or equal to 20480");
  }
  MR_ASSIGN_OR_RETURN(std::shared_ptr<Stream> stream, StreamOfResource(ctx, request, arn));
  MR_KINESIS_RETURN_IF_ERROR(UpdateMeta(ctx, *stream, [&](StreamMeta& meta) {
    meta.policies[arn] = policy;
    return KinesisStatus::Ok();
  }));
  return Value::MakeObject();
}

KinesisResult<Value> GetPolicy(ServiceContext& ctx, const AwsRequest& request) {
  MR_ASSIGN_OR_RETURN(std::string arn, NeedString(request.params, "ResourceARN", "resourceARN"));
  MR_ASSIGN_OR_RETURN(std::shared_ptr<Stream> stream, StreamOfResource(ctx, request, arn));
  std::lock_guard lock(stream->mu);
  auto it = stream->meta.policies.find(arn);
  Value out = Value::MakeObject();
  out.Set("Policy", Value(it == stream->meta.policies.end() ? std::string("{}") : it->second));
  return out;
}

KinesisResult<Value> DeletePolicy(ServiceContext& ctx, const AwsRequest& request) {
  MR_ASSIGN_OR_RETURN(std::string arn, NeedString(request.params, "ResourceARN", "resourceARN"));
  MR_ASSIGN_OR_RETURN(std::shared_ptr<Stream> stream, StreamOfResource(ctx, request, arn));
  MR_KINESIS_RETURN_IF_ERROR(UpdateMeta(ctx, *stream, [&](StreamMeta& meta) {
    if (meta.policies.erase(arn) == 0) {
      return ResourceNotFound("No resource policy found for resource ARN " + arn + ".");
    }
    return KinesisStatus::Ok();
  }));
  return Value::MakeObject();
}

KinesisStatus RequireStreamArn(const std::string& arn) {
  if (arn.find("/consumer/") != std::string::npos) {
    return InvalidArgument("Tagging consumers is not supported by millrace; tag the stream.");
  }
  return KinesisStatus::Ok();
}

KinesisResult<Value> TagResource(ServiceContext& ctx, const AwsRequest& request) {
  MR_ASSIGN_OR_RETURN(std::string arn, NeedString(request.params, "ResourceARN", "resourceARN"));
  MR_KINESIS_RETURN_IF_ERROR(RequireStreamArn(arn));
  const Value* tags = request.params.Find("Tags");
  if (tags == nullptr || tags->is_null()) {
    return ValidationError("tags", nullptr, "Member must not be null");
  }
  if (!tags->is_object()) return KinesisStatus(Errc::kSerialization, "Tags must be a map");
  for (const auto& [k, v] : tags->object()) {
    if (v.kind() != Value::Kind::kString) {
      return KinesisStatus(Errc::kSerialization, "Tag values must be strings");
    }
    if (k.empty() || k.size() > 128 || v.string_value().size() > 256) {
      return ValidationError("tags", &k, "Tag keys must be 1..128 and values 0..256 long");
    }
  }
  MR_ASSIGN_OR_RETURN(std::shared_ptr<Stream> stream, StreamOfResource(ctx, request, arn));
  MR_KINESIS_RETURN_IF_ERROR(UpdateMeta(ctx, *stream, [&](StreamMeta& meta) {
    for (const auto& [k, v] : tags->object()) meta.tags[k] = v.string_value();
    if (meta.tags.size() > 50) {
      return InvalidArgument("A stream cannot have more than 50 tags.");
    }
    return KinesisStatus::Ok();
  }));
  return Value::MakeObject();
}

KinesisResult<Value> UntagResource(ServiceContext& ctx, const AwsRequest& request) {
  MR_ASSIGN_OR_RETURN(std::string arn, NeedString(request.params, "ResourceARN", "resourceARN"));
  MR_KINESIS_RETURN_IF_ERROR(RequireStreamArn(arn));
  const Value* keys = request.params.Find("TagKeys");
  if (keys == nullptr || keys->is_null()) {
    return ValidationError("tagKeys", nullptr, "Member must not be null");
  }
  if (!keys->is_array()) return KinesisStatus(Errc::kSerialization, "TagKeys must be a list");
  for (const Value& k : keys->array()) {
    if (k.kind() != Value::Kind::kString) {
      return KinesisStatus(Errc::kSerialization, "TagKeys must hold strings");
    }
  }
  MR_ASSIGN_OR_RETURN(std::shared_ptr<Stream> stream, StreamOfResource(ctx, request, arn));
  MR_KINESIS_RETURN_IF_ERROR(UpdateMeta(ctx, *stream, [&](StreamMeta& meta) {
    for (const Value& k : keys->array()) meta.tags.erase(k.string_value());
    return KinesisStatus::Ok();
  }));
  return Value::MakeObject();
}

KinesisResult<Value> ListTagsForResource(ServiceContext& ctx, const AwsRequest& request) {
  MR_ASSIGN_OR_RETURN(std::string arn, NeedString(request.params, "ResourceARN", "resourceARN"));
  MR_KINESIS_RETURN_IF_ERROR(RequireStreamArn(arn));
  MR_ASSIGN_OR_RETURN(std::shared_ptr<Stream> stream, StreamOfResource(ctx, request, arn));
  std::lock_guard lock(stream->mu);
  Value list = Value::MakeArray();
  for (const auto& [k, v] : stream->meta.tags) {
    Value t = Value::MakeObject();
    t.Set("Key", Value(k));
    t.Set("Value", Value(v));
    list.Append(std::move(t));
  }
  Value out = Value::MakeObject();
  out.Set("Tags", std::move(list));
  return out;
}

KinesisResult<Value> UpdateMaxRecordSize(ServiceContext& ctx, const AwsRequest& request) {
  MR_ASSIGN_OR_RETURN(int64_t kib,
                      NeedInt(request.params, "MaxRecordSizeInKiB", "maxRecordSizeInKiB"));
  MR_KINESIS_RETURN_IF_ERROR(CheckMaxRecordSizeKiB(kib, "maxRecordSizeInKiB"));
  MR_ASSIGN_OR_RETURN(std::shared_ptr<Stream> stream, FindRequestStream(ctx, request));
  const std::string account = AccountId(request);
  MR_KINESIS_RETURN_IF_ERROR(UpdateMeta(ctx, *stream, [&](StreamMeta& meta) {
    MR_KINESIS_RETURN_IF_ERROR(CheckActive(meta.status, meta.name, account));
    meta.max_record_bytes = kib * 1024;
    return KinesisStatus::Ok();
  }));
  return Value::MakeObject();
}

KinesisResult<Value> DescribeAccountSettings(ServiceContext&, const AwsRequest&) {
  Value commitment = Value::MakeObject();
  commitment.Set("Status", Value("DISABLED"));
  Value out = Value::MakeObject();
  out.Set("MinimumThroughputBillingCommitment", std::move(commitment));
  return out;
}

}  // namespace

void AddResourceOperations(net::aws::AwsService& service, ServiceContext& ctx) {
  auto bind = [&ctx](auto fn) {
    return [&ctx, fn](const AwsRequest& r) { return fn(ctx, r); };
  };
  AddBlocking(service, ctx, "PutResourcePolicy", bind(PutPolicy));
  AddBlocking(service, ctx, "GetResourcePolicy", bind(GetPolicy));
  AddBlocking(service, ctx, "DeleteResourcePolicy", bind(DeletePolicy));
  AddBlocking(service, ctx, "TagResource", bind(TagResource));
  AddBlocking(service, ctx, "UntagResource", bind(UntagResource));
  AddBlocking(service, ctx, "ListTagsForResource", bind(ListTagsForResource));
  AddBlocking(service, ctx, "UpdateMaxRecordSize", bind(UpdateMaxRecordSize));
  AddBlocking(service, ctx, "DescribeAccountSettings", bind(DescribeAccountSettings));
}

}  // namespace millrace::kinesis::service
