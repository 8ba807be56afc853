// SubscribeToShard: enhanced fan-out. The request is checked and the subscription registered
// before the answer starts (errors are ordinary AWS error responses); then an event stream
// pushes an initial-response and SubscribeToShardEvents: records as soon as the log makes them
// durable (woken by Partition::WaitForData, no polling), an event at least every 5 s, until the
// subscription's lifetime ends, the shard is read to its end (ChildShards), or it is ended from
// outside (takeover, consumer deregistered, stream deleted; an exception event says which).
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <algorithm>
#include <chrono>

#include "base/clock.h"
#include "base/logging.h"
#include "kinesis/iterator_start.h"
#include "kinesis/sequence_number.h"
#include "kinesis/service/service_context.h"
#include "kinesis/service/stream_metrics.h"
#include "kinesis/shard_id.h"
#include "kinesis/shard_reader.h"
#include "kinesis/stream_names.h"
#include "log/partition.h"
#include "net/aws/aws_protocol.h"
#include "net/aws/event_stream_body.h"

namespace millrace::kinesis::service {

namespace asio = boost::asio;
using net::aws::EventStreamWriter;

namespace {

// One event carries at most this much data + partition keys (at least one record, however
// large): base64 makes it about 2.7 MiB of JSON, well inside an event stream message.
constexpr int64_t kMaxEventBytes = 2 << 20;
constexpr int32_t kMaxEventRecords = 10'000;
// While the stream reshards the producer looks again this often (writers wait in 1 ms steps).
constexpr std::chrono::milliseconds kReshardRetry{2};

using WakeChannel = asio::experimental::concurrent_channel<void(boost::system::error_code)>;

// Subscriptions keep time on the monotonic clock: a wall clock stepping does not end one early
// or stall its out-rate.
int64_t MonotonicMillis() {
  return MonotonicNanos() / 1'000'000;
}

// What the producer needs once the request is gone. Ends the subscription's bookkeeping (table
// slot, active gauge) when the response is done with it, whether or not it ever started.
struct SubscriptionRun {
  SubscriptionRun(std::shared_ptr<SubscriptionTable> t, std::shared_ptr<Stream> s,
                  std::unique_ptr<SubscriptionTable::Lease> l)
      : table(std::move(t)), stream(std::move(s)), lease(std::move(l)) {
    AddActiveSubscriptions(sub().key().stream, 1);
  }
  ~SubscriptionRun() { AddActiveSubscriptions(sub().key().stream, -1); }
  ShardSubscription& sub() const { return **lease; }

