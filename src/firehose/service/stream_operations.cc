// CreateDeliveryStream, DeleteDeliveryStream, DescribeDeliveryStream, ListDeliveryStreams and
// UpdateDestination.
#include <algorithm>

#include "base/clock.h"
#include "firehose/destination_config.h"
#include "firehose/service/service_context.h"
#include "lake/object_store.h"
#include "log/log_manager.h"

namespace millrace::firehose::service {

namespace {

// Destination members millrace does not deliver to.
constexpr std::string_view kOtherDestinations[] = {
    "RedshiftDestinationConfiguration",
    "ElasticsearchDestinationConfiguration",
    "AmazonopensearchserviceDestinationConfiguration",
    "SplunkDestinationConfiguration",
    "HttpEndpointDestinationConfiguration",
    "AmazonOpenSearchServerlessDestinationConfiguration",
    "SnowflakeDestinationConfiguration",
    "IcebergDestinationConfiguration"};

// The stream name in "arn:aws:kinesis:<region>:<account>:stream/<name>".
ApiResult<std::string> KinesisStreamFromArn(const std::string& arn) {
  size_t pos = arn.find(":stream/");
  if (arn.rfind("arn:", 0) != 0 || arn.find(":kinesis:") == std::string::npos ||
      pos == std::string::npos || pos + 8 >= arn.size()) {
    return InvalidArgument("KinesisStreamARN " + arn + " is not a valid Kinesis stream ARN.");
  }
  return arn.substr(pos + 8);
}

bool TopicExists(log::LogManager& log, const std::string& topic) {
  for (const log::PartitionId& id : log.List()) {
    if (id.topic == topic) return true;
  }
  return false;
}

ApiStatus ParseSource(ServiceContext& ctx, const Value& params, DeliveryStreamDefinition* def) {
  ApiResult<std::optional<std::string>> type = OptString(params, "DeliveryStreamType");
  if (!type.ok()) return type.error();
  std::string t = type.value().value_or("DirectPut");
  SourceSettings& src = def->source;
  if (t == "DirectPut") {
    if (params.Has("KinesisStreamSourceConfiguration") || params.Has("MSKSourceConfiguration")) {
      return InvalidArgument(
          "Source configuration is only allowed for KinesisStreamAsSource "
          "and MSKAsSource delivery streams.");
    }
    src.type = SourceType::kDirectPut;
    src.topic = InternalTopic(def->name);
    return std::nullopt;
  }
  if (t == "KinesisStreamAsSource") {
    const Value* c = params.Find("KinesisStreamSourceConfiguration");
    if (c == nullptr || !c->is_object()) {
      return InvalidArgument(
          "KinesisStreamSourceConfiguration is required for a "
          "KinesisStreamAsSource delivery stream.");
    }
    ApiResult<std::string> arn =
        NeedString(*c, "KinesisStreamARN", "kinesisStreamSourceConfiguration.kinesisStreamARN");
    if (!arn.ok()) return arn.error();
    ApiResult<std::string> stream = KinesisStreamFromArn(arn.value());
    if (!stream.ok()) return stream.error();
    if (!TopicExists(ctx.log(), stream.value())) {
      return InvalidArgument("Kinesis stream " + arn.value() + " does not exist.");
    }
    src.type = SourceType::kKinesisStream;
    src.source_arn = arn.value();
    src.topic = stream.value();
    ApiResult<std::optional<std::string>> role = OptString(*c, "RoleARN");
    if (!role.ok()) return role.error();
    src.role_arn = role.value().value_or("");
    src.raw = *c;
    return std::nullopt;
  }
  if (t == "MSKAsSource") {
    const Value* c = params.Find("MSKSourceConfiguration");
    if (c == nullptr || !c->is_object()) {
      return InvalidArgument(
          "MSKSourceConfiguration is required for an MSKAsSource delivery "
          "stream.");
    }
    ApiResult<std::string> arn =
        NeedString(*c, "MSKClusterARN", "mSKSourceConfiguration.mSKClusterARN");
    if (!arn.ok()) return arn.error();
    ApiResult<std::string> topic = NeedString(*c, "TopicName", "mSKSourceConfiguration.topicName");
    if (!topic.ok()) return topic.error();
    // A topic on an external cluster is checked by the registry when it asks for offsets.
    bool external = ctx.external().KafkaCluster(arn.value()) != nullptr;
    if (!external && !TopicExists(ctx.log(), topic.value())) {
      return InvalidArgument("Topic " + topic.value() + " does not exist in MSK cluster " +
                             arn.value() + ".");
    }
    src.type = SourceType::kMsk;
    src.source_arn = arn.value();
    src.topic = topic.value();
    src.raw = *c;
    return std::nullopt;
  }
  if (t == "DatabaseAsSource") {
    return InvalidArgument("DeliveryStreamType DatabaseAsSource is not supported.");
  }
  return ValidationFailure(t, "deliveryStreamType",
                           "Member must satisfy enum value set: [DirectPut, "
                           "KinesisStreamAsSource, MSKAsSource, DatabaseAsSource]");
}

ApiStatus CheckBucket(ServiceContext& ctx, const std::string& bucket) {
  // A bucket of an external store is not checked here (that would block on the network);
  // delivery retries until the store accepts the objects.
  if (ctx.external().S3Bucket(bucket) != nullptr) return std::nullopt;
  Status s = ctx.lake().HeadBucket(bucket);
  if (s.ok()) return std::nullopt;
  return InvalidArgument("Bucket " + bucket +
                         " does not exist or is not accessible; create it with the S3 API "
                         "first.");
}

ApiStatus ParseTags(const Value& params, std::vector<Tag>* tags) {
  const Value* list = params.Find("Tags");
  if (list == nullptr || list->is_null()) return std::nullopt;
  if (!list->is_array()) return Serialization("Tags must be a list");
  if (list->array().size() > 50) {
    return ValidationFailure("[...]", "tags", "Member must have length less than or equal to 50");
  }
  for (const Value& t : list->array()) {
    ApiResult<std::string> key = NeedString(t, "Key", "tags.member.key");
    if (!key.ok()) return key.error();
    ApiResult<std::optional<std::string>> value = OptString(t, "Value");
    if (!value.ok()) return value.error();
    Tag tag{key.value(), value.value().value_or("")};
    auto it = std::find_if(tags->begin(), tags->end(),
                           [&](const Tag& existing) { return existing.key == tag.key; });
    if (it != tags->end()) {
      it->value = tag.value;
    } else {
      tags->push_back(std::move(tag));
    }
  }
  std::sort(tags->begin(), tags->end(), [](const Tag& a, const Tag& b) { return a.key < b.key; });
  return std::nullopt;
}

ApiResult<Value> CreateDeliveryStream(ServiceContext& ctx, const AwsRequest& request) {
  const Value& params = request.params;
  ApiResult<std::string> name = StreamName(params);
  if (!name.ok()) return name.error();
  DeliveryStreamDefinition def;
  def.name = name.value();
  def.account_id = AccountId(request);
  def.region = Region(request);
  def.arn = DeliveryStreamArn(def.region, def.account_id, def.name);
  for (std::string_view other : kOtherDestinations) {
    if (params.Has(other)) {
      return InvalidArgument(std::string(other) +
                             " is not supported: millrace delivers to S3 (the lake) only.");
    }
  }
  const Value* extended = params.Find("ExtendedS3DestinationConfiguration");
  const Value* plain = params.Find("S3DestinationConfiguration");
  if (extended != nullptr && extended->is_null()) extended = nullptr;
  if (plain != nullptr && plain->is_null()) plain = nullptr;
  if ((extended == nullptr) == (plain == nullptr)) {
    return InvalidArgument(
        "Exactly one destination configuration is required: "
        "ExtendedS3DestinationConfiguration or S3DestinationConfiguration.");
  }
  if (ApiStatus e = ParseSource(ctx, params, &def)) return *e;
  ApiResult<S3DestinationSettings> dest =
      extended != nullptr
          ? ParseS3Destination(*extended, true, "extendedS3DestinationConfiguration")
          : ParseS3Destination(*plain, false, "s3DestinationConfiguration");
  if (!dest.ok()) return dest.error();
  def.destination = std::move(dest).value();
  if (ApiStatus e = CheckBucket(ctx, def.destination.bucket)) return *e;
  if (ApiStatus e = ParseTags(params, &def.tags)) return *e;
  if (const Value* enc = params.Find("DeliveryStreamEncryptionConfigurationInput");
      enc != nullptr && enc->is_object()) {
    if (def.source.type != SourceType::kDirectPut) {
      return InvalidArgument(
          "Server-side encryption is only available for DirectPut delivery "
          "streams.");
    }
    def.encryption.status = "ENABLED";
    def.encryption.key_type =
        enc->Find("KeyType") != nullptr && enc->Find("KeyType")->kind() == Value::Kind::kString
            ? enc->Find("KeyType")->string_value()
            : "AWS_OWNED_CMK";
    if (const Value* k = enc->Find("KeyARN"); k != nullptr && k->kind() == Value::Kind::kString) {
      def.encryption.key_arn = k->string_value();
    }
  }
  int64_t now = WallMillis();
  def.created_ms = now;
  def.updated_ms = now;
  def.active_at_ms = now + ctx.status_delay_ms();
  def.source.start_ms = now;
  ApiResult<std::shared_ptr<DeliveryStream>> created = ctx.registry().Create(std::move(def));
  if (!created.ok()) return created.error();
  Value out = Value::MakeObject();
  std::lock_guard lock(created.value()->mu);
  out.Set("DeliveryStreamARN", Value(created.value()->def.arn));
  return out;
}

ApiResult<Value> DeleteDeliveryStream(ServiceContext& ctx, const AwsRequest& request) {
  ApiResult<std::string> name = StreamName(request.params);
  if (!name.ok()) return name.error();
  if (ApiStatus e = ctx.registry().Delete(name.value(), AccountId(request))) return *e;
  return Value::MakeObject();
}

ApiResult<Value> DescribeDeliveryStream(ServiceContext& ctx, const AwsRequest& request) {
  ApiResult<std::string> name = StreamName(request.params);
  if (!name.ok()) return name.error();
  ApiResult<std::optional<int64_t>> limit = OptInt(request.params, "Limit");
  if (!limit.ok()) return limit.error();
  if (limit.value() && (*limit.value() < 1 || *limit.value() > 10000)) {
    return ValidationFailure(std::to_string(*limit.value()), "limit",
                             "Member must have value less than or equal to 10000 and greater "
                             "than or equal to 1");
  }
  ApiResult<std::shared_ptr<DeliveryStream>> stream =
      ctx.registry().Find(name.value(), AccountId(request));
  if (!stream.ok()) return stream.error();
  Value out = Value::MakeObject();
  std::lock_guard lock(stream.value()->mu);
  out.Set("DeliveryStreamDescription", DescribeDefinition(stream.value()->def, WallMillis()));
  return out;
}

ApiResult<Value> ListDeliveryStreams(ServiceContext& ctx, const AwsRequest& request) {
  const Value& params = request.params;
  ApiResult<std::optional<int64_t>> limit = OptInt(params, "Limit");
  if (!limit.ok()) return limit.error();
  int64_t max = limit.value().value_or(10);
  if (max < 1 || max > 10000) {
    return ValidationFailure(std::to_string(max), "limit",
                             "Member must have value less than or equal to 10000 and greater "
                             "than or equal to 1");
  }
  ApiResult<std::optional<std::string>> type = OptString(params, "DeliveryStreamType");
  if (!type.ok()) return type.error();
  ApiResult<std::optional<std::string>> start =
      OptString(params, "ExclusiveStartDeliveryStreamName");
  if (!start.ok()) return start.error();
  Value names = Value::MakeArray();
  bool more = false;
  int64_t count = 0;
  for (const DeliveryStreamDefinition& def : ctx.registry().Definitions()) {
    if (type.value() && SourceTypeName(def.source.type) != *type.value()) continue;
    if (start.value() && def.name <= *start.value()) continue;
    if (count == max) {
      more = true;
      break;
    }
    names.Append(Value(def.name));
    ++count;
  }
  Value out = Value::MakeObject();
  out.Set("DeliveryStreamNames", std::move(names));
  out.Set("HasMoreDeliveryStreams", Value(more));
  return out;
}

ApiResult<Value> UpdateDestination(ServiceContext& ctx, const AwsRequest& request) {
  const Value& params = request.params;
  ApiResult<std::string> name = StreamName(params);
  if (!name.ok()) return name.error();
  ApiResult<std::string> version =
      NeedString(params, "CurrentDeliveryStreamVersionId", "currentDeliveryStreamVersionId");
  if (!version.ok()) return version.error();
  ApiResult<std::string> destination_id = NeedString(params, "DestinationId", "destinationId");
  if (!destination_id.ok()) return destination_id.error();
  const Value* extended = params.Find("ExtendedS3DestinationUpdate");
  const Value* plain = params.Find("S3DestinationUpdate");
  if (extended != nullptr && extended->is_null()) extended = nullptr;
  if (plain != nullptr && plain->is_null()) plain = nullptr;
  if ((extended == nullptr) == (plain == nullptr)) {
    return InvalidArgument(
        "Exactly one destination update is required: "
        "ExtendedS3DestinationUpdate or S3DestinationUpdate.");
  }
  ApiResult<std::shared_ptr<DeliveryStream>> stream =
      ctx.registry().Find(name.value(), AccountId(request));
  if (!stream.ok()) return stream.error();
  ApiStatus e =
      ctx.registry().Update(*stream.value(), [&](DeliveryStreamDefinition& def) -> ApiStatus {
        if (version.value() != std::to_string(def.version)) {
          return ConcurrentModification(
              "Cannot update firehose: " + def.name +
              " since the current version id: " + std::to_string(def.version) +
              " and specified version id: " + version.value() + " do not match");
        }
        if (destination_id.value() != def.destination.destination_id) {
          return InvalidArgument("Destination Id " + destination_id.value() +
                                 " not found for firehose " + def.name + ".");
        }
        ApiResult<S3DestinationSettings> next = ApplyS3Update(
            def.destination, extended != nullptr ? *extended : *plain, extended != nullptr);
        if (!next.ok()) return next.error();
        if (ApiStatus b = CheckBucket(ctx, next.value().bucket)) return b;
        def.destination = std::move(next).value();
        def.version += 1;
        def.updated_ms = WallMillis();
        return std::nullopt;
      });
  if (e) return *e;
  return Value::MakeObject();
}

}  // namespace

void AddStreamOperations(net::aws::AwsService& service, ServiceContext& ctx) {
  AddBlocking(service, ctx, "CreateDeliveryStream",
              [&ctx](const AwsRequest& r) { return CreateDeliveryStream(ctx, r); });
  AddBlocking(service, ctx, "DeleteDeliveryStream",
              [&ctx](const AwsRequest& r) { return DeleteDeliveryStream(ctx, r); });
  AddSync(service, "DescribeDeliveryStream",
          [&ctx](const AwsRequest& r) { return DescribeDeliveryStream(ctx, r); });
  AddSync(service, "ListDeliveryStreams",
          [&ctx](const AwsRequest& r) { return ListDeliveryStreams(ctx, r); });
  AddBlocking(service, ctx, "UpdateDestination",
              [&ctx](const AwsRequest& r) { return UpdateDestination(ctx, r); });
}

}  // namespace millrace::firehose::service
