// Per-stream Kinesis metrics on /metrics: records and bytes in, records and bytes read, iterator
// age, throttled requests, SubscribeToShard subscriptions and what they push. Thread-safe (the metric registry is).
#pragma once

#include <cstdint>
#include <string>

namespace millrace::kinesis::service {

void CountIncoming(const std::string& stream, int64_t records, int64_t bytes);
void CountGetRecords(const std::string& stream, int64_t records, int64_t bytes);
void SetIteratorAge(const std::string& stream, int64_t millis);
// `kind` is "write" or "read".
void CountThrottled(const std::string& stream, const char* kind, int64_t n = 1);
// `delta` is +1 when a subscription starts, -1 when it ends.
void AddActiveSubscriptions(const std::string& stream, int64_t delta);
void CountSubscribePushed(const std::string& stream, int64_t records, int64_t bytes);

}  // namespace millrace::kinesis::service
