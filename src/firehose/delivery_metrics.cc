#include "firehose/delivery_metrics.h"

#include <map>
#include <memory>
#include <mutex>

#include "base/metrics.h"

namespace millrace::firehose {

DeliveryMetrics* MetricsFor(const std::string& name) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<DeliveryMetrics>> by_name;
  std::lock_guard lock(mu);
  auto& slot = by_name[name];
  if (slot) return slot.get();
  auto& reg = metrics::Registry::Global();
  const std::vector<std::string> label = {"delivery_stream"};
  auto counter = [&](std::string_view metric, std::string_view help) {
    return &reg.Counters(metric, help, label).Labels({name});
  };
  slot = std::make_unique<DeliveryMetrics>();
  slot->incoming_records =
      counter("millrace_firehose_incoming_records_total", "Records received (IncomingRecords).");
  slot->incoming_bytes =
      counter("millrace_firehose_incoming_bytes_total", "Bytes received (IncomingBytes).");
  slot->delivered_objects = counter("millrace_firehose_delivery_to_s3_objects_total",
                                    "Objects delivered (DeliveryToS3.ObjectCount).");
  slot->delivered_records = counter("millrace_firehose_delivery_to_s3_records_total",
                                    "Records delivered (DeliveryToS3.Records).");
  slot->delivered_bytes = counter("millrace_firehose_delivery_to_s3_bytes_total",
                                  "Object bytes delivered (DeliveryToS3.Bytes).");
  slot->delivery_failures = counter("millrace_firehose_delivery_to_s3_failures_total",
                                    "Failed delivery attempts (DeliveryToS3.Success = 0).");
  slot->succeeded_conversion = counter("millrace_firehose_succeed_conversion_records_total",
                                       "Records converted (SucceedConversion.Records).");
  slot->failed_conversion = counter("millrace_firehose_failed_conversion_records_total",
                                    "Records that failed conversion (FailedConversion.Records).");
  slot->error_records = counter("millrace_firehose_error_output_records_total",
                                "Records written to the error output prefix.");
  slot->data_freshness_seconds =
      &reg.Gauges("millrace_firehose_delivery_to_s3_data_freshness_seconds",
                  "Age of the oldest record not yet delivered (DeliveryToS3.DataFreshness).", label)
           .Labels({name});
  return slot.get();
}

}  // namespace millrace::firehose
