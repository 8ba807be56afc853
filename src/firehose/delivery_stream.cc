#include "firehose/delivery_stream.h"

#include "firehose/destination_config.h"

namespace millrace::firehose {

namespace {
constexpr std::string_view kInternalTopicPrefix = "__firehose.";
constexpr int64_t kStoredFormatVersion = 1;
}  // namespace

std::string_view SourceTypeName(SourceType type) {
  switch (type) {
    case SourceType::kDirectPut:
      return "DirectPut";
    case SourceType::kKinesisStream:
      return "KinesisStreamAsSource";
    case SourceType::kMsk:
      return "MSKAsSource";
  }
  return "DirectPut";
}

std::string InternalTopic(std::string_view stream_name) {
  return std::string(kInternalTopicPrefix) + std::string(stream_name);
}

bool IsInternalTopic(std::string_view topic) {
  return topic.substr(0, kInternalTopicPrefix.size()) == kInternalTopicPrefix;
}

std::string DeliveryStreamArn(std::string_view region, std::string_view account,
                              std::string_view name) {
  return "arn:aws:firehose:" + std::string(region) + ":" + std::string(account) +
         ":deliverystream/" + std::string(name);
}

Value EncodeDefinition(const DeliveryStreamDefinition& def) {
  Value v = Value::MakeObject();
  v.Set("format", Value(kStoredFormatVersion));
  v.Set("name", Value(def.name));
  v.Set("arn", Value(def.arn));
  v.Set("account", Value(def.account_id));
  v.Set("region", Value(def.region));
  Value source = Value::MakeObject();
  source.Set("type", Value(SourceTypeName(def.source.type)));
  source.Set("topic", Value(def.source.topic));
  source.Set("arn", Value(def.source.source_arn));
  source.Set("role", Value(def.source.role_arn));
  source.Set("start_ms", Value(def.source.start_ms));
  source.Set("raw", def.source.raw);
  v.Set("source", std::move(source));
  Value dest = Value::MakeObject();
  dest.Set("id", Value(def.destination.destination_id));
  dest.Set("extended", Value(def.destination.extended));
  dest.Set("config", def.destination.description);
  v.Set("destination", std::move(dest));
  v.Set("version", Value(def.version));
  v.Set("created_ms", Value(def.created_ms));
  v.Set("updated_ms", Value(def.updated_ms));
  v.Set("active_at_ms", Value(def.active_at_ms));
  Value tags = Value::MakeArray();
  for (const Tag& t : def.tags) {
    Value tag = Value::MakeObject();
    tag.Set("Key", Value(t.key));
    tag.Set("Value", Value(t.value));
    tags.Append(std::move(tag));
  }
  v.Set("tags", std::move(tags));
  Value enc = Value::MakeObject();
  enc.Set("status", Value(def.encryption.status));
  enc.Set("key_type", Value(def.encryption.key_type));
  enc.Set("key_arn", Value(def.encryption.key_arn));
  v.Set("encryption", std::move(enc));
  return v;
}

Result<DeliveryStreamDefinition> DecodeDefinition(const Value& stored) {
  auto bad = [](std::string why) {
    return Status::Corruption("delivery stream definition: " + std::move(why));
  };
  if (!stored.is_object()) return bad("not an object");
  DeliveryStreamDefinition def;
  MR_ASSIGN_OR_RETURN(int64_t format, stored.GetInt64("format"));
  if (format != kStoredFormatVersion) return bad("unknown format " + std::to_string(format));
  MR_ASSIGN_OR_RETURN(def.name, stored.GetString("name"));
  MR_ASSIGN_OR_RETURN(def.arn, stored.GetString("arn"));
  MR_ASSIGN_OR_RETURN(def.account_id, stored.GetString("account"));
  MR_ASSIGN_OR_RETURN(def.region, stored.GetString("region"));
  MR_ASSIGN_OR_RETURN(const Value* source, stored.GetObject("source"));
  MR_ASSIGN_OR_RETURN(std::string type, source->GetString("type"));
  if (type == "DirectPut") {
    def.source.type = SourceType::kDirectPut;
  } else if (type == "KinesisStreamAsSource") {
    def.source.type = SourceType::kKinesisStream;
  } else if (type == "MSKAsSource") {
    def.source.type = SourceType::kMsk;
  } else {
    return bad("unknown source type " + type);
  }
  MR_ASSIGN_OR_RETURN(def.source.topic, source->GetString("topic"));
  MR_ASSIGN_OR_RETURN(def.source.source_arn, source->GetString("arn"));
  MR_ASSIGN_OR_RETURN(def.source.role_arn, source->GetString("role"));
  MR_ASSIGN_OR_RETURN(def.source.start_ms, source->GetInt64("start_ms"));
  if (const Value* raw = source->Find("raw")) def.source.raw = *raw;
  MR_ASSIGN_OR_RETURN(const Value* dest, stored.GetObject("destination"));
  MR_ASSIGN_OR_RETURN(bool extended, dest->GetBool("extended"));
  MR_ASSIGN_OR_RETURN(const Value* config, dest->GetObject("config"));
  ApiResult<S3DestinationSettings> parsed =
      ParseS3Destination(*config, extended, "ExtendedS3DestinationConfiguration");
  if (!parsed.ok()) return bad("destination: " + parsed.error().message);
  def.destination = std::move(parsed).value();
  MR_ASSIGN_OR_RETURN(def.destination.destination_id, dest->GetString("id"));
  MR_ASSIGN_OR_RETURN(def.version, stored.GetInt64("version"));
  MR_ASSIGN_OR_RETURN(def.created_ms, stored.GetInt64("created_ms"));
  MR_ASSIGN_OR_RETURN(def.updated_ms, stored.GetInt64("updated_ms"));
  MR_ASSIGN_OR_RETURN(def.active_at_ms, stored.GetInt64("active_at_ms"));
  MR_ASSIGN_OR_RETURN(const Value::Array* tags, stored.GetArray("tags"));
  for (const Value& t : *tags) {
    Tag tag;
    MR_ASSIGN_OR_RETURN(tag.key, t.GetString("Key"));
    MR_ASSIGN_OR_RETURN(tag.value, t.GetString("Value"));
    def.tags.push_back(std::move(tag));
  }
  MR_ASSIGN_OR_RETURN(const Value* enc, stored.GetObject("encryption"));
  MR_ASSIGN_OR_RETURN(def.encryption.status, enc->GetString("status"));
  MR_ASSIGN_OR_RETURN(def.encryption.key_type, enc->GetString("key_type"));
  MR_ASSIGN_OR_RETURN(def.encryption.key_arn, enc->GetString("key_arn"));
  return def;
}

namespace {

// The S3DestinationDescription members of a destination description.
Value PlainS3Description(const Value& extended) {
  Value d = Value::MakeObject();
  for (std::string_view key :
       {"RoleARN", "BucketARN", "Prefix", "ErrorOutputPrefix", "BufferingHints",
        "CompressionFormat", "EncryptionConfiguration", "CloudWatchLoggingOptions"}) {
    if (const Value* m = extended.Find(key)) d.Set(std::string(key), *m);
  }
  return d;
}

}  // namespace

Value DescribeDefinition(const DeliveryStreamDefinition& def, int64_t now_ms) {
  Value d = Value::MakeObject();
  d.Set("DeliveryStreamName", Value(def.name));
  d.Set("DeliveryStreamARN", Value(def.arn));
  d.Set("DeliveryStreamStatus", Value(now_ms < def.active_at_ms ? "CREATING" : "ACTIVE"));
  Value enc = Value::MakeObject();
  if (!def.encryption.key_arn.empty()) enc.Set("KeyARN", Value(def.encryption.key_arn));
  if (!def.encryption.key_type.empty()) enc.Set("KeyType", Value(def.encryption.key_type));
  enc.Set("Status", Value(def.encryption.status));
  d.Set("DeliveryStreamEncryptionConfiguration", std::move(enc));
  d.Set("DeliveryStreamType", Value(SourceTypeName(def.source.type)));
  d.Set("VersionId", Value(std::to_string(def.version)));
  d.Set("CreateTimestamp", Value::Timestamp(def.created_ms));
  if (def.version > 1) d.Set("LastUpdateTimestamp", Value::Timestamp(def.updated_ms));
  if (def.source.type != SourceType::kDirectPut) {
    Value source = Value::MakeObject();
    Value desc = Value::MakeObject();
    if (def.source.type == SourceType::kKinesisStream) {
      desc.Set("KinesisStreamARN", Value(def.source.source_arn));
      desc.Set("RoleARN", Value(def.source.role_arn));
      desc.Set("DeliveryStartTimestamp", Value::Timestamp(def.source.start_ms));
      source.Set("KinesisStreamSourceDescription", std::move(desc));
    } else {
      desc.Set("MSKClusterARN", Value(def.source.source_arn));
      desc.Set("TopicName", Value(def.source.topic));
      if (const Value* auth = def.source.raw.Find("AuthenticationConfiguration")) {
        desc.Set("AuthenticationConfiguration", *auth);
      }
      desc.Set("DeliveryStartTimestamp", Value::Timestamp(def.source.start_ms));
      source.Set("MSKSourceDescription", std::move(desc));
    }
    d.Set("Source", std::move(source));
  }
  Value destination = Value::MakeObject();
  destination.Set("DestinationId", Value(def.destination.destination_id));
  destination.Set("S3DestinationDescription", PlainS3Description(def.destination.description));
  destination.Set("ExtendedS3DestinationDescription", def.destination.description);
  Value destinations = Value::MakeArray();
  destinations.Append(std::move(destination));
  d.Set("Destinations", std::move(destinations));
  d.Set("HasMoreDestinations", Value(false));
  return d;
}

}  // namespace millrace::firehose
