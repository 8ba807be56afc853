// Enhanced fan-out consumers: RegisterStreamConsumer, DeregisterStreamConsumer,
// DescribeStreamConsumer, ListStreamConsumers. Consumers are part of the stream's metadata.
#include <algorithm>

#include "base/clock.h"
#include "kinesis/service/service_context.h"
#include "kinesis/stream_names.h"

namespace millrace::kinesis::service {

namespace {

constexpr size_t kMaxConsumersPerStream = 20;

Value ConsumerValue(const AwsRequest& request, const std::string& stream,
                    const ConsumerInfo& c, bool with_stream_arn) {
  Value v = Value::MakeObject();
  v.Set("ConsumerName", Value(c.name));
  v.Set("ConsumerARN", Value(FormatConsumerArn(request.credential.region,
                                               request.credential.account_id, stream, c.name,
                                               c.created_ms / 1000)));
  v.Set("ConsumerStatus", Value("ACTIVE"));
  v.Set("ConsumerCreationTimestamp", TimestampValue(c.created_ms));
  if (with_stream_arn) v.Set("StreamARN", Value(StreamArnFor(request, stream)));
  return v;
}

KinesisResult<std::shared_ptr<Stream>> StreamOfArn(ServiceContext& ctx, const AwsRequest& request,
                                                   const std::string& arn) {
  MR_ASSIGN_OR_RETURN(std::string name,
                      ResolveStreamName(std::nullopt, arn, request.credential.region,
                                        request.credential.account_id));
  return ctx.registry().Find(name);
}

KinesisStatus ConsumerNotFound(const std::string& what, const AwsRequest& request) {
  return ResourceNotFound("Consumer " + what + " under account " + AccountId(request) +
                          " not found.");
}

// The stream and consumer a Deregister/Describe request names, by ConsumerARN or by
// StreamARN + ConsumerName.
struct ConsumerRef {
  std::shared_ptr<Stream> stream;
  std::string name;
  std::optional<int64_t> epoch_seconds;  // from a ConsumerARN
};

KinesisResult<ConsumerRef> ResolveConsumer(ServiceContext& ctx, const AwsRequest& request) {
  MR_ASSIGN_OR_RETURN(std::optional<std::string> consumer_arn,
                      OptString(request.params, "ConsumerARN"));
  MR_ASSIGN_OR_RETURN(std::optional<std::string> stream_arn,
                      OptString(request.params, "StreamARN"));
  MR_ASSIGN_OR_RETURN(std::optional<std::string> name, OptString(request.params, "ConsumerName"));
  ConsumerRef ref;
  if (consumer_arn) {
    MR_ASSIGN_OR_RETURN(ConsumerArn parsed, ParseConsumerArn(*consumer_arn));
    MR_ASSIGN_OR_RETURN(ref.stream,
                        StreamOfArn(ctx, request,
                                    FormatStreamArn(parsed.stream.region, parsed.stream.account_id,
                                                    parsed.stream.stream_name)));
    ref.name = parsed.consumer_name;
    ref.epoch_seconds = parsed.creation_epoch_seconds;
    return ref;
  }
  if (!stream_arn || !name) {
    return InvalidArgument(
        "Either ConsumerARN or both StreamARN and ConsumerName must be provided.");
  }
  std::vector<std::string> failures;
  CheckConsumerName(*name, "consumerName", &failures);
  if (!failures.empty()) return ValidationError(failures);
  MR_ASSIGN_OR_RETURN(ref.stream, StreamOfArn(ctx, request, *stream_arn));
  ref.name = *name;
  return ref;
}

KinesisResult<Value> Register(ServiceContext& ctx, const AwsRequest& request) {
  MR_ASSIGN_OR_RETURN(std::string arn, NeedString(request.params, "StreamARN", "streamARN"));
  MR_ASSIGN_OR_RETURN(std::string name,
                      NeedString(request.params, "ConsumerName", "consumerName"));
  std::vector<std::string> failures;
  CheckConsumerName(name, "consumerName", &failures);
  if (!failures.empty()) return ValidationError(failures);
  MR_ASSIGN_OR_RETURN(std::shared_ptr<Stream> stream, StreamOfArn(ctx, request, arn));
  const std::string account = AccountId(request);
  ConsumerInfo made{name, WallMillis()};
  MR_KINESIS_RETURN_IF_ERROR(UpdateMeta(ctx, *stream, [&](StreamMeta& meta) {
    MR_KINESIS_RETURN_IF_ERROR(CheckActive(meta.status, meta.name, account));
    for (const ConsumerInfo& c : meta.consumers) {
      if (c.name == name) {
        return ResourceInUse("Consumer " + name + " under account " + account +
                             " already exists for stream " + meta.name + ".");
      }
    }
    if (meta.consumers.size() >= kMaxConsumersPerStream) {
      return LimitExceeded("Consumer limit of 20 reached for stream " + meta.name +
                           " under account " + account + ".");
    }
    meta.consumers.push_back(made);
    return KinesisStatus::Ok();
  }));
  Value out = Value::MakeObject();
  out.Set("Consumer", ConsumerValue(request, stream->meta.name, made, false));
  return out;
}

KinesisResult<Value> Deregister(ServiceContext& ctx, const AwsRequest& request) {
  MR_ASSIGN_OR_RETURN(ConsumerRef ref, ResolveConsumer(ctx, request));
  MR_KINESIS_RETURN_IF_ERROR(UpdateMeta(ctx, *ref.stream, [&](StreamMeta& meta) {
    auto it = std::find_if(meta.consumers.begin(), meta.consumers.end(), [&](const auto& c) {
      return c.name == ref.name &&
             (!ref.epoch_seconds || *ref.epoch_seconds == c.created_ms / 1000);
    });
    if (it == meta.consumers.end()) return ConsumerNotFound(ref.name, request);
    meta.consumers.erase(it);
    return KinesisStatus::Ok();
  }));
  ctx.subscriptions().EndConsumer(ref.stream->meta.name, ref.name,
                                  SubscriptionEnd::kConsumerDeleted);
  return Value::MakeObject();
}

KinesisResult<Value> Describe(ServiceContext& ctx, const AwsRequest& request) {
  MR_ASSIGN_OR_RETURN(ConsumerRef ref, ResolveConsumer(ctx, request));
  std::lock_guard lock(ref.stream->mu);
  for (const ConsumerInfo& c : ref.stream->meta.consumers) {
    if (c.name == ref.name && (!ref.epoch_seconds || *ref.epoch_seconds == c.created_ms / 1000)) {
      Value out = Value::MakeObject();
      out.Set("ConsumerDescription", ConsumerValue(request, ref.stream->meta.name, c, true));
      return out;
    }
  }
  return ConsumerNotFound(ref.name, request);
}

KinesisResult<Value> List(ServiceContext& ctx, const AwsRequest& request) {
  MR_ASSIGN_OR_RETURN(std::string arn, NeedString(request.params, "StreamARN", "streamARN"));
  MR_ASSIGN_OR_RETURN(std::optional<int64_t> max, OptInt(request.params, "MaxResults"));
  MR_ASSIGN_OR_RETURN(std::optional<std::string> token, OptString(request.params, "NextToken"));
  if (max && (*max < 1 || *max > 10000)) {
    std::string text = std::to_string(*max);
    return ValidationError("maxResults", &text,
                           "Member must have value between 1 and 10000 inclusive");
  }
  MR_ASSIGN_OR_RETURN(std::shared_ptr<Stream> stream, StreamOfArn(ctx, request, arn));
  std::lock_guard lock(stream->mu);
  // NextToken is the name of the last consumer returned.
  std::vector<ConsumerInfo> consumers = stream->meta.consumers;
  std::sort(consumers.begin(), consumers.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  Value list = Value::MakeArray();
  size_t n = 0;
  std::string last;
  bool more = false;
  for (const ConsumerInfo& c : consumers) {
    if (token && c.name <= *token) continue;
    if (n == static_cast<size_t>(max.value_or(100))) {
      more = true;
      break;
    }
    list.Append(ConsumerValue(request, stream->meta.name, c, false));
    last = c.name;
    ++n;
  }
  Value out = Value::MakeObject();
  out.Set("Consumers", std::move(list));
  if (more) out.Set("NextToken", Value(last));
  return out;
}

}  // namespace

void AddConsumerOperations(net::aws::AwsService& service, ServiceContext& ctx) {
  AddBlocking(service, ctx, "RegisterStreamConsumer",
              [&ctx](const AwsRequest& r) { return Register(ctx, r); });
  AddBlocking(service, ctx, "DeregisterStreamConsumer",
              [&ctx](const AwsRequest& r) { return Deregister(ctx, r); });
  AddBlocking(service, ctx, "DescribeStreamConsumer",
              [&ctx](const AwsRequest& r) { return Describe(ctx, r); });
  AddBlocking(service, ctx, "ListStreamConsumers",
              [&ctx](const AwsRequest& r) { return List(ctx, r); });
}

}  // namespace millrace::kinesis::service
