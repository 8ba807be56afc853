// TagDeliveryStream, UntagDeliveryStream, ListTagsForDeliveryStream and
// Start/StopDeliveryStreamEncryption (recorded and reported; the lake stores plain bytes).
#include <algorithm>

#include "firehose/service/service_context.h"

namespace millrace::firehose::service {

namespace {

constexpr size_t kMaxTags = 50;

ApiResult<std::shared_ptr<DeliveryStream>> FindStream(ServiceContext& ctx,
                                                      const AwsRequest& request) {
  ApiResult<std::string> name = StreamName(request.params);
  if (!name.ok()) return name.error();
  return ctx.registry().Find(name.value(), AccountId(request));
}

ApiResult<Value> TagDeliveryStream(ServiceContext& ctx, const AwsRequest& request) {
  ApiResult<std::shared_ptr<DeliveryStream>> stream = FindStream(ctx, request);
  if (!stream.ok()) return stream.error();
  const Value* list = request.params.Find("Tags");
  if (list == nullptr || !list->is_array() || list->array().empty()) {
    return ValidationFailure("null", "tags", "Member must have length greater than or equal to 1");
  }
  std::vector<Tag> given;
  for (const Value& t : list->array()) {
    ApiResult<std::string> key = NeedString(t, "Key", "tags.member.key");
    if (!key.ok()) return key.error();
    ApiResult<std::optional<std::string>> value = OptString(t, "Value");
    if (!value.ok()) return value.error();
    given.push_back({key.value(), value.value().value_or("")});
  }
  ApiStatus e = ctx.registry().Update(*stream.value(), [&](DeliveryStreamDefinition& def) {
    std::vector<Tag> tags = def.tags;
    for (const Tag& tag : given) {
      auto it =
          std::find_if(tags.begin(), tags.end(), [&](const Tag& t) { return t.key == tag.key; });
      if (it != tags.end()) {
        it->value = tag.value;
      } else {
        tags.push_back(tag);
      }
    }
    if (tags.size() > kMaxTags) {
      return ApiStatus(LimitExceeded("A delivery stream cannot have more than 50 tags."));
    }
    std::sort(tags.begin(), tags.end(), [](const Tag& a, const Tag& b) { return a.key < b.key; });
    def.tags = std::move(tags);
    return ApiStatus();
  });
  if (e) return *e;
  return Value::MakeObject();
}

ApiResult<Value> UntagDeliveryStream(ServiceContext& ctx, const AwsRequest& request) {
  ApiResult<std::shared_ptr<DeliveryStream>> stream = FindStream(ctx, request);
  if (!stream.ok()) return stream.error();
  const Value* keys = request.params.Find("TagKeys");
  if (keys == nullptr || !keys->is_array() || keys->array().empty()) {
    return ValidationFailure("null", "tagKeys",
                             "Member must have length greater than or equal to 1");
  }
  std::vector<std::string> remove;
  for (const Value& k : keys->array()) {
    if (k.kind() != Value::Kind::kString) return Serialization("TagKeys must be strings");
    remove.push_back(k.string_value());
  }
  ApiStatus e = ctx.registry().Update(*stream.value(), [&](DeliveryStreamDefinition& def) {
    std::erase_if(def.tags, [&](const Tag& t) {
      return std::find(remove.begin(), remove.end(), t.key) != remove.end();
    });
    return ApiStatus();
  });
  if (e) return *e;
  return Value::MakeObject();
}

ApiResult<Value> ListTags(ServiceContext& ctx, const AwsRequest& request) {
  ApiResult<std::shared_ptr<DeliveryStream>> stream = FindStream(ctx, request);
  if (!stream.ok()) return stream.error();
  ApiResult<std::optional<int64_t>> limit = OptInt(request.params, "Limit");
  if (!limit.ok()) return limit.error();
  int64_t max = limit.value().value_or(50);
  if (max < 1 || max > 50) {
    return ValidationFailure(std::to_string(max), "limit",
                             "Member must have value less than or equal to 50 and greater "
                             "than or equal to 1");
  }
  ApiResult<std::optional<std::string>> start = OptString(request.params, "ExclusiveStartTagKey");
  if (!start.ok()) return start.error();
  std::vector<Tag> tags;
  {
    std::lock_guard lock(stream.value()->mu);
    tags = stream.value()->def.tags;
  }
  Value list = Value::MakeArray();
  bool more = false;
  int64_t count = 0;
  for (const Tag& t : tags) {
    if (start.value() && t.key <= *start.value()) continue;
    if (count == max) {
      more = true;
      break;
    }
    Value tag = Value::MakeObject();
    tag.Set("Key", Value(t.key));
    tag.Set("Value", Value(t.value));
    list.Append(std::move(tag));
    ++count;
  }
  Value out = Value::MakeObject();
  out.Set("Tags", std::move(list));
  out.Set("HasMoreTags", Value(more));
  return out;
}

ApiResult<Value> SetEncryption(ServiceContext& ctx, const AwsRequest& request, bool enable) {
  ApiResult<std::shared_ptr<DeliveryStream>> stream = FindStream(ctx, request);
  if (!stream.ok()) return stream.error();
  std::string key_type = "AWS_OWNED_CMK";
  std::string key_arn;
  if (const Value* c = request.params.Find("DeliveryStreamEncryptionConfigurationInput");
      enable && c != nullptr && c->is_object()) {
    ApiResult<std::optional<std::string>> type = OptString(*c, "KeyType");
    if (!type.ok()) return type.error();
    ApiResult<std::optional<std::string>> arn = OptString(*c, "KeyARN");
    if (!arn.ok()) return arn.error();
    key_type = type.value().value_or("AWS_OWNED_CMK");
    key_arn = arn.value().value_or("");
    if (key_type != "AWS_OWNED_CMK" && key_type != "CUSTOMER_MANAGED_CMK") {
      return ValidationFailure(key_type, "deliveryStreamEncryptionConfigurationInput.keyType",
                               "Member must satisfy enum value set: [AWS_OWNED_CMK, "
                               "CUSTOMER_MANAGED_CMK]");
    }
    if (key_type == "CUSTOMER_MANAGED_CMK" && key_arn.empty()) {
      return InvalidArgument("KeyARN is required when KeyType is CUSTOMER_MANAGED_CMK.");
    }
  }
  ApiStatus e = ctx.registry().Update(*stream.value(), [&](DeliveryStreamDefinition& def) {
    if (def.source.type != SourceType::kDirectPut) {
      return ApiStatus(
          InvalidArgument("Server-side encryption is not supported for delivery streams of type " +
                          std::string(SourceTypeName(def.source.type)) + "."));
    }
    def.encryption.status = enable ? "ENABLED" : "DISABLED";
    def.encryption.key_type = enable ? key_type : "";
    def.encryption.key_arn = enable ? key_arn : "";
    return ApiStatus();
  });
  if (e) return *e;
  return Value::MakeObject();
}

}  // namespace

void AddTagOperations(net::aws::AwsService& service, ServiceContext& ctx) {
  AddBlocking(service, ctx, "TagDeliveryStream",
              [&ctx](const AwsRequest& r) { return TagDeliveryStream(ctx, r); });
  AddBlocking(service, ctx, "UntagDeliveryStream",
              [&ctx](const AwsRequest& r) { return UntagDeliveryStream(ctx, r); });
  AddSync(service, "ListTagsForDeliveryStream",
          [&ctx](const AwsRequest& r) { return ListTags(ctx, r); });
  AddBlocking(service, ctx, "StartDeliveryStreamEncryption",
              [&ctx](const AwsRequest& r) { return SetEncryption(ctx, r, true); });
  AddBlocking(service, ctx, "StopDeliveryStreamEncryption",
              [&ctx](const AwsRequest& r) { return SetEncryption(ctx, r, false); });
}

}  // namespace millrace::firehose::service
