#include "catalog/infer/parquet_hive_types.h"

#include <gtest/gtest.h>

#include "parquet/schema.h"

namespace millrace::catalog {
namespace {

namespace ps = parquet::schema;

// The Hive types of a schema's top-level columns, as strings.
std::vector<std::string> HiveTypes(std::vector<parquet::SchemaNode> columns) {
  Result<parquet::Schema> schema = parquet::Schema::Make(std::move(columns));
  EXPECT_TRUE(schema.ok()) << schema.status().ToString();
  std::vector<std::string> out;
  if (!schema.ok()) return out;
  // Through the footer's element list, as a crawl sees it.
  Result<parquet::Schema> read = parquet::Schema::FromElements(schema->ToElements());
  EXPECT_TRUE(read.ok()) << read.status().ToString();
  for (const parquet::SchemaNode& node : read->columns()) {
    Result<HiveType> t = HiveTypeOfParquet(node);
    out.push_back(t.ok() ? t->ToString() : "error: " + t.status().message());
  }
  return out;
}

TEST(ParquetHiveTypesTest, Primitives) {
  EXPECT_EQ(HiveTypes({ps::Boolean("b"), ps::Int32("i"), ps::Int64("l"), ps::Float("f"),
                       ps::Double("d"), ps::String("s"), ps::Binary("x"), ps::Date("dt"),
                       ps::TimestampMillis("ts"), ps::TimestampMicros("tu")}),
            (std::vector<std::string>{"boolean", "int", "bigint", "float", "double", "string",
                                      "binary", "date", "timestamp", "timestamp"}));
}

TEST(ParquetHiveTypesTest, Decimals) {
  EXPECT_EQ(HiveTypes({ps::Decimal("a", 9, 2), ps::Decimal("b", 18, 0), ps::Decimal("c", 38, 10)}),
            (std::vector<std::string>{"decimal(9,2)", "decimal(18,0)", "decimal(38,10)"}));
}

TEST(ParquetHiveTypesTest, NestedTypes) {
  EXPECT_EQ(HiveTypes({ps::List("tags", ps::String("element")),
                       ps::Map("attrs", ps::String("key", parquet::Repetition::kRequired),
                               ps::Int64("value")),
                       ps::Struct("geo", {ps::Double("lat"), ps::Double("lon"),
                                          ps::List("hist", ps::Int32("element"))})}),
            (std::vector<std::string>{"array<string>", "map<string,bigint>",
                                      "struct<lat:double,lon:double,hist:array<int>>"}));
}

TEST(ParquetHiveTypesTest, SmallAndUnsignedIntegers) {
  parquet::SchemaNode tiny = ps::Int32("t");
  tiny.logical_type.kind = parquet::LogicalTypeInfo::Kind::kInteger;
  tiny.logical_type.bit_width = 8;
  parquet::SchemaNode small = tiny;
  small.name = "s";
  small.logical_type.bit_width = 16;
  parquet::SchemaNode u32 = tiny;
  u32.name = "u";
  u32.logical_type.bit_width = 32;
  u32.logical_type.is_signed = false;
  EXPECT_EQ(HiveTypes({tiny, small, u32}),
            (std::vector<std::string>{"tinyint", "smallint", "bigint"}));
}

TEST(ParquetHiveTypesTest, LegacyRepeatedFieldIsAnArray) {
  parquet::SchemaNode repeated = ps::Int32("ids");
  repeated.repetition = parquet::Repetition::kRepeated;
  parquet::SchemaNode root = ps::Struct("doc", {repeated});
  Result<HiveType> t = HiveTypeOfParquet(root);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->ToString(), "struct<ids:array<int>>");
}

}  // namespace
}  // namespace millrace::catalog
