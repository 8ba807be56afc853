// The delivery half of DeliveryWorker: turning a due buffer into an object in the lake.
#include <cstring>
#include <set>

#include "base/clock.h"
#include "base/logging.h"
#include "base/metrics.h"
#include "firehose/catalog_view.h"
#include "firehose/delivery_metrics.h"
#include "firehose/delivery_plan.h"
#include "firehose/delivery_worker.h"
#include "firehose/error_record.h"
#include "firehose/object_name.h"
#include "firehose/open_buffer.h"
#include "firehose/record_compression.h"
#include "firehose/stream_registry.h"
#include "lake/object_store.h"
#include "parquet/io.h"
#include "parquet/json_to_parquet.h"

namespace millrace::firehose {

namespace {

// Objects for an external store from this size on go up as multipart uploads of this part size.
constexpr size_t kMultipartThreshold = 16 << 20;
constexpr size_t kMultipartPartBytes = 8 << 20;

parquet::Codec ParquetCodec(const std::string& compression) {
  if (compression == "GZIP") return parquet::Codec::kGzip;
  if (compression == "UNCOMPRESSED") return parquet::Codec::kUncompressed;
  return parquet::Codec::kSnappy;
}

// A record as one line of newline-delimited JSON: line breaks (whitespace between JSON tokens;
// raw ones are not allowed inside strings) become spaces.
void AppendAsLine(std::string_view record, std::string* out) {
  size_t start = out->size();
  out->append(record);
  char* begin = out->data() + start;
  char* end = begin + record.size();
  for (char breaker : {'\n', '\r'}) {
    for (char* p = begin; (p = static_cast<char*>(std::memchr(p, breaker, end - p))) != nullptr;) {
      *p++ = ' ';
    }
  }
  out->push_back('\n');
}

bool IsBlank(std::string_view record) {
  for (char c : record) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  }
  return true;
}

}  // namespace

Status DeliveryWorker::Publish(const std::string& key, const std::string& bytes, int64_t records) {
  const std::string& bucket = plan_->dest().bucket;
  const lake::s3::S3ClientOptions* external =
      env_.external != nullptr ? env_.external->S3Bucket(bucket) : nullptr;
  if (external != nullptr) {
    // An external S3-compatible store (the client is cheap to build): one signed PUT, or a
    // multipart upload for a large object.
    lake::s3::S3Client client(*external);
    if (bytes.size() >= kMultipartThreshold) {
      MR_RETURN_IF_ERROR(
          client.PutObjectMultipart(bucket, key, bytes, kMultipartPartBytes).status());
    } else {
      MR_RETURN_IF_ERROR(client.PutObject(bucket, key, bytes).status());
    }
  } else {
    lake::ObjectAttributes attributes;
    MR_RETURN_IF_ERROR(env_.lake->PutObject(bucket, key, attributes, bytes).status());
  }
  stream_->metrics->delivered_objects->Inc();
  stream_->metrics->delivered_bytes->Inc(bytes.size());
  stream_->metrics->delivered_records->Inc(static_cast<uint64_t>(records));
  return Status::Ok();
}

