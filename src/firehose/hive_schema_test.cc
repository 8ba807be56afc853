#include "firehose/hive_schema.h"

#include <gtest/gtest.h>

namespace millrace::firehose {
namespace {

TEST(HiveSchemaTest, ScalarTypes) {
  Result<parquet::Schema> s = HiveSchema({{"id", "bigint"},
                                          {"name", "string"},
                                          {"score", "double"},
                                          {"n", "INT"},
                                          {"ok", "boolean"},
                                          {"at", "timestamp"},
                                          {"day", "date"},
                                          {"price", "decimal(10,2)"},
                                          {"code", "varchar(12)"}});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->columns().size(), 9u);
  EXPECT_EQ(s->columns()[0].physical_type, parquet::PhysicalType::kInt64);
  EXPECT_EQ(s->columns()[1].physical_type, parquet::PhysicalType::kByteArray);
  EXPECT_EQ(s->columns()[2].physical_type, parquet::PhysicalType::kDouble);
  EXPECT_EQ(s->columns()[3].physical_type, parquet::PhysicalType::kInt32);
  EXPECT_EQ(s->columns()[4].physical_type, parquet::PhysicalType::kBoolean);
  EXPECT_EQ(s->columns()[5].physical_type, parquet::PhysicalType::kInt64);
  EXPECT_EQ(s->columns()[6].physical_type, parquet::PhysicalType::kInt32);
  EXPECT_EQ(s->columns()[8].physical_type, parquet::PhysicalType::kByteArray);
  for (const auto& c : s->columns()) EXPECT_EQ(c.repetition, parquet::Repetition::kOptional);
}

TEST(HiveSchemaTest, NestedTypes) {
  Result<parquet::Schema> s =
      HiveSchema({{"tags", "array<string>"},
                  {"attrs", "map<string,bigint>"},
                  {"loc", "struct<lat:double, lon:double, names:array<string>>"}});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->columns()[0].shape, parquet::SchemaNode::Shape::kList);
  EXPECT_EQ(s->columns()[1].shape, parquet::SchemaNode::Shape::kMap);
  EXPECT_EQ(s->columns()[2].shape, parquet::SchemaNode::Shape::kStruct);
  EXPECT_EQ(s->columns()[2].children.size(), 3u);
  EXPECT_EQ(s->leaves().size(), 6u);  // tags, key, value, lat, lon, names
}

TEST(HiveSchemaTest, BadTypesAreRejected) {
  EXPECT_FALSE(HiveColumn("x", "strin").ok());
  EXPECT_FALSE(HiveColumn("x", "array<string").ok());
  EXPECT_FALSE(HiveColumn("x", "decimal(40,2)").ok());
  EXPECT_FALSE(HiveColumn("x", "struct<>").ok());
  EXPECT_FALSE(HiveColumn("x", "int extra").ok());
}

}  // namespace
}  // namespace millrace::firehose
