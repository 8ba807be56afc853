#include "catalog/infer/table_inference.h"

#include <gtest/gtest.h>

#include "catalog/catalog_shapes.h"
#include "parquet/metadata.h"
#include "parquet/schema.h"

namespace millrace::catalog {
namespace {

namespace ps = parquet::schema;

parquet::FileMetaData Footer(std::vector<parquet::SchemaNode> columns, int64_t rows) {
  parquet::FileMetaData footer;
  footer.schema = parquet::Schema::Make(std::move(columns)).value().ToElements();
  footer.num_rows = rows;
  return footer;
}

std::vector<std::string> Described(const std::vector<InferredColumn>& columns) {
  std::vector<std::string> out;
  for (const auto& c : columns) out.push_back(c.name + " " + c.type.ToString());
  return out;
}

TEST(TableInferenceTest, UnionsSchemasAndTypesPartitionKeys) {
  TableInference t(*ParseS3Location("s3://lake/events/"));
  ASSERT_TRUE(t.AddObject("year=2023/region=eu/a.parquet", 100,
                          Footer({ps::Int32("id"), ps::String("Name")}, 10)).ok());
  ASSERT_TRUE(t.AddObject("year=2024/region=us/b.parquet", 200,
                          Footer({ps::Int64("id"), ps::Double("score")}, 20)).ok());
  ASSERT_TRUE(t.AddObject("year=2024/region=us/c.parquet", 50,
                          Footer({ps::Int32("id")}, 5)).ok());
  EXPECT_EQ(t.object_count(), 3u);
  EXPECT_EQ(t.record_count(), 35);
  // int and bigint widen to bigint; names are lower-cased; first appearance order.
  EXPECT_EQ(Described(t.columns()),
            (std::vector<std::string>{"id bigint", "name string", "score double"}));
  EXPECT_EQ(Described(t.partition_keys()), (std::vector<std::string>{"year int", "region string"}));
  EXPECT_EQ(t.partitions(), (std::vector<std::vector<std::string>>{{"2023", "eu"}, {"2024", "us"}}));
  EXPECT_TRUE(t.warnings().empty());

  Value input = t.TableInput("events");
  EXPECT_EQ(StringMember(input, "TableType"), "EXTERNAL_TABLE");
  EXPECT_EQ(StringMember(*input.Find("Parameters"), "classification"), "parquet");
  EXPECT_EQ(StringMember(*input.Find("Parameters"), "recordCount"), "35");
  const Value& sd = *input.Find("StorageDescriptor");
  EXPECT_EQ(StringMember(sd, "Location"), "s3://lake/events/");
  EXPECT_EQ(StringMember(sd, "InputFormat"), kParquetInputFormat);
  EXPECT_EQ(StringMember(*sd.Find("SerdeInfo"), "SerializationLibrary"), kParquetSerDe);
  EXPECT_EQ(sd.Find("Columns")->array().size(), 3u);
  // What the catalog would store accepts it.
  EXPECT_TRUE(TableFromInput(input, "db", "0", 0).ok());

  Value partition = t.PartitionInput({"2024", "us"});
  EXPECT_EQ(StringMember(*partition.Find("StorageDescriptor"), "Location"),
            "s3://lake/events/year=2024/region=us/");
}

TEST(TableInferenceTest, ConflictingTypesWarnAndKeepTheFirst) {
  TableInference t(*ParseS3Location("s3://lake/t/"));
  ASSERT_TRUE(t.AddObject("a.parquet", 1, Footer({ps::String("v")}, 1)).ok());
  ASSERT_TRUE(t.AddObject("b.parquet", 1, Footer({ps::Int64("v")}, 1)).ok());
  EXPECT_EQ(Described(t.columns()), (std::vector<std::string>{"v string"}));
  ASSERT_EQ(t.warnings().size(), 1u);
  EXPECT_NE(t.warnings()[0].find("b.parquet"), std::string::npos);
  EXPECT_TRUE(t.partitions().empty());
  EXPECT_TRUE(t.partition_keys().empty());
}

TEST(TableInferenceTest, MixedLayoutsAreRejected) {
  TableInference t(*ParseS3Location("s3://lake/t/"));
  ASSERT_TRUE(t.AddObject("year=1/a.parquet", 1, Footer({ps::String("v")}, 1)).ok());
  EXPECT_EQ(t.AddObject("month=1/b.parquet", 1, Footer({ps::String("v")}, 1)).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(t.AddObject("c.parquet", 1, Footer({ps::String("v")}, 1)).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(t.AddObject("2024/c.parquet", 1, Footer({ps::String("v")}, 1)).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(t.object_count(), 1u);
}

TEST(TableInferenceTest, ColumnNamedLikeAPartitionKeyIsDropped) {
  TableInference t(*ParseS3Location("s3://lake/t/"));
  ASSERT_TRUE(t.AddObject("dt=2024-01-01/a.parquet", 1,
                          Footer({ps::String("dt"), ps::Int64("n")}, 1)).ok());
  EXPECT_EQ(Described(t.columns()), (std::vector<std::string>{"n bigint"}));
  EXPECT_EQ(Described(t.partition_keys()), (std::vector<std::string>{"dt string"}));
}

}  // namespace
}  // namespace millrace::catalog
