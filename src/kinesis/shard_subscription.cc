#include "kinesis/shard_subscription.h"

#include <algorithm>
#include <vector>

#include "kinesis/sequence_number.h"
#include "kinesis/shard_id.h"

namespace millrace::kinesis {

ShardSubscription::ShardSubscription(SubscriptionKey key, uint64_t stream_epoch,
                                     int64_t start_offset, int64_t now_ms,
                                     const SubscriptionTiming& timing)
    : key_(std::move(key)),
      stream_epoch_(stream_epoch),
      started_ms_(now_ms),
      timing_(timing),
      next_offset_(start_offset),
      last_event_ms_(now_ms) {
  if (timing_.max_bytes_per_second > 0) out_rate_.emplace(timing_.max_bytes_per_second, now_ms);
}

void ShardSubscription::EventSent(int64_t next_offset, int64_t bytes, int64_t now_ms) {
  next_offset_ = std::max(next_offset_, next_offset);
  last_event_ms_ = now_ms;
  if (out_rate_ && bytes > 0) out_rate_->Take(bytes, now_ms);
}

std::string ShardSubscription::ContinuationSequenceNumber() const {
  const int64_t last = next_offset_ > 0 ? next_offset_ - 1 : 0;
  return EncodeSequenceNumber({stream_epoch_, key_.shard_index, last});
}

int64_t ShardSubscription::ThrottleDelayMs(int64_t now_ms) {
  if (!out_rate_) return 0;
  const int64_t available = out_rate_->Available(now_ms);
  if (available >= 0) return 0;
  // Time to repay the debt at the refill rate, rounded up to whole milliseconds.
  const int64_t rate = timing_.max_bytes_per_second;
  return (-available * 1000 + rate - 1) / rate;
}

void ShardSubscription::End(SubscriptionEnd why) {
  SubscriptionEnd expected = SubscriptionEnd::kNone;
  end_.compare_exchange_strong(expected, why, std::memory_order_acq_rel);
  std::lock_guard lock(waker_mu_);
  if (waker_) waker_();
}

void ShardSubscription::Wake() {
  std::lock_guard lock(waker_mu_);
  if (waker_) waker_();
}

void ShardSubscription::SetWaker(std::function<void()> waker) {
  std::lock_guard lock(waker_mu_);
  waker_ = std::move(waker);
}

KinesisResult<std::unique_ptr<SubscriptionTable::Lease>> SubscriptionTable::Start(
    const SubscriptionKey& key, std::string_view consumer_arn, uint64_t stream_epoch,
    int64_t start_offset, int64_t now_ms) {
  auto made = std::make_shared<ShardSubscription>(key, stream_epoch, start_offset, now_ms, timing_);
  std::shared_ptr<ShardSubscription> replaced;
  {
    std::lock_guard lock(mu_);
    auto it = live_.find(key);
    if (it != live_.end()) {
      if (now_ms - it->second->started_ms() < timing_.takeover_after_ms) {
        return ResourceInUse("Another active subscription exists for this consumer: " +
                             std::string(consumer_arn) + " on " + FormatShardId(key.shard_index) +
                             ".");
      }
      replaced = std::move(it->second);
      it->second = made;
    } else {
      live_.emplace(key, made);
    }
  }
  if (replaced) replaced->End(SubscriptionEnd::kTakenOver);
  return std::make_unique<Lease>(this, std::move(made));
}

void SubscriptionTable::WakeStream(std::string_view stream) {
  std::lock_guard lock(mu_);
  for (const auto& [key, sub] : live_) {
    if (key.stream == stream) sub->Wake();
  }
}

void SubscriptionTable::EndStream(std::string_view stream, SubscriptionEnd why) {
  std::vector<std::shared_ptr<ShardSubscription>> ending;
  {
    std::lock_guard lock(mu_);
    for (const auto& [key, sub] : live_) {
      if (key.stream == stream) ending.push_back(sub);
    }
  }
  for (const auto& sub : ending) sub->End(why);
}

void SubscriptionTable::EndConsumer(std::string_view stream, std::string_view consumer,
                                    SubscriptionEnd why) {
  std::vector<std::shared_ptr<ShardSubscription>> ending;
  {
    std::lock_guard lock(mu_);
    for (const auto& [key, sub] : live_) {
      if (key.stream == stream && key.consumer == consumer) ending.push_back(sub);
    }
  }
  for (const auto& sub : ending) sub->End(why);
}

void SubscriptionTable::EndAll(SubscriptionEnd why) {
  std::vector<std::shared_ptr<ShardSubscription>> ending;
  {
    std::lock_guard lock(mu_);
    for (const auto& [key, sub] : live_) ending.push_back(sub);
  }
  for (const auto& sub : ending) sub->End(why);
}

size_t SubscriptionTable::size() const {
  std::lock_guard lock(mu_);
  return live_.size();
}

void SubscriptionTable::Remove(const ShardSubscription* subscription) {
  std::lock_guard lock(mu_);
  auto it = live_.find(subscription->key());
  // A subscription that was taken over no longer owns its slot.
  if (it != live_.end() && it->second.get() == subscription) live_.erase(it);
}

}  // namespace millrace::kinesis
