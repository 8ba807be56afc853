#include "firehose/delivery_plan.h"

#include "firehose/destination_config.h"
#include "firehose/hive_schema.h"

namespace millrace::firehose {

namespace {
constexpr int64_t kTableCacheMs = 60'000;
}

DeliveryPlan::DeliveryPlan(DeliveryStreamDefinition def) : def_(std::move(def)) {}
DeliveryPlan::~DeliveryPlan() = default;

Result<std::unique_ptr<DeliveryPlan>> DeliveryPlan::Make(DeliveryStreamDefinition def,
                                                         const TransformHookMap& hooks) {
  std::unique_ptr<DeliveryPlan> plan(new DeliveryPlan(std::move(def)));
  const S3DestinationSettings& dest = plan->def_.destination;
  MR_ASSIGN_OR_RETURN(
      plan->prefixes_,
      BuildPrefixPair(dest.prefix, dest.has_error_prefix ? &dest.error_prefix : nullptr,
                      dest.dynamic_partitioning));
  MR_ASSIGN_OR_RETURN(plan->time_zone_, CustomTimeZone::Parse(dest.custom_time_zone));
  plan->extension_ = DefaultFileExtension(dest);
  const ProcessingConfiguration& processing = dest.processing;
  if (const Processor* p = processing.Find(ProcessorType::kAppendDelimiterToRecord)) {
    MR_ASSIGN_OR_RETURN(plan->append_delimiter_, AppendDelimiterFrom(*p));
  }
  if (const Processor* p = processing.Find(ProcessorType::kDecompression)) {
    MR_RETURN_IF_ERROR(DecompressionFrom(*p));
    plan->decompress_ = true;
  }
  if (const Processor* p = processing.Find(ProcessorType::kCloudWatchLogProcessing)) {
    MR_ASSIGN_OR_RETURN(plan->extract_log_messages_, DataMessageExtractionFrom(*p));
  }
  if (const Processor* p = processing.Find(ProcessorType::kRecordDeAggregation)) {
    MR_ASSIGN_OR_RETURN(plan->deaggregation_, DeAggregationFrom(*p));
  }
  if (const Processor* p = processing.Find(ProcessorType::kMetadataExtraction)) {
    MR_ASSIGN_OR_RETURN(MetadataExtractionSettings settings, MetadataExtractionFrom(*p));
    MR_ASSIGN_OR_RETURN(plan->query_, JqPartitionQuery::Compile(settings.query));
  }
  if (const Processor* p = processing.Find(ProcessorType::kLambda)) {
    MR_ASSIGN_OR_RETURN(LambdaSettings lambda, LambdaFrom(*p));
    TransformHookOptions options;
    options.number_of_retries = lambda.number_of_retries;
    MR_ASSIGN_OR_RETURN(TransformHook hook,
                        TransformHook::Create(lambda.lambda_arn, hooks, options));
    plan->transform_.emplace(std::move(hook));
    plan->transform_batch_bytes_ = static_cast<size_t>(lambda.buffer_size_mb * (1 << 20));
  }
  return plan;
}

Result<const CatalogTable*> DeliveryPlan::Table(CatalogView* catalog, int64_t now_ms) {
  if (table_ && now_ms - table_loaded_ms_ < kTableCacheMs) return &*table_;
  if (catalog == nullptr) {
    return Status::NotFound("no data catalog is configured to look up the conversion table");
  }
  const ConversionSettings& c = dest().conversion;
  MR_ASSIGN_OR_RETURN(CatalogTable table,
                      catalog->GetTable(c.catalog_id, c.database, c.table, c.version_id));
  MR_ASSIGN_OR_RETURN(parquet::Schema schema, HiveSchema(table.columns));
  table_ = std::move(table);
  schema_ = std::move(schema);
  table_loaded_ms_ = now_ms;
  return &*table_;
}

Result<const parquet::Schema*> DeliveryPlan::Schema(CatalogView* catalog, int64_t now_ms) {
  MR_RETURN_IF_ERROR(Table(catalog, now_ms).status());
  return &*schema_;
}

}  // namespace millrace::firehose

namespace millrace::firehose {

Result<PartitionKeys> DeliveryPlan::ExtractKeys(std::string_view record) {
  if (!query_) return PartitionKeys();
  return query_->Evaluate(record);
}

Status DeliveryPlan::CheckKeys(const PartitionKeys& query, const PartitionKeys& lambda) const {
  for (const std::string& name : prefixes_.prefix.QueryKeyNames()) {
    if (query.Find(name) == nullptr) {
      return Status::InvalidArgument("partitionKeyFromQuery:" + name +
                                     " was not produced by the MetadataExtraction query");
    }
  }
  for (const std::string& name : prefixes_.prefix.LambdaKeyNames()) {
    if (lambda.Find(name) == nullptr) {
      return Status::InvalidArgument("partitionKeyFromLambda:" + name +
                                     " was not returned by the transform");
    }
  }
  return Status::Ok();
}

}  // namespace millrace::firehose
