// Enhanced fan-out subscriptions (SubscribeToShard): who reads which shard since when, where each
// reader stands, when it must send a keep-alive or end, how fast it may push, and the rule that
// one consumer has at most one live subscription per shard. Pure bookkeeping: no I/O, no clock
// of its own (callers pass milliseconds of one monotonic clock).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include "kinesis/errors.h"
#include "kinesis/shard_throughput.h"

namespace millrace::kinesis {

// One consumer reading one shard. Consumers are named per stream, so the three fields identify
// the pair across the server.
struct SubscriptionKey {
  std::string stream;
  std::string consumer;
  int32_t shard_index = 0;
  auto operator<=>(const SubscriptionKey&) const = default;
};

// Why a subscription ended before its natural end (lifetime over, shard read to its end).
enum class SubscriptionEnd : uint8_t {
  kNone,             // still running
  kTakenOver,        // a later SubscribeToShard of the same consumer and shard replaced it
  kConsumerDeleted,  // DeregisterStreamConsumer
  kStreamDeleted,    // DeleteStream
  kServerStopping,
};

struct SubscriptionTiming {
  int64_t lifetime_ms = 300'000;      // a subscription ends this long after it started
  int64_t keepalive_ms = 5'000;       // an event at least this often, records or not
  int64_t takeover_after_ms = 5'000;  // a new call before this is ResourceInUseException
  // Out-rate per subscription (a consumer on one shard), bytes of data + partition keys per
  // second; 0 means unlimited.
  int64_t max_bytes_per_second = 0;
};

// One live subscription. The position and timing members are used by the one coroutine that
// pushes the events (not thread-safe); End, end_reason and SetWaker are thread-safe.
class ShardSubscription {
 public:
  // `start_offset` is where the first event's records begin; `stream_epoch` makes sequence
  // numbers.
  ShardSubscription(SubscriptionKey key, uint64_t stream_epoch, int64_t start_offset,
                    int64_t now_ms, const SubscriptionTiming& timing);
  ShardSubscription(const ShardSubscription&) = delete;
  ShardSubscription& operator=(const ShardSubscription&) = delete;

  const SubscriptionKey& key() const { return key_; }
  int64_t started_ms() const { return started_ms_; }

  // The offset of the next record to push.
  int64_t next_offset() const { return next_offset_; }
  // Records an event sent at `now_ms` whose records end before `next_offset` (the same offset
  // as before for an event without records). Charges `bytes` to the out-rate limit.
  // REQUIRES: next_offset >= this->next_offset().
  void EventSent(int64_t next_offset, int64_t bytes, int64_t now_ms);
  // The event's ContinuationSequenceNumber: the number of the last record before next_offset(),
  // so that AFTER_SEQUENCE_NUMBER resumes exactly at next_offset(). Before offset 0 there is no
  // record: then the number of offset 0 itself (see docs/kinesis.md for what that means).
  std::string ContinuationSequenceNumber() const;

  // When the lifetime ends; true once it has.
  int64_t expires_ms() const { return started_ms_ + timing_.lifetime_ms; }
  bool Expired(int64_t now_ms) const { return now_ms >= expires_ms(); }
  // When an event is due even without records.
  int64_t keepalive_due_ms() const { return last_event_ms_ + timing_.keepalive_ms; }
  bool KeepAliveDue(int64_t now_ms) const { return now_ms >= keepalive_due_ms(); }
  // How long to hold back the next push so that the out-rate stays within its limit: 0 when
  // unlimited or within it.
  int64_t ThrottleDelayMs(int64_t now_ms);

  // From any thread: ends the subscription for `why` (the first reason wins) and calls the
  // waker so that a producer waiting for data notices at once.
  void End(SubscriptionEnd why);
  SubscriptionEnd end_reason() const { return end_.load(std::memory_order_acquire); }
  // From any thread: calls the waker without ending (the stream is about to reshard, and the
  // producer must let go of its partitions).
  void Wake();
  // The function End calls; set by the producer while it may wait, cleared (nullptr) before it
  // goes away. Called under an internal lock: it must not call back into this object.
  void SetWaker(std::function<void()> waker);

 private:
  const SubscriptionKey key_;
  const uint64_t stream_epoch_;
  const int64_t started_ms_;
  const SubscriptionTiming timing_;
  int64_t next_offset_;
  int64_t last_event_ms_;
  std::optional<TokenBucket> out_rate_;
  std::atomic<SubscriptionEnd> end_{SubscriptionEnd::kNone};
  std::mutex waker_mu_;
  std::function<void()> waker_;
};

// The live subscriptions of a server, one per (stream, consumer, shard). Thread-safe.
class SubscriptionTable {
 public:
  explicit SubscriptionTable(SubscriptionTiming timing) : timing_(timing) {}

  // Releases the table's slot when the producer is done with the subscription.
  class Lease {
   public:
    Lease(SubscriptionTable* table, std::shared_ptr<ShardSubscription> subscription)
        : table_(table), subscription_(std::move(subscription)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { table_->Remove(subscription_.get()); }
    ShardSubscription& operator*() const { return *subscription_; }
    ShardSubscription* operator->() const { return subscription_.get(); }

   private:
    SubscriptionTable* const table_;
    std::shared_ptr<ShardSubscription> subscription_;
  };

  // Starts a subscription of `key` at `start_offset`. If the key has a live subscription that
  // started less than takeover_after_ms ago: ResourceInUseException naming `consumer_arn`;
  // an older one is ended (kTakenOver) and replaced. REQUIRES: the table outlives the lease.
  KinesisResult<std::unique_ptr<Lease>> Start(const SubscriptionKey& key,
                                              std::string_view consumer_arn,
                                              uint64_t stream_epoch, int64_t start_offset,
                                              int64_t now_ms);

  // Wakes every live subscription of the stream (see ShardSubscription::Wake).
  void WakeStream(std::string_view stream);
  // Ends every live subscription of the stream / of one consumer of it / of the server.
  void EndStream(std::string_view stream, SubscriptionEnd why);
  void EndConsumer(std::string_view stream, std::string_view consumer, SubscriptionEnd why);
  void EndAll(SubscriptionEnd why);

  size_t size() const;
  const SubscriptionTiming& timing() const { return timing_; }

 private:
  void Remove(const ShardSubscription* subscription);

  const SubscriptionTiming timing_;
  mutable std::mutex mu_;
  std::map<SubscriptionKey, std::shared_ptr<ShardSubscription>> live_;
};

}  // namespace millrace::kinesis
