#include "kinesis/service/stream_metrics.h"

#include "base/metrics.h"

namespace millrace::kinesis::service {

namespace {

struct Families {
  metrics::CounterFamily& incoming_records;
  metrics::CounterFamily& incoming_bytes;
  metrics::CounterFamily& get_records;
  metrics::CounterFamily& get_bytes;
  metrics::GaugeFamily& iterator_age;
  metrics::CounterFamily& throttled;
  metrics::GaugeFamily& subscriptions;
  metrics::CounterFamily& pushed_records;
  metrics::CounterFamily& pushed_bytes;
};

Families& F() {
  static Families f{
      metrics::Registry::Global().Counters("millrace_kinesis_incoming_records_total",
                                           "Records accepted by PutRecord/PutRecords.",
                                           {"stream"}),
      metrics::Registry::Global().Counters("millrace_kinesis_incoming_bytes_total",
                                           "Data and partition-key bytes accepted.", {"stream"}),
      metrics::Registry::Global().Counters("millrace_kinesis_get_records_records_total",
                                           "Records returned by GetRecords.", {"stream"}),
      metrics::Registry::Global().Counters("millrace_kinesis_get_records_bytes_total",
                                           "Data and partition-key bytes returned by GetRecords.",
                                           {"stream"}),
      metrics::Registry::Global().Gauges(
          "millrace_kinesis_iterator_age_milliseconds",
          "Age of the last record returned by the latest GetRecords (MillisBehindLatest).",
          {"stream"}),
      metrics::Registry::Global().Counters(
          "millrace_kinesis_throttled_requests_total",
          "Requests or PutRecords entries refused by per-shard limits.", {"stream", "kind"}),
      metrics::Registry::Global().Gauges("millrace_kinesis_subscriptions_active",
                                         "Live SubscribeToShard subscriptions.", {"stream"}),
      metrics::Registry::Global().Counters("millrace_kinesis_subscribe_records_total",
                                           "Records pushed to SubscribeToShard subscribers.",
                                           {"stream"}),
      metrics::Registry::Global().Counters(
          "millrace_kinesis_subscribe_bytes_total",
          "Data and partition-key bytes pushed to SubscribeToShard subscribers.", {"stream"}),
  };
  return f;
}

}  // namespace

void CountIncoming(const std::string& stream, int64_t records, int64_t bytes) {
  F().incoming_records.Labels({stream}).Inc(static_cast<uint64_t>(records));
  F().incoming_bytes.Labels({stream}).Inc(static_cast<uint64_t>(bytes));
}

void CountGetRecords(const std::string& stream, int64_t records, int64_t bytes) {
  F().get_records.Labels({stream}).Inc(static_cast<uint64_t>(records));
  F().get_bytes.Labels({stream}).Inc(static_cast<uint64_t>(bytes));
}

void SetIteratorAge(const std::string& stream, int64_t millis) {
  F().iterator_age.Labels({stream}).Set(static_cast<double>(millis));
}

void CountThrottled(const std::string& stream, const char* kind, int64_t n) {
  F().throttled.Labels({stream, kind}).Inc(static_cast<uint64_t>(n));
}

void AddActiveSubscriptions(const std::string& stream, int64_t delta) {
  F().subscriptions.Labels({stream}).Add(static_cast<double>(delta));
}

void CountSubscribePushed(const std::string& stream, int64_t records, int64_t bytes) {
  F().pushed_records.Labels({stream}).Inc(static_cast<uint64_t>(records));
  F().pushed_bytes.Labels({stream}).Inc(static_cast<uint64_t>(bytes));
}

}  // namespace millrace::kinesis::service
