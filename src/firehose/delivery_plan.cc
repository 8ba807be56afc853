#include "firehose/delivery_plan.h"

#include "firehose/destination_config.h"
#include "firehose/hive_schema.h"

namespace millrace::firehose {

namespace {
constexpr int64_t kTableCacheMs = 60'000;
}

DeliveryPlan::DeliveryPlan(DeliveryStreamDefinition def) : def_(std::move(def)) {}
DeliveryPlan::~DeliveryPlan() = default;

Result<std::unique_ptr<DeliveryPlan>> DeliveryPlan::Make(DeliveryStreamDefinition def) {
  std::unique_ptr<DeliveryPlan> plan(new DeliveryPlan(std::move(def)));
  const S3DestinationSettings& dest = plan->def_.destination;
  MR_ASSIGN_OR_RETURN(plan->prefixes_,
                      BuildPrefixPair(dest.prefix,
                                      dest.has_error_prefix ? &dest.error_prefix : nullptr,
                                      dest.dynamic_partitioning));
  MR_ASSIGN_OR_RETURN(plan->time_zone_, CustomTimeZone::Parse(dest.custom_time_zone));
  plan->extension_ = DefaultFileExtension(dest);
  if (dest.processing_enabled) {
    for (const ProcessorSettings& p : dest.processors) {
      if (p.type == "AppendDelimiterToRecord") plan->append_delimiter_ = true;
      if (p.type == "MetadataExtraction") {
        plan->metadata_query_ = p.Parameter("MetadataExtractionQuery");
      }
    }
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

Result<PartitionKeys> DeliveryPlan::ExtractKeys(std::string_view record, std::string* error_code) {
  (void)record;
  *error_code = "DynamicPartitioning.MetadataExtractionFailed";
  if (metadata_query_.empty()) {
    return Status::InvalidArgument("no MetadataExtraction processor gives partition keys");
  }
  return Status::InvalidArgument("MetadataExtraction queries are not available in this build");
}

}  // namespace millrace::firehose
