// The definition of a delivery stream: its source, its S3 destination and the settings the
// delivery worker acts on, plus the state the API reports (status, version, tags, encryption).
// Plain values, thread-compatible. The stored form is a JSON document (see docs/firehose.md).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"
#include "base/value.h"
#include "firehose/processor_config.h"

namespace millrace::firehose {

enum class SourceType : uint8_t { kDirectPut, kKinesisStream, kMsk };

// "DirectPut", "KinesisStreamAsSource", "MSKAsSource".
std::string_view SourceTypeName(SourceType type);

struct BufferingHints {
  int64_t size_mb = 5;       // 1..128
  int64_t interval_s = 300;  // 0..900
  bool operator==(const BufferingHints&) const = default;
};

// Where a delivery stream reads. A DirectPut stream reads its own internal topic.
struct SourceSettings {
  SourceType type = SourceType::kDirectPut;
  std::string topic;       // the log topic read: internal, Kinesis stream or Kafka topic
  std::string source_arn;  // KinesisStreamARN or MSKClusterARN as given
  std::string role_arn;
  Value raw;             // the source configuration as given (reported by Describe)
  int64_t start_ms = 0;  // DeliveryStartTimestamp
};

// Record format conversion (DataFormatConversionConfiguration): JSON in, Parquet out, with the
// schema of a catalog table.
struct ConversionSettings {
  bool enabled = false;
  std::string catalog_id;
  std::string database;
  std::string table;
  std::string region;
  std::string version_id = "LATEST";
  std::string parquet_compression = "SNAPPY";  // SNAPPY | GZIP | UNCOMPRESSED
};

// The S3 destination: what the worker needs, parsed, and the configuration as given (with
// defaults filled in) for Describe.
struct S3DestinationSettings {
  std::string destination_id = "destinationId-000000000001";
  bool extended = true;  // ExtendedS3 (else the deprecated S3 destination)
  std::string bucket;    // from BucketARN arn:aws:s3:::<bucket>
  std::string prefix;    // as given ("" = default)
  bool has_error_prefix = false;
  std::string error_prefix;
  BufferingHints buffering;
  std::string compression = "UNCOMPRESSED";
  std::string file_extension;    // "" = the compression's default
  std::string custom_time_zone;  // "" = UTC
  bool dynamic_partitioning = false;
  ConversionSettings conversion;
  ProcessingConfiguration processing;
  Value description;  // the configuration with defaults, as Describe shows it
};

struct Tag {
  std::string key;
  std::string value;
  bool operator==(const Tag&) const = default;
};

struct EncryptionSettings {
  std::string status = "DISABLED";  // ENABLED | DISABLED
  std::string key_type;             // AWS_OWNED_CMK | CUSTOMER_MANAGED_CMK
  std::string key_arn;
};

struct DeliveryStreamDefinition {
  std::string name;
  std::string arn;
  std::string account_id;
  std::string region;
  SourceSettings source;
  S3DestinationSettings destination;
  int64_t version = 1;  // VersionId; +1 per UpdateDestination
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
  int64_t active_at_ms = 0;  // CREATING until then
  std::vector<Tag> tags;     // sorted by key
  EncryptionSettings encryption;
};

// The internal log topic that holds a DirectPut stream's records: "__firehose.<name>".
std::string InternalTopic(std::string_view stream_name);
// True for names InternalTopic makes.
bool IsInternalTopic(std::string_view topic);

// "arn:aws:firehose:<region>:<account>:deliverystream/<name>".
std::string DeliveryStreamArn(std::string_view region, std::string_view account,
                              std::string_view name);

// The stored form and back. Corruption if the document is not a definition.
Value EncodeDefinition(const DeliveryStreamDefinition& def);
Result<DeliveryStreamDefinition> DecodeDefinition(const Value& stored);

// DescribeDeliveryStream's DeliveryStreamDescription at `now_ms`.
Value DescribeDefinition(const DeliveryStreamDefinition& def, int64_t now_ms);

}  // namespace millrace::firehose
