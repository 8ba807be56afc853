// DeliveryPlan: what a delivery worker derives from one version of a delivery stream's
// definition: the parsed prefixes, time zone and file extension, the processors it applies, and
// the Parquet schema of the conversion table (looked up in the catalog, refreshed every minute).
// Not thread-safe; owned by one worker.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "firehose/catalog_view.h"
#include "firehose/custom_time_zone.h"
#include "firehose/delivery_stream.h"
#include "firehose/jq_partition_query.h"
#include "firehose/partition_keys.h"
#include "firehose/prefix_template.h"
#include "firehose/processor_config.h"
#include "firehose/transform_hook.h"
#include "parquet/schema.h"

namespace millrace::firehose {

class DeliveryPlan {
 public:
  // Fails only for a definition the API would not have accepted.
  // `hooks` resolves Lambda ARNs of the Lambda processor to transform hooks.
  static Result<std::unique_ptr<DeliveryPlan>> Make(DeliveryStreamDefinition def,
                                                    const TransformHookMap& hooks);
  ~DeliveryPlan();

  const DeliveryStreamDefinition& def() const { return def_; }
  const S3DestinationSettings& dest() const { return def_.destination; }
  const PrefixPair& prefixes() const { return prefixes_; }
  const CustomTimeZone& time_zone() const { return time_zone_; }
  const std::string& extension() const { return extension_; }
  // AppendDelimiterToRecord: the bytes appended to every record, or nullopt.
  const std::optional<std::string>& append_delimiter() const { return append_delimiter_; }
  // RecordDeAggregation settings, or nullopt.
  const std::optional<DeAggregationSettings>& deaggregation() const { return deaggregation_; }
  bool kpl_deaggregation() const { return def_.source.type == SourceType::kKinesisStream; }
  // Decompression (gzip) and CloudWatchLogProcessing message extraction of CloudWatch Logs
  // subscription records.
  bool decompress() const { return decompress_; }
  bool extract_log_messages() const { return extract_log_messages_; }

  // The Lambda processor's hook, or null; with its buffer size (bytes per invocation).
  const TransformHook* transform() const { return transform_ ? &*transform_ : nullptr; }
  size_t transform_batch_bytes() const { return transform_batch_bytes_; }

  // Partition keys of one record (dynamic partitioning) from the MetadataExtraction query;
  // empty without one. Errors (the record goes to the error output): not JSON, a key missing...
  Result<PartitionKeys> ExtractKeys(std::string_view record);
  // OK when the Prefix finds every partition key it names among `query` and `lambda`.
  Status CheckKeys(const PartitionKeys& query, const PartitionKeys& lambda) const;

  // The conversion table, from `catalog` (cached for a minute). NotFound/InvalidArgument errors
  // send the records to the format-conversion-failed output.
  Result<const CatalogTable*> Table(CatalogView* catalog, int64_t now_ms);
  Result<const parquet::Schema*> Schema(CatalogView* catalog, int64_t now_ms);

 private:
  explicit DeliveryPlan(DeliveryStreamDefinition def);

  DeliveryStreamDefinition def_;
  PrefixPair prefixes_;
  CustomTimeZone time_zone_;
  std::string extension_;
  std::optional<std::string> append_delimiter_;
  std::optional<DeAggregationSettings> deaggregation_;
  bool decompress_ = false;
  bool extract_log_messages_ = false;
  std::unique_ptr<JqPartitionQuery> query_;
  std::optional<TransformHook> transform_;
  size_t transform_batch_bytes_ = 1 << 20;
  std::optional<CatalogTable> table_;
  std::optional<parquet::Schema> schema_;
  int64_t table_loaded_ms_ = 0;
};

}  // namespace millrace::firehose
