#include "firehose/delivery_stream.h"

#include <gtest/gtest.h>

#include "base/json.h"
#include "firehose/destination_config.h"

namespace millrace::firehose {
namespace {

DeliveryStreamDefinition Sample() {
  DeliveryStreamDefinition def;
  def.name = "clicks";
  def.account_id = "000000000000";
  def.region = "us-east-1";
  def.arn = DeliveryStreamArn(def.region, def.account_id, def.name);
  def.source.type = SourceType::kKinesisStream;
  def.source.topic = "clicks-in";
  def.source.source_arn = "arn:aws:kinesis:us-east-1:000000000000:stream/clicks-in";
  def.source.role_arn = "arn:aws:iam::000000000000:role/r";
  def.source.start_ms = 1700000000000;
  Result<Value> config = json::Parse(
      R"({"RoleARN":"r","BucketARN":"arn:aws:s3:::lake","Prefix":"clicks/",
          "CompressionFormat":"GZIP","BufferingHints":{"SizeInMBs":1,"IntervalInSeconds":60}})");
  auto dest = ParseS3Destination(*config, true, "x");
  EXPECT_TRUE(dest.ok());
  def.destination = dest.value();
  def.version = 3;
  def.created_ms = 1700000000000;
  def.updated_ms = 1700000100000;
  def.active_at_ms = 1700000000500;
  def.tags = {{"env", "test"}, {"team", "data"}};
  def.encryption.status = "DISABLED";
  return def;
}

TEST(DeliveryStreamTest, StoredFormRoundTrips) {
  DeliveryStreamDefinition def = Sample();
  // Through JSON text, as stored on disk.
  Result<Value> stored = json::Parse(json::Write(EncodeDefinition(def)));
  ASSERT_TRUE(stored.ok());
  Result<DeliveryStreamDefinition> back = DecodeDefinition(*stored);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->name, def.name);
  EXPECT_EQ(back->arn, def.arn);
  EXPECT_EQ(back->source.type, SourceType::kKinesisStream);
  EXPECT_EQ(back->source.topic, "clicks-in");
  EXPECT_EQ(back->destination.bucket, "lake");
  EXPECT_EQ(back->destination.prefix, "clicks/");
  EXPECT_EQ(back->destination.compression, "GZIP");
  EXPECT_EQ(back->destination.buffering, def.destination.buffering);
  EXPECT_EQ(back->version, 3);
  EXPECT_EQ(back->tags, def.tags);
  EXPECT_FALSE(DecodeDefinition(Value::MakeObject()).ok());
}

TEST(DeliveryStreamTest, DescribeShowsStatusVersionSourceAndDestination) {
  DeliveryStreamDefinition def = Sample();
  Value creating = DescribeDefinition(def, def.active_at_ms - 1);
  EXPECT_EQ(creating.Find("DeliveryStreamStatus")->string_value(), "CREATING");
  Value d = DescribeDefinition(def, def.active_at_ms);
  EXPECT_EQ(d.Find("DeliveryStreamStatus")->string_value(), "ACTIVE");
  EXPECT_EQ(d.Find("VersionId")->string_value(), "3");
  EXPECT_EQ(d.Find("DeliveryStreamType")->string_value(), "KinesisStreamAsSource");
  EXPECT_EQ(d.Find("Source")
                ->Find("KinesisStreamSourceDescription")
                ->Find("KinesisStreamARN")
                ->string_value(),
            def.source.source_arn);
  const Value& dest = d.Find("Destinations")->array().at(0);
  EXPECT_EQ(dest.Find("DestinationId")->string_value(), "destinationId-000000000001");
  EXPECT_EQ(dest.Find("ExtendedS3DestinationDescription")->Find("BucketARN")->string_value(),
            "arn:aws:s3:::lake");
  EXPECT_EQ(dest.Find("S3DestinationDescription")->Find("CompressionFormat")->string_value(),
            "GZIP");
  EXPECT_FALSE(d.Find("HasMoreDestinations")->bool_value());
}

TEST(DeliveryStreamTest, InternalTopicNames) {
  EXPECT_EQ(InternalTopic("s.1"), "__firehose.s.1");
  EXPECT_TRUE(IsInternalTopic("__firehose.s.1"));
  EXPECT_FALSE(IsInternalTopic("orders"));
}

}  // namespace
}  // namespace millrace::firehose
