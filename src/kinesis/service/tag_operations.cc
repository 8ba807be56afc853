// Stream tags: AddTagsToStream, RemoveTagsFromStream, ListTagsForStream.
#include "kinesis/service/service_context.h"

namespace millrace::kinesis::service {

namespace {

constexpr size_t kMaxTagsPerStream = 50;

KinesisResult<Value> AddTags(ServiceContext& ctx, const AwsRequest& request) {
  const Value* tags = request.params.Find("Tags");
  if (tags == nullptr || tags->is_null()) {
    return ValidationError("tags", nullptr, "Member must not be null");
  }
  if (!tags->is_object()) return KinesisStatus(Errc::kSerialization, "Tags must be a map");
  if (tags->object().empty() || tags->object().size() > 10) {
    return ValidationError("tags", nullptr,
                           "Member must have length between 1 and 10 inclusive");
  }
  std::vector<std::string> failures;
  for (const auto& [k, v] : tags->object()) {
    if (v.kind() != Value::Kind::kString) {
      return KinesisStatus(Errc::kSerialization, "Tag values must be strings");
    }
    if (k.empty() || k.size() > 128) {
      failures.push_back(ConstraintFailure("tags", &k, "Map keys must have length between 1 and 128 inclusive"));
    }
    if (v.string_value().size() > 256) {
      failures.push_back(ConstraintFailure("tags", &v.string_value(),
                                           "Map values must have length less than or equal to 256"));
    }
  }
  if (!failures.empty()) return ValidationError(failures);
  MR_ASSIGN_OR_RETURN(std::shared_ptr<Stream> stream, FindRequestStream(ctx, request));
  MR_KINESIS_RETURN_IF_ERROR(UpdateMeta(ctx, *stream, [&](StreamMeta& meta) {
    for (const auto& [k, v] : tags->object()) meta.tags[k] = v.string_value();
    if (meta.tags.size() > kMaxTagsPerStream) {
      return InvalidArgument("Failed to add tags to stream " + meta.name + " under account " +
                             AccountId(request) + " because a given stream cannot have more than " +
                             std::to_string(kMaxTagsPerStream) + " tags.");
    }
    return KinesisStatus::Ok();
  }));
  return Value::MakeObject();
}

KinesisResult<Value> RemoveTags(ServiceContext& ctx, const AwsRequest& request) {
  const Value* keys = request.params.Find("TagKeys");
  if (keys == nullptr || keys->is_null()) {
    return ValidationError("tagKeys", nullptr, "Member must not be null");
  }
  if (!keys->is_array()) return KinesisStatus(Errc::kSerialization, "TagKeys must be a list");
  if (keys->array().empty() || keys->array().size() > 50) {
    return ValidationError("tagKeys", nullptr,
                           "Member must have length between 1 and 50 inclusive");
  }
  for (const Value& k : keys->array()) {
    if (k.kind() != Value::Kind::kString) {
      return KinesisStatus(Errc::kSerialization, "TagKeys must hold strings");
    }
  }
  MR_ASSIGN_OR_RETURN(std::shared_ptr<Stream> stream, FindRequestStream(ctx, request));
  MR_KINESIS_RETURN_IF_ERROR(UpdateMeta(ctx, *stream, [&](StreamMeta& meta) {
    for (const Value& k : keys->array()) meta.tags.erase(k.string_value());
    return KinesisStatus::Ok();
  }));
  return Value::MakeObject();
}

KinesisResult<Value> ListTags(ServiceContext& ctx, const AwsRequest& request) {
  MR_ASSIGN_OR_RETURN(std::optional<std::string> start,
                      OptString(request.params, "ExclusiveStartTagKey"));
  MR_ASSIGN_OR_RETURN(std::optional<int64_t> limit, OptInt(request.params, "Limit"));
  if (limit && (*limit < 1 || *limit > 50)) {
    std::string text = std::to_string(*limit);
    return ValidationError("limit", &text, "Member must have value between 1 and 50 inclusive");
  }
  MR_ASSIGN_OR_RETURN(std::shared_ptr<Stream> stream, FindRequestStream(ctx, request));
  std::lock_guard lock(stream->mu);
  Value list = Value::MakeArray();
  size_t n = 0;
  bool more = false;
  for (const auto& [k, v] : stream->meta.tags) {
    if (start && k <= *start) continue;
    if (n == static_cast<size_t>(limit.value_or(50))) {
      more = true;
      break;
    }
    Value t = Value::MakeObject();
    t.Set("Key", Value(k));
    t.Set("Value", Value(v));
    list.Append(std::move(t));
    ++n;
  }
  Value out = Value::MakeObject();
  out.Set("Tags", std::move(list));
  out.Set("HasMoreTags", Value(more));
  return out;
}

}  // namespace

void AddTagOperations(net::aws::AwsService& service, ServiceContext& ctx) {
  AddBlocking(service, ctx, "AddTagsToStream", [&ctx](const AwsRequest& r) { return AddTags(ctx, r); });
  AddBlocking(service, ctx, "RemoveTagsFromStream",
              [&ctx](const AwsRequest& r) { return RemoveTags(ctx, r); });
  AddBlocking(service, ctx, "ListTagsForStream",
              [&ctx](const AwsRequest& r) { return ListTags(ctx, r); });
}

}  // namespace millrace::kinesis::service
