// PutRecord and PutRecordBatch: records go into the delivery stream's internal log topic and
// the answer waits until the append is durable (the topic's fsync policy is `always`).
#include <boost/asio/awaitable.hpp>
#include <cstdio>

#include "base/clock.h"
#include "firehose/delivery_worker.h"
#include "firehose/service/service_context.h"
#include "log/partition.h"
#include "log/record_batch_builder.h"

namespace millrace::firehose::service {

namespace {

namespace asio = boost::asio;

constexpr size_t kMaxRecordBytes = 1'024'000;
constexpr size_t kMaxBatchRecords = 500;
constexpr size_t kMaxBatchBytes = 4 << 20;

// Counts a PutRecord(Batch) as in flight on the stream for its whole duration.
class AppendGuard {
 public:
  explicit AppendGuard(DeliveryStream* stream) : stream_(stream) {
    stream_->appends_in_flight.fetch_add(1);
  }
  ~AppendGuard() { stream_->appends_in_flight.fetch_sub(1); }
  AppendGuard(const AppendGuard&) = delete;
  AppendGuard& operator=(const AppendGuard&) = delete;

 private:
  DeliveryStream* stream_;
};

// The stream a put names, checked to accept direct puts.
ApiResult<std::shared_ptr<DeliveryStream>> PutTarget(ServiceContext& ctx,
                                                     const AwsRequest& request) {
  ApiResult<std::string> name = StreamName(request.params);
  if (!name.ok()) return name.error();
  ApiResult<std::shared_ptr<DeliveryStream>> stream =
      ctx.registry().Find(name.value(), AccountId(request));
  if (!stream.ok()) return stream;
  std::lock_guard lock(stream.value()->mu);
  const DeliveryStreamDefinition& def = stream.value()->def;
  if (def.source.type != SourceType::kDirectPut) {
    return InvalidArgument("This operation is not permitted on " +
                           std::string(SourceTypeName(def.source.type)) + " delivery stream type.");
  }
  if (WallMillis() < def.active_at_ms) {
    return ResourceInUse("Firehose " + def.name + " under account " + def.account_id +
                         " is not ACTIVE (its status is CREATING).");
  }
  if (stream.value()->deleted) {
    return ResourceNotFound("Firehose " + def.name + " under account " + def.account_id +
                            " not found.");
  }
  return stream;
}

ApiResult<std::string> RecordData(const Value& record, std::string_view path) {
  if (!record.is_object()) return Serialization("Records must be a list of structures");
  const Value* data = record.Find("Data");
  if (data == nullptr || data->is_null()) {
    return ValidationFailure("null", std::string(path) + ".data", "Member must not be null");
  }
  Result<std::string> bytes = data->AsBlob("Data");
  if (!bytes.ok()) return Serialization("Base64 encoded value of Data is invalid.");
  if (bytes->size() > kMaxRecordBytes) {
    return ValidationFailure("java.nio.HeapByteBuffer[pos=0 lim=" + std::to_string(bytes->size()) +
                                 " cap=" + std::to_string(bytes->size()) + "]",
                             std::string(path) + ".data",
                             "Member must have length less than or equal to 1024000");
  }
  return std::move(bytes).value();
}

// Checked after the AppendGuard is up, so a deletion either sees this call or this call sees
// the deletion.
ApiStatus StillThere(DeliveryStream& stream) {
  std::lock_guard lock(stream.mu);
  if (!stream.deleted) return std::nullopt;
  return ResourceNotFound("Firehose " + stream.def.name + " under account " +
                          stream.def.account_id + " not found.");
}

std::string RecordId(int64_t created_ms, int64_t offset) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%016llx%032llx", static_cast<unsigned long long>(created_ms),
                static_cast<unsigned long long>(offset));
  return buf;
}

// Appends `records` as one batch; the result's base offset names the first.
asio::awaitable<ApiResult<int64_t>> AppendRecords(DeliveryStream& stream,
                                                  const std::vector<std::string>& records) {
  log::RecordBatchBuilder builder;
  int64_t now = WallMillis();
  for (const std::string& r : records) {
    log::Record record;
    record.value = r;
    record.timestamp_ms = now;
    builder.Add(record);
  }
  std::string batch = builder.Finish();
  Result<log::AppendResult> appended = co_await stream.internal->Append(std::move(batch));
  if (!appended.ok()) co_return FromStorage(appended.status());
  if (stream.worker) stream.worker->Notify();
  co_return appended->base_offset;
}

