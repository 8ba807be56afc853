#include "firehose/destination_config.h"

#include <gtest/gtest.h>

#include "base/json.h"

namespace millrace::firehose {
namespace {

Value Json(std::string_view text) {
  Result<Value> v = json::Parse(text);
  EXPECT_TRUE(v.ok()) << text;
  return v.ok() ? *v : Value();
}

ApiResult<S3DestinationSettings> Parse(std::string_view text) {
  return ParseS3Destination(Json(text), true, "extendedS3DestinationConfiguration");
}

TEST(DestinationConfigTest, DefaultsAreFilledIn) {
  auto s = Parse(R"({"RoleARN":"arn:aws:iam::1:role/r","BucketARN":"arn:aws:s3:::lake"})");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s.value().bucket, "lake");
  EXPECT_EQ(s.value().buffering.size_mb, 5);
  EXPECT_EQ(s.value().buffering.interval_s, 300);
  EXPECT_EQ(s.value().compression, "UNCOMPRESSED");
  const Value& d = s.value().description;
  EXPECT_EQ(d.Find("BufferingHints")->Find("IntervalInSeconds")->int_value(), 300);
  EXPECT_EQ(d.Find("CompressionFormat")->string_value(), "UNCOMPRESSED");
  EXPECT_EQ(d.Find("EncryptionConfiguration")->Find("NoEncryptionConfig")->string_value(),
            "NoEncryption");
  EXPECT_EQ(DefaultFileExtension(s.value()), "");
}

TEST(DestinationConfigTest, BufferingHintRanges) {
  EXPECT_TRUE(Parse(R"({"BucketARN":"arn:aws:s3:::b","BufferingHints":{"SizeInMBs":128,
                        "IntervalInSeconds":0}})")
                  .ok());
  auto big = Parse(R"({"BucketARN":"arn:aws:s3:::b","BufferingHints":{"SizeInMBs":129}})");
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().type, "ValidationException");
  auto slow = Parse(R"({"BucketARN":"arn:aws:s3:::b","BufferingHints":{"IntervalInSeconds":901}})");
  ASSERT_FALSE(slow.ok());
  EXPECT_EQ(slow.error().type, "ValidationException");
}

TEST(DestinationConfigTest, BucketArnMustNameABucket) {
  auto s = Parse(R"({"BucketARN":"arn:aws:s3:::b/key"})");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().type, "InvalidArgumentException");
  EXPECT_FALSE(Parse(R"({"BucketARN":"lake"})").ok());
  EXPECT_FALSE(Parse(R"({"RoleARN":"r"})").ok());
}

TEST(DestinationConfigTest, CompressionAndExtension) {
  auto gz = Parse(R"({"BucketARN":"arn:aws:s3:::b","CompressionFormat":"GZIP"})");
  ASSERT_TRUE(gz.ok());
  EXPECT_EQ(DefaultFileExtension(gz.value()), ".gz");
  auto custom = Parse(
      R"({"BucketARN":"arn:aws:s3:::b","CompressionFormat":"GZIP","FileExtension":".json.gz"})");
  ASSERT_TRUE(custom.ok());
  EXPECT_EQ(DefaultFileExtension(custom.value()), ".json.gz");
  EXPECT_FALSE(Parse(R"({"BucketARN":"arn:aws:s3:::b","CompressionFormat":"LZ4"})").ok());
  EXPECT_FALSE(Parse(R"({"BucketARN":"arn:aws:s3:::b","FileExtension":"gz"})").ok());
}

constexpr std::string_view kConversion = R"({"BucketARN":"arn:aws:s3:::b",
  "BufferingHints":{"SizeInMBs":64,"IntervalInSeconds":60},
  "DataFormatConversionConfiguration":{
    "SchemaConfiguration":{"DatabaseName":"db","TableName":"events","RoleARN":"r"},
    "InputFormatConfiguration":{"Deserializer":{"OpenXJsonSerDe":{}}},
    "OutputFormatConfiguration":{"Serializer":{"ParquetSerDe":{"Compression":"GZIP"}}}}})";

TEST(DestinationConfigTest, FormatConversion) {
  auto s = Parse(kConversion);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_TRUE(s.value().conversion.enabled);
  EXPECT_EQ(s.value().conversion.database, "db");
  EXPECT_EQ(s.value().conversion.table, "events");
  EXPECT_EQ(s.value().conversion.version_id, "LATEST");
  EXPECT_EQ(s.value().conversion.parquet_compression, "GZIP");
  EXPECT_EQ(DefaultFileExtension(s.value()), ".parquet");
  // Conversion needs at least 64 MiB buffers and no object compression.
  std::string small(kConversion);
  small.replace(small.find("\"SizeInMBs\":64"), 14, "\"SizeInMBs\":16");
  EXPECT_FALSE(Parse(small).ok());
  std::string gz(kConversion);
  gz.insert(1, R"("CompressionFormat":"GZIP",)");
  EXPECT_FALSE(Parse(gz).ok());
  // A buffer size left out defaults to 128 with conversion.
  std::string none(kConversion);
  none.replace(none.find("\"SizeInMBs\":64,"), 15, "");
  auto d = Parse(none);
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d.value().buffering.size_mb, 128);
}

TEST(DestinationConfigTest, DynamicPartitioningNeedsKeysAndErrorPrefix) {
  std::string base = R"({"BucketARN":"arn:aws:s3:::b",
    "DynamicPartitioningConfiguration":{"Enabled":true},
    "ProcessingConfiguration":{"Enabled":true,"Processors":[{"Type":"MetadataExtraction",
      "Parameters":[{"ParameterName":"MetadataExtractionQuery","ParameterValue":"{c:.c}"},
                    {"ParameterName":"JsonParsingEngine","ParameterValue":"JQ-1.6"}]}]},)";
  auto ok = Parse(base + R"("Prefix":"c=!{partitionKeyFromQuery:c}/",
      "ErrorOutputPrefix":"errors/!{firehose:error-output-type}/"})");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_TRUE(ok.value().dynamic_partitioning);
  const Processor* extraction = ok.value().processing.Find(ProcessorType::kMetadataExtraction);
  ASSERT_NE(extraction, nullptr);
  EXPECT_EQ(*extraction->Find("MetadataExtractionQuery"), "{c:.c}");
  EXPECT_FALSE(Parse(base + R"("Prefix":"c=!{partitionKeyFromQuery:c}/"})").ok());
  EXPECT_FALSE(Parse(base + R"("Prefix":"plain/","ErrorOutputPrefix":"e/"})").ok());
}

TEST(DestinationConfigTest, UpdateMergesAndKeepsDynamicPartitioningFixed) {
  auto s = Parse(R"({"BucketARN":"arn:aws:s3:::b","Prefix":"raw/",
                     "BufferingHints":{"SizeInMBs":8,"IntervalInSeconds":120}})");
  ASSERT_TRUE(s.ok());
  auto u = ApplyS3Update(s.value(), Json(R"({"BufferingHints":{"IntervalInSeconds":60}})"), true);
  ASSERT_TRUE(u.ok()) << u.error().message;
  EXPECT_EQ(u.value().buffering.size_mb, 8);
  EXPECT_EQ(u.value().buffering.interval_s, 60);
  EXPECT_EQ(u.value().prefix, "raw/");
  auto dp = ApplyS3Update(s.value(),
                          Json(R"({"DynamicPartitioningConfiguration":{"Enabled":true}})"), true);
  EXPECT_FALSE(dp.ok());
}

}  // namespace
}  // namespace millrace::firehose
