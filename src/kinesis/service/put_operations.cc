// PutRecord and PutRecords: validate, route by hash key to open shards, append one batch per
// shard (concurrently, so group commit merges their fsyncs), answer once durable.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <map>

#include "base/clock.h"
#include "kinesis/hash_key.h"
#include "kinesis/limits.h"
#include "kinesis/sequence_number.h"
#include "kinesis/service/service_context.h"
#include "kinesis/service/stream_metrics.h"
#include "kinesis/shard_id.h"
#include "log/partition.h"
#include "log/record_batch_builder.h"

namespace millrace::kinesis::service {

namespace asio = boost::asio;

namespace {

int64_t MonotonicMillis() {
  return MonotonicNanos() / 1'000'000;
}

struct ParsedEntry {
  std::string data;
  std::string partition_key;
  HashKey hash = 0;
};

// One shard's part of a request: the entries routed to it, in request order.
struct ShardAppend {
  int32_t shard = 0;
  std::string shard_id;  // FormatShardId(shard), made once per request and shard
  log::Partition* partition = nullptr;
  std::vector<size_t> entries;
  std::string batch;
  std::optional<Result<log::AppendResult>> result;
};

// Appends every shard's batch concurrently; fills each `result`. A single batch (PutRecord, or
// PutRecords routed to one shard) is awaited directly on the caller's executor.
asio::awaitable<void> AppendAll(std::vector<ShardAppend>& appends) {
  if (appends.size() == 1) {
    Result<log::AppendResult> result =
        co_await appends[0].partition->Append(std::move(appends[0].batch));
    appends[0].result.emplace(std::move(result));
    co_return;
  }
  auto caller = co_await asio::this_coro::executor;
  // The appends run on the io_context itself, not on the caller's strand.
  auto executor = static_cast<asio::io_context&>(asio::query(caller, asio::execution::context))
                      .get_executor();
  using Channel = asio::experimental::concurrent_channel<void(boost::system::error_code, size_t)>;
  auto done = std::make_shared<Channel>(caller, appends.size());
  for (size_t i = 0; i < appends.size(); ++i) {
    ShardAppend* a = &appends[i];
    asio::co_spawn(
        executor,
        [a, done, i]() -> asio::awaitable<void> {
          a->result = co_await a->partition->Append(std::move(a->batch));
          done->try_send(boost::system::error_code(), i);
        },
        asio::detached);
  }
  for (size_t i = 0; i < appends.size(); ++i) {
    co_await done->async_receive(asio::use_awaitable);
  }
}

// Waits while the stream reshards, then returns with `stream.mu` held in `lock`.
asio::awaitable<void> LockWhenNotResharding(Stream& stream, std::unique_lock<std::mutex>& lock) {
  while (true) {
    while (stream.resharding.load()) {
      asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::milliseconds(1));
      co_await timer.async_wait(asio::use_awaitable);
    }
    lock = std::unique_lock(stream.mu);
    if (!stream.resharding.load()) co_return;
    lock.unlock();
  }
}

KinesisStatus NotFound(const Stream& stream, const std::string& account) {
  return ResourceNotFound("Stream " + stream.meta.name + " under account " + account +
                          " not found.");
}

// The path of an entry's member in ValidationException messages: "data" for PutRecord,
// "records.<n>.member.data" for PutRecords entry n (1-based). Built only when reporting.
struct EntryPath {
  size_t number = 0;  // 0 for PutRecord
  std::string operator()(std::string_view member) const {
    if (number == 0) return std::string(member);
    return "records." + std::to_string(number) + ".member." + std::string(member);
  }
};

KinesisResult<ParsedEntry> ParseEntry(const Value& v, const EntryPath& path,
                                      std::vector<std::string>* failures) {
  ParsedEntry e;
  MR_ASSIGN_OR_RETURN(std::optional<std::string> data, OptBlob(v, "Data"));
  MR_ASSIGN_OR_RETURN(std::optional<std::string> key, OptString(v, "PartitionKey"));
  MR_ASSIGN_OR_RETURN(std::optional<std::string> explicit_key, OptString(v, "ExplicitHashKey"));
  if (!data) {
    failures->push_back(ConstraintFailure(path("data"), nullptr, "Member must not be null"));
  }
  if (!key) {
    failures->push_back(
        ConstraintFailure(path("partitionKey"), nullptr, "Member must not be null"));
  } else if (key->empty() || key->size() > kMaxPartitionKeyLength) {
    // 1..256 bytes of UTF-8 are 1..256 UTF-16 code units: only other lengths need counting.
    CheckPartitionKey(*key, path("partitionKey"), failures);
  }
  if (data) e.data = std::move(*data);
  if (key) e.partition_key = std::move(*key);
  if (explicit_key) {
    KinesisResult<HashKey> h =
        ParseHashKeyMember(*explicit_key, path("explicitHashKey"), "ExplicitHashKey");
    if (!h.ok()) {
      if (h.status().code() != Errc::kValidation) return h.status();
      failures->push_back(ConstraintFailure(path("explicitHashKey"), &*explicit_key,
                                            "Member must satisfy regular expression pattern: "
                                            "0|([1-9]\\d{0,38})"));
    } else {
      e.hash = *h;
    }
  } else if (key) {
    e.hash = PartitionKeyHash(e.partition_key);
  }
  return e;
}

asio::awaitable<AwsOutcome> PutRecord(ServiceContext& ctx, const AwsRequest& request) {
  const int64_t now = WallMillis();
  std::vector<std::string> failures;
  KinesisResult<std::string> name = RequestStreamName(request);
  KinesisResult<ParsedEntry> entry = ParseEntry(request.params, EntryPath{}, &failures);
  if (!entry.ok()) co_return Fail(entry.status());
  if (!failures.empty()) co_return Fail(ValidationError(failures));
  if (!name.ok()) co_return Fail(name.status());
  KinesisResult<std::optional<std::string>> ordering =
      OptString(request.params, "SequenceNumberForOrdering");
  if (!ordering.ok()) co_return Fail(ordering.status());
  KinesisResult<std::shared_ptr<Stream>> found = ctx.registry().Find(*name);
  if (!found.ok()) co_return Fail(found.status());
  std::shared_ptr<Stream> stream = *found;
  const std::string account = AccountId(request);

  std::vector<ShardAppend> appends(1);
  StreamUse use;
  uint64_t epoch = 0;
  std::string encryption;
  {
    std::unique_lock<std::mutex> lock;
    co_await LockWhenNotResharding(*stream, lock);
    if (stream->deleted) co_return Fail(NotFound(*stream, account));
    const int64_t data_bytes = static_cast<int64_t>(entry->data.size());
    KinesisStatus size = CheckRecordSize(data_bytes, entry->partition_key,
                                         stream->meta.max_record_bytes, "data");
    if (!size.ok()) co_return Fail(size);
    if (*ordering) {
      KinesisStatus s =
          CheckSequenceNumberForOrdering(**ordering, stream->meta.epoch, stream->meta.name, account);
      if (!s.ok()) co_return Fail(s);
    }
    const Shard& shard = stream->map.Route(entry->hash);
    if (!stream->write_throttles.empty() &&
        !stream->write_throttles[static_cast<size_t>(shard.index)]->TryWrite(
            data_bytes + static_cast<int64_t>(entry->partition_key.size()), MonotonicMillis())) {
      CountThrottled(stream->meta.name, "write");
      co_return Fail(RateExceeded(shard.index, stream->meta.name, account));
    }
    appends[0].shard = shard.index;
    appends[0].partition = stream->partitions[static_cast<size_t>(shard.index)];
    epoch = stream->meta.epoch;
    encryption = stream->meta.encryption_type;
    use = StreamUse(stream);
  }
  log::RecordBatchBuilder builder;
  builder.Add(entry->partition_key, entry->data, now);
  appends[0].batch = builder.Finish();
  co_await AppendAll(appends);
  const Result<log::AppendResult>& r = *appends[0].result;
  if (!r.ok()) co_return Fail(FromStatus(r.status()));
  CountIncoming(*name, 1,
                static_cast<int64_t>(entry->data.size() + entry->partition_key.size()));
  Value out = Value::MakeObject();
  out.Set("ShardId", Value(FormatShardId(appends[0].shard)));
  out.Set("SequenceNumber", Value(EncodeSequenceNumber({epoch, appends[0].shard, r->base_offset})));
  out.Set("EncryptionType", Value(encryption));
  co_return AwsOutcome(std::move(out));
}

asio::awaitable<AwsOutcome> PutRecords(ServiceContext& ctx, const AwsRequest& request) {
  const int64_t now = WallMillis();
  const Value* records = request.params.Find("Records");
  KinesisResult<std::string> name = RequestStreamName(request);
  if (records != nullptr && !records->is_null() && !records->is_array()) {
    co_return Fail(KinesisStatus(Errc::kSerialization, "Records must be a list"));
  }
  if (records == nullptr || records->is_null()) {
    co_return Fail(ValidationError("records", nullptr, "Member must not be null"));
  }
  const Value::Array& list = records->array();
  std::vector<std::string> failures;
  if (list.empty()) {
    failures.push_back(ConstraintFailure("records", nullptr,
                                         "Member must have length greater than or equal to 1"));
  } else if (list.size() > kMaxPutRecordsEntries) {
    failures.push_back(ConstraintFailure("records", nullptr,
                                         "Member must have length less than or equal to 500"));
  }
  std::vector<ParsedEntry> entries;
  entries.reserve(list.size());
  for (size_t i = 0; i < list.size() && list.size() <= kMaxPutRecordsEntries; ++i) {
    if (!list[i].is_object()) {
      co_return Fail(KinesisStatus(Errc::kSerialization, "Records entries must be structures"));
    }
    KinesisResult<ParsedEntry> e = ParseEntry(list[i], EntryPath{i + 1}, &failures);
    if (!e.ok()) co_return Fail(e.status());
    entries.push_back(std::move(e).value());
  }
  if (!failures.empty()) co_return Fail(ValidationError(failures));
  if (!name.ok()) co_return Fail(name.status());
  KinesisResult<std::shared_ptr<Stream>> found = ctx.registry().Find(*name);
  if (!found.ok()) co_return Fail(found.status());
  std::shared_ptr<Stream> stream = *found;
  const std::string account = AccountId(request);

  std::vector<ShardAppend> appends;
  std::vector<std::optional<KinesisStatus>> refused(entries.size());
  StreamUse use;
  uint64_t epoch = 0;
  std::string encryption;
  int64_t throttled = 0;
  {
    std::unique_lock<std::mutex> lock;
    co_await LockWhenNotResharding(*stream, lock);
    if (stream->deleted) co_return Fail(NotFound(*stream, account));
    std::vector<PutRecordsEntrySize> sizes;
    sizes.reserve(entries.size());
    for (const ParsedEntry& e : entries) {
      sizes.push_back({static_cast<int64_t>(e.data.size()), e.partition_key});
    }
    KinesisStatus s = CheckPutRecordsRequest(sizes, stream->meta.max_record_bytes);
    if (!s.ok()) co_return Fail(s);
    std::map<int32_t, size_t> slot_of_shard;
    const int64_t mono = MonotonicMillis();
    for (size_t i = 0; i < entries.size(); ++i) {
      const Shard& shard = stream->map.Route(entries[i].hash);
      if (!stream->write_throttles.empty() &&
          !stream->write_throttles[static_cast<size_t>(shard.index)]->TryWrite(
              static_cast<int64_t>(entries[i].data.size() + entries[i].partition_key.size()),
              mono)) {
        refused[i] = RateExceeded(shard.index, stream->meta.name, account);
        ++throttled;
        continue;
      }
      auto [it, inserted] = slot_of_shard.try_emplace(shard.index, appends.size());
      if (inserted) {
        appends.emplace_back();
        appends.back().shard = shard.index;
        appends.back().shard_id = FormatShardId(shard.index);
        appends.back().partition = stream->partitions[static_cast<size_t>(shard.index)];
      }
      appends[it->second].entries.push_back(i);
    }
    epoch = stream->meta.epoch;
    encryption = stream->meta.encryption_type;
    use = StreamUse(stream);
  }
  if (throttled > 0) CountThrottled(*name, "write", throttled);
  for (ShardAppend& a : appends) {
    log::RecordBatchBuilder builder;
    for (size_t i : a.entries) builder.Add(entries[i].partition_key, entries[i].data, now);
    a.batch = builder.Finish();
  }
  if (!appends.empty()) co_await AppendAll(appends);
  std::vector<std::optional<std::string>> sequence(entries.size());
  std::vector<const std::string*> shard_id_of(entries.size(), nullptr);
  int64_t accepted = 0, accepted_bytes = 0;
  for (const ShardAppend& a : appends) {
    const Result<log::AppendResult>& r = *a.result;
    for (size_t k = 0; k < a.entries.size(); ++k) {
      const size_t i = a.entries[k];
      if (!r.ok()) {
        refused[i] = KinesisStatus(Errc::kInternalFailure, r.status().message());
        continue;
      }
      sequence[i] = EncodeSequenceNumber({epoch, a.shard, r->base_offset + static_cast<int64_t>(k)});
      shard_id_of[i] = &a.shard_id;
      ++accepted;
      accepted_bytes += static_cast<int64_t>(entries[i].data.size() + entries[i].partition_key.size());
    }
  }
  CountIncoming(*name, accepted, accepted_bytes);
  Value results = Value::MakeArray();
  results.array().reserve(entries.size());
  int64_t failed = 0;
  for (size_t i = 0; i < entries.size(); ++i) {
    Value r = Value::MakeObject();
    Value::Object& members = r.object();
    members.reserve(2);
    if (refused[i]) {
      ++failed;
      members.emplace_back("ErrorCode", Value(refused[i]->type()));
      members.emplace_back("ErrorMessage", Value(refused[i]->message()));
    } else {
      members.emplace_back("SequenceNumber", Value(std::move(*sequence[i])));
      members.emplace_back("ShardId", Value(*shard_id_of[i]));
    }
    results.array().push_back(std::move(r));
  }
  Value out = Value::MakeObject();
  out.Set("FailedRecordCount", Value(failed));
  out.Set("Records", std::move(results));
  out.Set("EncryptionType", Value(encryption));
  co_return AwsOutcome(std::move(out));
}

}  // namespace

void AddPutOperations(net::aws::AwsService& service, ServiceContext& ctx) {
  service.AddOperation("PutRecord", [&ctx](const AwsRequest& r) { return PutRecord(ctx, r); });
  service.AddOperation("PutRecords", [&ctx](const AwsRequest& r) { return PutRecords(ctx, r); });
}

}  // namespace millrace::kinesis::service