asio::awaitable<AwsOutcome> PutRecord(ServiceContext& ctx, const AwsRequest& request) {
  ApiResult<std::shared_ptr<DeliveryStream>> target = PutTarget(ctx, request);
  if (!target.ok()) co_return target.error();
  const Value* record = request.params.Find("Record");
  if (record == nullptr || record->is_null()) {
    co_return ValidationFailure("null", "record", "Member must not be null");
  }
  ApiResult<std::string> data = RecordData(*record, "record");
  if (!data.ok()) co_return data.error();
  DeliveryStream& stream = *target.value();
  AppendGuard guard(&stream);
  if (ApiStatus gone = StillThere(stream)) co_return *gone;
  std::vector<std::string> records;
  records.push_back(std::move(data).value());
  ApiResult<int64_t> offset = co_await AppendRecords(stream, records);
  if (!offset.ok()) co_return offset.error();
  Value out = Value::MakeObject();
  int64_t created_ms;
  bool encrypted;
  {
    std::lock_guard lock(stream.mu);
    created_ms = stream.def.created_ms;
    encrypted = stream.def.encryption.status == "ENABLED";
  }
  out.Set("RecordId", Value(RecordId(created_ms, offset.value())));
  out.Set("Encrypted", Value(encrypted));
  co_return out;
}

asio::awaitable<AwsOutcome> PutRecordBatch(ServiceContext& ctx, const AwsRequest& request) {
  ApiResult<std::shared_ptr<DeliveryStream>> target = PutTarget(ctx, request);
  if (!target.ok()) co_return target.error();
  const Value* list = request.params.Find("Records");
  if (list == nullptr || list->is_null()) {
    co_return ValidationFailure("null", "records", "Member must not be null");
  }
  if (!list->is_array()) co_return Serialization("Records must be a list");
  size_t n = list->array().size();
  if (n < 1 || n > kMaxBatchRecords) {
    co_return ValidationFailure("[...]", "records",
                                "Member must have length less than or equal to 500 and "
                                "greater than or equal to 1");
  }
  std::vector<std::string> records;
  records.reserve(n);
  size_t total = 0;
  for (size_t i = 0; i < n; ++i) {
    ApiResult<std::string> data =
        RecordData(list->array()[i], "records." + std::to_string(i + 1) + ".member");
    if (!data.ok()) co_return data.error();
    total += data.value().size();
    records.push_back(std::move(data).value());
  }
  if (total > kMaxBatchBytes) {
    co_return InvalidArgument("Records size exceeds 4 MB limit");
  }
  DeliveryStream& stream = *target.value();
  AppendGuard guard(&stream);
  if (ApiStatus gone = StillThere(stream)) co_return *gone;
  ApiResult<int64_t> offset = co_await AppendRecords(stream, records);
  if (!offset.ok()) co_return offset.error();
  int64_t created_ms;
  bool encrypted;
  {
    std::lock_guard lock(stream.mu);
    created_ms = stream.def.created_ms;
    encrypted = stream.def.encryption.status == "ENABLED";
  }
  Value responses = Value::MakeArray();
  for (size_t i = 0; i < n; ++i) {
    Value entry = Value::MakeObject();
    entry.Set("RecordId", Value(RecordId(created_ms, offset.value() + static_cast<int64_t>(i))));
    responses.Append(std::move(entry));
  }
  Value out = Value::MakeObject();
  out.Set("FailedPutCount", Value(0));
  out.Set("Encrypted", Value(encrypted));
  out.Set("RequestResponses", std::move(responses));
  co_return out;
}

}  // namespace

void AddPutOperations(net::aws::AwsService& service, ServiceContext& ctx) {
  service.AddOperation("PutRecord", [&ctx](const AwsRequest& r) { return PutRecord(ctx, r); });
  service.AddOperation("PutRecordBatch",
                       [&ctx](const AwsRequest& r) { return PutRecordBatch(ctx, r); });
}

}  // namespace millrace::firehose::service