  std::shared_ptr<SubscriptionTable> table;  // declared first: outlives the lease
  std::shared_ptr<Stream> stream;
  std::unique_ptr<SubscriptionTable::Lease> lease;
  std::string account;
  std::string consumer_arn;
  int64_t consumer_created_ms = 0;
};

std::string StreamNotFoundMessage(const std::string& stream, const std::string& account) {
  return "Stream " + stream + " under account " + account + " not found.";
}

// Validates the request and registers the subscription. Runs on the event loop; Find may block
// once to adopt a log topic, as GetShardIterator's does.
KinesisResult<std::shared_ptr<SubscriptionRun>> Prepare(ServiceContext& ctx,
                                                        const AwsRequest& request) {
  const Value& p = request.params;
  const int64_t now = WallMillis();
  MR_ASSIGN_OR_RETURN(std::optional<std::string> consumer_arn, OptString(p, "ConsumerARN"));
  MR_ASSIGN_OR_RETURN(std::optional<std::string> shard_id, OptString(p, "ShardId"));
  const Value* position = p.Find("StartingPosition");
  if (position != nullptr && position->is_null()) position = nullptr;
  std::optional<std::string> type_name;
  std::optional<std::string> seq;
  std::optional<int64_t> timestamp;
  if (position != nullptr) {
    if (!position->is_object()) {
      return KinesisStatus(Errc::kSerialization,
                           "Unexpected value type in payload: StartingPosition must be a "
                           "structure");
    }
    MR_ASSIGN_OR_RETURN(type_name, OptString(*position, "Type"));
    MR_ASSIGN_OR_RETURN(seq, OptString(*position, "SequenceNumber"));
    MR_ASSIGN_OR_RETURN(timestamp, OptTimestampMs(*position, "Timestamp"));
  }
  std::vector<std::string> failures;
  if (!consumer_arn) {
    failures.push_back(ConstraintFailure("consumerARN", nullptr, "Member must not be null"));
  }
  if (!shard_id) failures.push_back(ConstraintFailure("shardId", nullptr, "Member must not be null"));
  if (position == nullptr) {
    failures.push_back(
        ConstraintFailure("startingPosition", nullptr, "Member must not be null"));
  } else if (!type_name) {
    failures.push_back(
        ConstraintFailure("startingPosition.type", nullptr, "Member must not be null"));
  }
  if (!failures.empty()) return ValidationError(failures);
  MR_ASSIGN_OR_RETURN(ShardIteratorType type, ParseShardIteratorType(*type_name));
  MR_ASSIGN_OR_RETURN(ConsumerArn arn, ParseConsumerArn(*consumer_arn));
  const std::string account = AccountId(request);
  if (arn.stream.region != request.credential.region || arn.stream.account_id != account) {
    return ResourceNotFound("Consumer " + *consumer_arn + " under account " + account +
                            " not found.");
  }
  MR_ASSIGN_OR_RETURN(std::shared_ptr<Stream> stream, ctx.registry().Find(arn.stream.stream_name));

  std::lock_guard lock(stream->mu);
  if (stream->deleted) return ResourceNotFound(StreamNotFoundMessage(stream->meta.name, account));
  auto consumer = std::find_if(
      stream->meta.consumers.begin(), stream->meta.consumers.end(), [&](const ConsumerInfo& c) {
        return c.name == arn.consumer_name && c.created_ms / 1000 == arn.creation_epoch_seconds;
      });
  if (consumer == stream->meta.consumers.end()) {
    return ResourceNotFound("Consumer " + *consumer_arn + " under account " + account +
                            " not found.");
  }
  MR_ASSIGN_OR_RETURN(const Shard* shard, stream->map.FindShardId(*shard_id));
  MR_ASSIGN_OR_RETURN(int64_t offset,
                      ResolveShardStart(*stream, *shard, account, type, seq, timestamp, now));
  SubscriptionKey key{stream->meta.name, arn.consumer_name, shard->index};
  MR_ASSIGN_OR_RETURN(std::unique_ptr<SubscriptionTable::Lease> lease,
                      ctx.subscriptions().Start(key, *consumer_arn, stream->meta.epoch, offset,
                                                MonotonicMillis()));
  auto run = std::make_shared<SubscriptionRun>(ctx.shared_subscriptions(), stream,
                                               std::move(lease));
  run->account = account;
  run->consumer_arn = *consumer_arn;
  run->consumer_created_ms = consumer->created_ms;
  return run;
}

Value RecordsValue(std::vector<KinesisRecord>& records) {
  Value list = Value::MakeArray();
  for (KinesisRecord& r : records) {
    Value v = Value::MakeObject();
    v.Set("SequenceNumber", Value(std::move(r.sequence_number)));
    v.Set("ApproximateArrivalTimestamp", TimestampValue(r.arrival_ms));
    v.Set("Data", Value::Bytes(std::move(r.data)));
    v.Set("PartitionKey", Value(std::move(r.partition_key)));
    list.Append(std::move(v));
  }
  return list;
}

// The exception event for a subscription ended from outside; nullopt for a clean end.
std::optional<net::aws::AwsError> EndError(const SubscriptionRun& run, SubscriptionEnd why) {
  const SubscriptionKey& key = run.sub().key();
  switch (why) {
    case SubscriptionEnd::kTakenOver:
      return ToAwsError(ResourceInUse("Another SubscribeToShard call for consumer " +
                                      run.consumer_arn + " on " + FormatShardId(key.shard_index) +
                                      " took over this subscription."));
    case SubscriptionEnd::kConsumerDeleted:
      return ToAwsError(ResourceNotFound("Consumer " + run.consumer_arn + " under account " +
                                         run.account + " not found."));
    case SubscriptionEnd::kStreamDeleted:
      return ToAwsError(ResourceNotFound(StreamNotFoundMessage(key.stream, run.account)));
    case SubscriptionEnd::kNone:
    case SubscriptionEnd::kServerStopping:
      break;
  }
  return std::nullopt;
}

// Sends `why`'s exception event, or just ends the stream.
asio::awaitable<void> EndStream(const SubscriptionRun& run, SubscriptionEnd why,
                                EventStreamWriter& out) {
  std::optional<net::aws::AwsError> error = EndError(run, why);
  if (error) {
    const net::aws::AwsError named = *error;
    co_await out.PushException(named);
  } else {
    out.Close();
  }
}

// What one pass over the shard found, taken under the stream's lock.
struct ShardView {
  log::Partition* partition = nullptr;
  int64_t end_offset = -1;  // a closed shard's ending offset; -1 while open
  StreamUse use;             // holds the partition alive; released before any push
  bool holding = false;
  bool resharding = false;  // the stream is resharding: come back shortly, hold nothing
  std::optional<SubscriptionEnd> gone;  // set when the stream or consumer disappeared
};

ShardView ViewShard(SubscriptionRun& run, uint64_t epoch) {
  ShardView view;
  Stream& stream = *run.stream;
  ShardSubscription& sub = run.sub();
  std::lock_guard lock(stream.mu);
  const Shard* shard = stream.map.Find(sub.key().shard_index);
  if (stream.deleted || stream.meta.epoch != epoch || shard == nullptr) {
    view.gone = SubscriptionEnd::kStreamDeleted;
    return view;
  }
  const bool consumer_there = std::any_of(
      stream.meta.consumers.begin(), stream.meta.consumers.end(), [&](const ConsumerInfo& c) {
        return c.name == sub.key().consumer && c.created_ms == run.consumer_created_ms;
      });
  if (!consumer_there) {
    view.gone = SubscriptionEnd::kConsumerDeleted;
    return view;
  }
  if (stream.resharding.load()) {
    view.resharding = true;
    return view;
  }
  view.partition = stream.partitions[static_cast<size_t>(shard->index)];
  view.end_offset = shard->ending_offset.value_or(-1);
  view.use = StreamUse(run.stream);
  view.holding = true;
  return view;
}

// Waits until the partition has data at `offset`, End() wakes `wake`, or `timeout` passes.
// The partition stays alive meanwhile through the caller's StreamUse; when the wake wins, the
// data wait is cancelled and has finished when this returns.
asio::awaitable<void> WaitForWork(log::Partition& partition, int64_t offset,
                                  std::chrono::milliseconds timeout, WakeChannel& wake) {
  using asio::experimental::awaitable_operators::operator||;
  // Named first: GCC 12 mishandles temporaries inside a co_await expression.
  asio::awaitable<bool> data = partition.WaitForData(offset, timeout);
  auto woken = wake.async_receive(asio::as_tuple(asio::use_awaitable));
  auto either = std::move(data) || std::move(woken);
  co_await std::move(either);
}

asio::awaitable<void> Sleep(std::chrono::milliseconds duration, WakeChannel& wake) {
  using asio::experimental::awaitable_operators::operator||;
  asio::steady_timer timer(co_await asio::this_coro::executor, duration);
  auto slept = timer.async_wait(asio::as_tuple(asio::use_awaitable));
  auto woken = wake.async_receive(asio::as_tuple(asio::use_awaitable));
  auto either = std::move(slept) || std::move(woken);
  co_await std::move(either);
}

// The producer: pushes events until the subscription ends. Runs on the connection's strand.
asio::awaitable<void> Push(std::shared_ptr<SubscriptionRun> run, EventStreamWriter& out) {
  ShardSubscription& sub = run->sub();
  const std::string& stream_name = sub.key().stream;
  uint64_t epoch = 0;
  {
    std::lock_guard lock(run->stream->mu);
    epoch = run->stream->meta.epoch;
  }
  auto executor = co_await asio::this_coro::executor;
  auto wake = std::make_shared<WakeChannel>(executor, 1);
  sub.SetWaker([wake] { wake->try_send(boost::system::error_code()); });
  struct ClearWaker {
    ShardSubscription& sub;
    ~ClearWaker() { sub.SetWaker(nullptr); }
  } clear_waker{sub};

  if (!co_await out.PushInitialResponse()) co_return;
  bool first = true;
  while (true) {
    if (SubscriptionEnd why = sub.end_reason(); why != SubscriptionEnd::kNone) {
      co_await EndStream(*run, why, out);
      co_return;
    }
    if (!first && sub.Expired(MonotonicMillis())) {
      out.Close();  // the client renews from the last ContinuationSequenceNumber
      co_return;
    }
    ShardView view = ViewShard(*run, epoch);
    if (view.gone) {
      co_await EndStream(*run, *view.gone, out);
      co_return;
    }
    if (view.resharding) {
      co_await Sleep(kReshardRetry, *wake);
      continue;
    }
    ShardReadRequest read;
    read.stream_epoch = epoch;
    read.shard_index = sub.key().shard_index;
    read.from_offset = sub.next_offset();
    read.end_offset = view.end_offset;
    read.max_records = kMaxEventRecords;
    read.max_bytes = kMaxEventBytes;
    Result<ShardRead> result = ReadShard(*view.partition, read);
    if (!result.ok()) {
      MR_LOG_ERROR("SubscribeToShard {} {}: {}", stream_name, FormatShardId(read.shard_index),
                   result.status().ToString());
      net::aws::AwsError error = net::aws::AwsError::InternalFailure("internal error");
      co_await out.PushException(error);
      co_return;
    }
    const int64_t now = WallMillis();  // for MillisBehindLatest
    const int64_t mono = MonotonicMillis();
    const bool at_end = view.end_offset >= 0 && result->next_offset >= view.end_offset;
    const bool has_records = !result->records.empty();
    if (has_records || at_end || first || sub.KeepAliveDue(mono)) {
      // A push may wait on the peer: never hold the stream meanwhile.
      view.use = StreamUse();
      view.holding = false;
      const int64_t records = static_cast<int64_t>(result->records.size());
      int64_t behind = 0;
      if (has_records && result->next_offset < result->high_watermark) {
        behind = std::max<int64_t>(0, now - result->records.back().arrival_ms);
      }
      sub.EventSent(result->next_offset, result->bytes, mono);
      Value event = Value::MakeObject();
      event.Set("Records", RecordsValue(result->records));
      if (at_end) {
        // At a closed shard's end AWS gives the children instead of a continuation.
        std::lock_guard lock(run->stream->mu);
        event.Set("ChildShards", ChildShardsValue(run->stream->map, read.shard_index));
      } else {
        event.Set("ContinuationSequenceNumber", Value(sub.ContinuationSequenceNumber()));
      }
      event.Set("MillisBehindLatest", Value(behind));
      if (!co_await out.PushEvent("SubscribeToShardEvent", event)) co_return;
      if (records > 0) CountSubscribePushed(stream_name, records, result->bytes);
      first = false;
      if (at_end) {
        out.Close();
        co_return;
      }
      if (const int64_t delay = sub.ThrottleDelayMs(MonotonicMillis()); delay > 0) {
        co_await Sleep(std::chrono::milliseconds(delay), *wake);
        continue;
      }
      if (has_records && result->next_offset < result->high_watermark) continue;
    }
    const int64_t wait_now = MonotonicMillis();
    if (sub.Expired(wait_now)) continue;  // ends at the top of the loop
    if (!view.holding) {
      view = ViewShard(*run, epoch);
      // Gone or resharding: handled at the top of the loop. Closed meanwhile: read to its end
      // rather than wait for data that will never come.
      if (view.gone || view.resharding || view.end_offset >= 0) continue;
    }
    const int64_t wait_ms = std::max<int64_t>(
        1, std::min(sub.keepalive_due_ms(), sub.expires_ms()) - wait_now);
    co_await WaitForWork(*view.partition, sub.next_offset(), std::chrono::milliseconds(wait_ms),
                         *wake);
  }
}

asio::awaitable<net::HttpResponse> Subscribe(ServiceContext& ctx, const AwsRequest& request) {
  KinesisResult<std::shared_ptr<SubscriptionRun>> run = Prepare(ctx, request);
  if (!run.ok()) {
    co_return net::aws::AwsProtocol::ErrorResponse(ToAwsError(run.status()), request.request_id,
                                                   request.codec);
  }
  std::shared_ptr<SubscriptionRun> state = std::move(run).value();
  co_return net::aws::EventStreamResponse(
      request, [state](EventStreamWriter& out) -> asio::awaitable<void> {
        co_await Push(state, out);
      });
}

}  // namespace

void AddSubscribeOperation(net::aws::AwsService& service, ServiceContext& ctx) {
  service.AddRawOperation("SubscribeToShard", [&ctx](const AwsRequest& request) {
    return Subscribe(ctx, request);
  });
}

}  // namespace millrace::kinesis::service
