#include "firehose/destination_config.h"

#include <array>
#include <string>

#include "firehose/custom_time_zone.h"
#include "firehose/object_name.h"
#include "firehose/prefix_template.h"
#include "firehose/record_compression.h"

namespace millrace::firehose {

namespace {

constexpr std::array<std::string_view, 5> kCompressionFormats = {"UNCOMPRESSED", "GZIP", "ZIP",
                                                                 "Snappy", "HADOOP_SNAPPY"};

std::string Path(std::string_view member, std::string_view field) {
  return std::string(member) + "." + std::string(field);
}

const Value* Member(const Value& v, std::string_view key) {
  const Value* m = v.Find(key);
  return (m == nullptr || m->is_null()) ? nullptr : m;
}

ApiStatus WrongType(std::string_view path, std::string_view expected) {
  return Serialization("Unexpected value type in payload: " + std::string(path) + " must be " +
                       std::string(expected));
}

// Reads an optional string member into *out (left as is when absent).
ApiStatus ReadString(const Value& v, std::string_view key, std::string_view path,
                     std::string* out) {
  const Value* m = Member(v, key);
  if (m == nullptr) return std::nullopt;
  if (m->kind() != Value::Kind::kString) return WrongType(path, "a string");
  *out = m->string_value();
  return std::nullopt;
}

ApiStatus ReadInt(const Value& v, std::string_view key, std::string_view path, int64_t* out) {
  const Value* m = Member(v, key);
  if (m == nullptr) return std::nullopt;
  Result<int64_t> i = m->AsInt64(key);
  if (!i.ok() || m->kind() == Value::Kind::kString) return WrongType(path, "an integer");
  *out = *i;
  return std::nullopt;
}

ApiStatus ReadBool(const Value& v, std::string_view key, std::string_view path, bool* out) {
  const Value* m = Member(v, key);
  if (m == nullptr) return std::nullopt;
  if (m->kind() != Value::Kind::kBool) return WrongType(path, "a boolean");
  *out = m->bool_value();
  return std::nullopt;
}

ApiStatus ParseBuffering(const Value& config, std::string_view member, bool conversion,
                         BufferingHints* hints) {
  const Value* b = Member(config, "BufferingHints");
  if (conversion) hints->size_mb = 128;
  if (b == nullptr) return std::nullopt;
  if (!b->is_object()) return WrongType(Path(member, "BufferingHints"), "a structure");
  std::string path = Path(member, "BufferingHints");
  if (auto e = ReadInt(*b, "SizeInMBs", path + ".SizeInMBs", &hints->size_mb)) return e;
  if (auto e = ReadInt(*b, "IntervalInSeconds", path + ".IntervalInSeconds", &hints->interval_s)) {
    return e;
  }
  if (hints->size_mb < 1 || hints->size_mb > 128) {
    return ValidationFailure(std::to_string(hints->size_mb), path + ".sizeInMBs",
                             "Member must have value less than or equal to 128 and greater "
                             "than or equal to 1");
  }
  if (hints->interval_s < 0 || hints->interval_s > 900) {
    return ValidationFailure(std::to_string(hints->interval_s), path + ".intervalInSeconds",
                             "Member must have value less than or equal to 900 and greater "
                             "than or equal to 0");
  }
  if (conversion && hints->size_mb < 64) {
    return InvalidArgument(
        "BufferingHints.SizeInMBs must be at least 64 when data format "
        "conversion is enabled.");
  }
  return std::nullopt;
}

ApiStatus ParseProcessing(const Value& config, S3DestinationSettings* s) {
  const Value* p = Member(config, "ProcessingConfiguration");
  if (p == nullptr) return std::nullopt;
  Result<ProcessingConfiguration> parsed = ParseProcessingConfiguration(*p);
  if (!parsed.ok()) return InvalidArgument(parsed.status().message());
  s->processing = std::move(parsed).value();
  return std::nullopt;
}

ApiStatus ParseConversion(const Value& config, std::string_view member, ConversionSettings* c) {
  const Value* d = Member(config, "DataFormatConversionConfiguration");
  if (d == nullptr) return std::nullopt;
  std::string path = Path(member, "DataFormatConversionConfiguration");
  if (!d->is_object()) return WrongType(path, "a structure");
  c->enabled = true;
  if (auto e = ReadBool(*d, "Enabled", path + ".Enabled", &c->enabled)) return e;
  if (!c->enabled) return std::nullopt;
  const Value* schema = Member(*d, "SchemaConfiguration");
  const Value* input = Member(*d, "InputFormatConfiguration");
  const Value* output = Member(*d, "OutputFormatConfiguration");
  if (schema == nullptr || input == nullptr || output == nullptr) {
    return InvalidArgument(
        "SchemaConfiguration, InputFormatConfiguration and "
        "OutputFormatConfiguration are required when data format "
        "conversion is enabled.");
  }
  std::string sp = path + ".SchemaConfiguration";
  if (auto e = ReadString(*schema, "CatalogId", sp + ".CatalogId", &c->catalog_id)) return e;
  if (auto e = ReadString(*schema, "DatabaseName", sp + ".DatabaseName", &c->database)) return e;
  if (auto e = ReadString(*schema, "TableName", sp + ".TableName", &c->table)) return e;
  if (auto e = ReadString(*schema, "Region", sp + ".Region", &c->region)) return e;
  if (auto e = ReadString(*schema, "VersionId", sp + ".VersionId", &c->version_id)) return e;
  if (c->database.empty() || c->table.empty()) {
    return InvalidArgument("SchemaConfiguration must name a DatabaseName and a TableName.");
  }
  const Value* deser = Member(*input, "Deserializer");
  if (deser == nullptr || (!deser->Has("OpenXJsonSerDe") && !deser->Has("HiveJsonSerDe"))) {
    return InvalidArgument(
        "InputFormatConfiguration.Deserializer must specify OpenXJsonSerDe "
        "or HiveJsonSerDe.");
  }
  const Value* ser = Member(*output, "Serializer");
  if (ser != nullptr && ser->Has("OrcSerDe")) {
    return InvalidArgument("OrcSerDe is not supported by this server; use ParquetSerDe.");
  }
  if (ser == nullptr || !ser->Has("ParquetSerDe")) {
    return InvalidArgument("OutputFormatConfiguration.Serializer must specify ParquetSerDe.");
  }
  const Value& parquet = *ser->Find("ParquetSerDe");
  if (auto e =
          ReadString(parquet, "Compression", "ParquetSerDe.Compression", &c->parquet_compression)) {
    return e;
  }
  if (c->parquet_compression != "SNAPPY" && c->parquet_compression != "GZIP" &&
      c->parquet_compression != "UNCOMPRESSED") {
    return ValidationFailure(c->parquet_compression, "parquetSerDe.compression",
                             "Member must satisfy enum value set: [UNCOMPRESSED, GZIP, SNAPPY]");
  }
  return std::nullopt;
}

}  // namespace

ApiResult<std::string> BucketFromArn(std::string_view arn) {
  size_t pos = arn.find(":s3:::");
  if (arn.substr(0, 4) != "arn:" || pos == std::string_view::npos || pos + 6 >= arn.size()) {
    return InvalidArgument("BucketARN " + std::string(arn) +
                           " is not a valid S3 bucket ARN (arn:aws:s3:::<bucket>).");
  }
  std::string bucket(arn.substr(pos + 6));
  if (bucket.find('/') != std::string::npos) {
    return InvalidArgument("BucketARN " + std::string(arn) + " must name a bucket, not a key.");
  }
  return bucket;
}

ApiResult<S3DestinationSettings> ParseS3Destination(const Value& config, bool extended,
                                                    std::string_view member) {
  if (!config.is_object()) return *WrongType(member, "a structure");
  S3DestinationSettings s;
  s.extended = extended;
  std::string role_arn, bucket_arn;
  if (auto e = ReadString(config, "RoleARN", Path(member, "RoleARN"), &role_arn)) return *e;
  if (auto e = ReadString(config, "BucketARN", Path(member, "BucketARN"), &bucket_arn)) return *e;
  if (bucket_arn.empty()) {
    return ValidationFailure("null", Path(member, "bucketARN"), "Member must not be null");
  }
  ApiResult<std::string> bucket = BucketFromArn(bucket_arn);
  if (!bucket.ok()) return bucket.error();
  s.bucket = std::move(bucket).value();

  if (auto e = ReadString(config, "Prefix", Path(member, "Prefix"), &s.prefix)) return *e;
  if (const Value* ep = Member(config, "ErrorOutputPrefix")) {
    if (ep->kind() != Value::Kind::kString) {
      return *WrongType(Path(member, "ErrorOutputPrefix"), "a string");
    }
    s.has_error_prefix = true;
    s.error_prefix = ep->string_value();
  }
  for (const auto* p : {&s.prefix, &s.error_prefix}) {
    if (p->size() > 1024) {
      return ValidationFailure(*p, Path(member, p == &s.prefix ? "prefix" : "errorOutputPrefix"),
                               "Member must have length less than or equal to 1024");
    }
  }
  if (auto e = ReadString(config, "CompressionFormat", Path(member, "CompressionFormat"),
                          &s.compression)) {
    return *e;
  }
  bool known = false;
  for (std::string_view f : kCompressionFormats) known = known || s.compression == f;
  if (!known) {
    return ValidationFailure(s.compression, Path(member, "compressionFormat"),
                             "Member must satisfy enum value set: [UNCOMPRESSED, GZIP, ZIP, "
                             "Snappy, HADOOP_SNAPPY]");
  }
  if (extended) {
    if (auto e = ParseConversion(config, member, &s.conversion)) return *e;
    if (auto e = ParseProcessing(config, &s)) return *e;
    if (const Value* dp = Member(config, "DynamicPartitioningConfiguration")) {
      if (!dp->is_object()) return *WrongType("DynamicPartitioningConfiguration", "a structure");
      if (auto e = ReadBool(*dp, "Enabled", "DynamicPartitioningConfiguration.Enabled",
                            &s.dynamic_partitioning)) {
        return *e;
      }
    }
    if (auto e =
            ReadString(config, "FileExtension", Path(member, "FileExtension"), &s.file_extension)) {
      return *e;
    }
    if (auto e = ReadString(config, "CustomTimeZone", Path(member, "CustomTimeZone"),
                            &s.custom_time_zone)) {
      return *e;
    }
  }
  if (Status st = ValidateFileExtension(s.file_extension); !st.ok()) {
    return ValidationFailure(s.file_extension, Path(member, "fileExtension"),
                             "Member must satisfy regular expression pattern: "
                             "^$|\\.[0-9a-z!\\-_.*'()]+");
  }
  if (Result<CustomTimeZone> tz = CustomTimeZone::Parse(s.custom_time_zone); !tz.ok()) {
    return InvalidArgument(tz.status().message());
  }
  if (auto e = ParseBuffering(config, member, s.conversion.enabled, &s.buffering)) return *e;
  if (s.conversion.enabled && s.compression != "UNCOMPRESSED") {
    return InvalidArgument(
        "CompressionFormat must be UNCOMPRESSED when data format conversion "
        "is enabled; the Parquet serializer compresses the data itself.");
  }

  // Firehose's prefix rules (expressions, the Prefix/ErrorOutputPrefix pair, dynamic
  // partitioning).
  if (Status st = ValidatePrefixPair(s.prefix, s.has_error_prefix ? &s.error_prefix : nullptr,
                                     s.dynamic_partitioning);
      !st.ok()) {
    return InvalidArgument(st.message());
  }

  // The description: the configuration as given, defaults filled in.
  Value d = config;
  Value hints = Value::MakeObject();
  hints.Set("SizeInMBs", Value(s.buffering.size_mb));
  hints.Set("IntervalInSeconds", Value(s.buffering.interval_s));
  d.Set("BufferingHints", std::move(hints));
  d.Set("CompressionFormat", Value(s.compression));
  if (!config.Has("EncryptionConfiguration")) {
    Value enc = Value::MakeObject();
    enc.Set("NoEncryptionConfig", Value("NoEncryption"));
    d.Set("EncryptionConfiguration", std::move(enc));
  }
  if (!config.Has("RoleARN")) d.Set("RoleARN", Value(""));
  if (extended && !config.Has("S3BackupMode")) d.Set("S3BackupMode", Value("Disabled"));
  s.description = std::move(d);
  return s;
}

ApiResult<S3DestinationSettings> ApplyS3Update(const S3DestinationSettings& current,
                                               const Value& update, bool extended) {
  if (!update.is_object()) return *WrongType("S3DestinationUpdate", "a structure");
  Value merged = current.description;
  for (const auto& [key, value] : update.object()) {
    if (value.is_null()) continue;
    if (key == "BufferingHints" && value.is_object()) {
      Value hints =
          merged.Has("BufferingHints") ? *merged.Find("BufferingHints") : Value::MakeObject();
      for (const auto& [hk, hv] : value.object()) hints.Set(hk, hv);
      merged.Set("BufferingHints", std::move(hints));
      continue;
    }
    merged.Set(key, value);
  }
  ApiResult<S3DestinationSettings> next =
      ParseS3Destination(merged, extended || current.extended,
                         extended ? "extendedS3DestinationUpdate" : "s3DestinationUpdate");
  if (!next.ok()) return next;
  if (next.value().dynamic_partitioning != current.dynamic_partitioning) {
    return InvalidArgument(
        "Dynamic partitioning can only be configured when the delivery "
        "stream is created; it cannot be enabled or disabled afterwards.");
  }
  next.value().destination_id = current.destination_id;
  return next;
}

std::string DefaultFileExtension(const S3DestinationSettings& settings) {
  if (!settings.file_extension.empty()) return settings.file_extension;
  if (settings.conversion.enabled) return ".parquet";
  Result<CompressionFormat> format = ParseCompressionFormat(settings.compression);
  if (!format.ok()) return "";
  return std::string(DefaultFileExtension(*format));
}

}  // namespace millrace::firehose
