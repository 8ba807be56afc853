// The per-delivery-stream series in /metrics, named after Firehose's CloudWatch metrics with a
// `delivery_stream` label. Thread-safe (metric updates are atomic); series live as long as the
// process-wide registry.
#pragma once

#include <string>

namespace millrace::metrics {
class Counter;
class Gauge;
}  // namespace millrace::metrics

namespace millrace::firehose {

struct DeliveryMetrics {
  metrics::Counter* incoming_records;      // IncomingRecords
  metrics::Counter* incoming_bytes;        // IncomingBytes
  metrics::Counter* delivered_objects;     // DeliveryToS3.ObjectCount
  metrics::Counter* delivered_records;     // DeliveryToS3.Records
  metrics::Counter* delivered_bytes;       // DeliveryToS3.Bytes (object bytes)
  metrics::Counter* delivery_failures;     // DeliveryToS3.Success == 0 attempts
  metrics::Gauge* data_freshness_seconds;  // DeliveryToS3.DataFreshness
  metrics::Counter* succeeded_conversion;  // SucceedConversion.Records
  metrics::Counter* failed_conversion;     // FailedConversion.Records
  metrics::Counter* error_records;         // records written to the error output
};

// The series of stream `name` (created on first use; shared by streams of the same name).
DeliveryMetrics* MetricsFor(const std::string& name);

}  // namespace millrace::firehose
