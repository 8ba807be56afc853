#include "catalog/infer/lake_layout.h"

#include <gtest/gtest.h>

namespace millrace::catalog {
namespace {

TEST(LakeLayoutTest, ParsesS3Locations) {
  Result<S3Location> l = ParseS3Location("s3://lake/events/clicks");
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(l->bucket, "lake");
  EXPECT_EQ(l->prefix, "events/clicks/");
  EXPECT_EQ(l->ToString(), "s3://lake/events/clicks/");
  EXPECT_EQ(ParseS3Location("s3://lake")->prefix, "");
  EXPECT_EQ(ParseS3Location("s3://lake/")->prefix, "");
  EXPECT_FALSE(ParseS3Location("lake/events").ok());
  EXPECT_FALSE(ParseS3Location("s3:///events").ok());
}

TEST(LakeLayoutTest, TableNameFromTheLastComponent) {
  EXPECT_EQ(TableNameFor(*ParseS3Location("s3://lake/raw/Click-Stream/")), "click_stream");
  EXPECT_EQ(TableNameFor(*ParseS3Location("s3://my-bucket")), "my_bucket");
}

TEST(LakeLayoutTest, SplitsHivePartitionDirectories) {
  Result<ObjectPath> p = ParseObjectPath("Year=2024/region=eu%2Fwest/part-0.parquet");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  ASSERT_EQ(p->partitions.size(), 2u);
  EXPECT_EQ(p->partitions[0], (std::pair<std::string, std::string>{"year", "2024"}));
  EXPECT_EQ(p->partitions[1], (std::pair<std::string, std::string>{"region", "eu/west"}));
  EXPECT_EQ(p->file, "part-0.parquet");
  Result<ObjectPath> flat = ParseObjectPath("data.parquet");
  ASSERT_TRUE(flat.ok());
  EXPECT_TRUE(flat->partitions.empty());
  EXPECT_EQ(ParseObjectPath("k=/f")->partitions[0].second, "");
  EXPECT_FALSE(ParseObjectPath("2024/f.parquet").ok());
  EXPECT_FALSE(ParseObjectPath("=x/f.parquet").ok());
}

TEST(LakeLayoutTest, IgnoresMarkersAndHiddenObjects) {
  EXPECT_TRUE(IsIgnoredObject("_SUCCESS"));
  EXPECT_TRUE(IsIgnoredObject("year=1/_temporary/x.parquet"));
  EXPECT_TRUE(IsIgnoredObject(".hidden"));
  EXPECT_TRUE(IsIgnoredObject("year=1/"));
  EXPECT_TRUE(IsIgnoredObject(""));
  EXPECT_FALSE(IsIgnoredObject("year=1/part_0.parquet"));
  EXPECT_FALSE(IsIgnoredObject("a.parquet"));
}

TEST(LakeLayoutTest, PartitionKeyTypes) {
  EXPECT_EQ(PartitionKeyType({"1", "-20", "2024"}).kind, HiveType::Kind::kInt);
  EXPECT_EQ(PartitionKeyType({"1", "3000000000"}).kind, HiveType::Kind::kBigInt);
  EXPECT_EQ(PartitionKeyType({"1", "2024-01-01"}).kind, HiveType::Kind::kString);
  EXPECT_EQ(PartitionKeyType({"1", ""}).kind, HiveType::Kind::kString);
  EXPECT_EQ(PartitionKeyType({"1.5"}).kind, HiveType::Kind::kString);
  EXPECT_EQ(PartitionKeyType({"99999999999999999999"}).kind, HiveType::Kind::kString);
}

}  // namespace
}  // namespace millrace::catalog