Status DeliveryWorker::FlushData(OpenBuffer& open) {
  const DeliveryBuffer& b = open.buffer;
  const S3DestinationSettings& dest = plan_->dest();
  std::string bytes;
  int64_t records = static_cast<int64_t>(b.record_count());
  // Records that failed conversion: (buffer index, message), sent to the error output once the
  // good ones are published.
  std::vector<std::pair<size_t, std::string>> rejected;
  const CatalogTable* table = nullptr;
  if (dest.conversion.enabled) {
    int64_t now = WallMillis();
    Result<const CatalogTable*> t = plan_->Table(env_.catalog, now);
    Result<const parquet::Schema*> schema = plan_->Schema(env_.catalog, now);
    if (!t.ok() || !schema.ok()) {
      const Status& why = !t.ok() ? t.status() : schema.status();
      for (size_t i = 0; i < b.record_count(); ++i) {
        AddConversionError(kConversionInvalidSchema,
                           "The schema of table " + dest.conversion.database + "." +
                               dest.conversion.table + " could not be used: " + why.message(),
                           b.origin(i), b.record(i));
      }
      stream_->metrics->failed_conversion->Inc(b.record_count());
      return Status::Ok();
    }
    table = *t;
    parquet::WriterOptions options;
    options.codec = ParquetCodec(dest.conversion.parquet_compression);
    parquet::StringSink sink;
    MR_ASSIGN_OR_RETURN(std::unique_ptr<parquet::JsonToParquet> converter,
                        parquet::JsonToParquet::Open(**schema, options, &sink));
    std::string ndjson;
    ndjson.reserve(b.bytes() + b.record_count());
    std::vector<size_t> line_to_record;
    line_to_record.reserve(b.record_count());
    for (size_t i = 0; i < b.record_count(); ++i) {
      if (IsBlank(b.record(i))) {
        rejected.emplace_back(i, "The record is empty.");
        continue;
      }
      AppendAsLine(b.record(i), &ndjson);
      line_to_record.push_back(i);
    }
    std::vector<parquet::RecordError> errors;
    MR_RETURN_IF_ERROR(converter->Append(ndjson, &errors));
    MR_RETURN_IF_ERROR(converter->Close());
    for (const parquet::RecordError& e : errors) {
      rejected.emplace_back(line_to_record[static_cast<size_t>(e.record)], e.ToString());
    }
    records = converter->records_written();
    bytes = sink.Release();
  } else {
    MR_ASSIGN_OR_RETURN(CompressionFormat format, ParseCompressionFormat(dest.compression));
    MR_ASSIGN_OR_RETURN(bytes, Compress(format, b.data()));
  }

  if (records > 0) {
    PrefixContext context;
    context.arrival_millis = b.oldest_arrival_ms();
    context.time_zone = &plan_->time_zone();
    context.query_keys = &open.keys;
    context.lambda_keys = &open.lambda_keys;
    MR_ASSIGN_OR_RETURN(std::string prefix, plan_->prefixes().prefix.Evaluate(context));
    std::string key =
        prefix + ObjectName(plan_->def().name, plan_->def().version, b.oldest_arrival_ms(),
                            plan_->extension(), &plan_->time_zone());
    MR_RETURN_IF_ERROR(Publish(key, bytes, records));
    if (table != nullptr) {
      stream_->metrics->succeeded_conversion->Inc(static_cast<uint64_t>(records));
      RegisterPartition(*table, open.keys, prefix);
    }
  }
  for (const auto& [index, message] : rejected) {
    AddConversionError(kConversionMalformedData, message, b.origin(index), b.record(index));
  }
  stream_->metrics->failed_conversion->Inc(rejected.size());
  return Status::Ok();
}

Status DeliveryWorker::FlushErrors(OpenBuffer& open) {
  const DeliveryBuffer& b = open.buffer;
  PrefixContext context;
  context.arrival_millis = b.oldest_arrival_ms();
  context.time_zone = &plan_->time_zone();
  context.error_output_type = open.error_type;
  MR_ASSIGN_OR_RETURN(std::string prefix, plan_->prefixes().error_prefix.Evaluate(context));
  std::string key = prefix + ObjectName(plan_->def().name, plan_->def().version,
                                        b.oldest_arrival_ms(), "", &plan_->time_zone());
  return Publish(key, b.data(), static_cast<int64_t>(b.record_count()));
}

void DeliveryWorker::RegisterPartition(const CatalogTable& table, const PartitionKeys& keys,
                                       const std::string& prefix) {
  if (env_.catalog == nullptr || table.partition_keys.empty() || keys.empty()) return;
  std::vector<std::string> values;
  for (const CatalogColumn& column : table.partition_keys) {
    const std::string* v = keys.Find(column.name);
    if (v == nullptr) return;  // the prefix does not name this table's partitions
    values.push_back(*v);
  }
  std::string id;
  for (const std::string& v : values) id += v + '\x1f';
  if (registered_partitions_.count(id) != 0) return;
  const ConversionSettings& c = plan_->dest().conversion;
  Status s = env_.catalog->AddPartition(c.catalog_id, c.database, c.table, values,
                                        "s3://" + plan_->dest().bucket + "/" + prefix);
  if (!s.ok()) {
    MR_LOG_WARN("firehose: delivery stream {}: registering partition {} of {}.{}: {}",
                plan_->def().name, prefix, c.database, c.table, s.ToString());
    return;
  }
  registered_partitions_.insert(std::move(id));
}

}  // namespace millrace::firehose
