#include "parquet/schema.h"

#include <gtest/gtest.h>

namespace millrace::parquet {
namespace {

Schema NestedSchema() {
  auto s = Schema::Make({
      schema::Int64("id", Repetition::kRequired),
      schema::List("tags", schema::String("x")),
      schema::Map("attrs", schema::String("k"), schema::Int32("v")),
      schema::Struct("loc", {schema::Double("lat", Repetition::kRequired), schema::Double("lon")}),
      schema::Decimal("big", 30, 4),
  });
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return std::move(s).value();
}

TEST(Schema, LevelsAndPaths) {
  Schema s = NestedSchema();
  const auto& leaves = s.leaves();
  ASSERT_EQ(leaves.size(), 7u);
  EXPECT_EQ(leaves[0].path, std::vector<std::string>({"id"}));
  EXPECT_EQ(leaves[0].max_def_level, 0);
  EXPECT_EQ(leaves[1].path, std::vector<std::string>({"tags", "list", "element"}));
  EXPECT_EQ(leaves[1].max_def_level, 3);
  EXPECT_EQ(leaves[1].max_rep_level, 1);
  EXPECT_EQ(leaves[2].path, std::vector<std::string>({"attrs", "key_value", "key"}));
  EXPECT_EQ(leaves[2].max_def_level, 2);
  EXPECT_EQ(leaves[3].max_def_level, 3);
  EXPECT_EQ(leaves[3].max_rep_level, 1);
  EXPECT_EQ(leaves[4].max_def_level, 1);  // loc.lat: only loc is optional
  EXPECT_EQ(leaves[5].max_def_level, 2);
  EXPECT_EQ(leaves[6].node->physical_type, PhysicalType::kFixedLenByteArray);
  EXPECT_EQ(leaves[6].node->type_length, 13);
  EXPECT_EQ(s.columns()[1].first_leaf, 1);
  EXPECT_EQ(s.columns()[3].leaf_count, 2);
}

TEST(Schema, ElementsRoundTrip) {
  Schema s = NestedSchema();
  std::vector<SchemaElement> elements = s.ToElements();
  ASSERT_EQ(elements.size(), 13u);
  EXPECT_EQ(elements[0].num_children, 5);
  EXPECT_EQ(elements[2].converted_type, ConvertedType::kList);
  EXPECT_EQ(elements[4].converted_type, ConvertedType::kUtf8);
  auto back = Schema::FromElements(elements);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->ToElements(), elements);
  EXPECT_EQ(back->ToString(), s.ToString());
  EXPECT_EQ(back->columns()[1].shape, SchemaNode::Shape::kList);
  EXPECT_TRUE(back->columns()[1].list_element_is_child);
  EXPECT_EQ(back->columns()[2].shape, SchemaNode::Shape::kMap);
}

TEST(Schema, CopyKeepsLeavesPointingIntoTheCopy) {
  Schema s = NestedSchema();
  Schema copy = s;
  EXPECT_NE(copy.leaves()[0].node, s.leaves()[0].node);
  EXPECT_EQ(copy.leaves()[0].node, &copy.columns()[0]);
}

TEST(Schema, RejectsBadDecimalAndEmptyGroups) {
  EXPECT_FALSE(Schema::Make({schema::Decimal("d", 40, 2)}).ok());
  EXPECT_FALSE(Schema::Make({schema::Decimal("d", 5, 6)}).ok());
  EXPECT_FALSE(Schema::Make({schema::Struct("s", {})}).ok());
  EXPECT_FALSE(Schema::Make({}).ok());
  EXPECT_FALSE(Schema::Make({schema::Int32("a"), schema::String("a")}).ok());
  EXPECT_FALSE(Schema::Make({schema::Struct("s", {schema::Int32("x"), schema::Int64("x")})}).ok());
}

TEST(Schema, MalformedElementsAreCorruption) {
  std::vector<SchemaElement> elements = NestedSchema().ToElements();
  elements[0].num_children = 9;
  EXPECT_EQ(Schema::FromElements(elements).status().code(), StatusCode::kCorruption);
  elements = NestedSchema().ToElements();
  elements.pop_back();
  EXPECT_EQ(Schema::FromElements(elements).status().code(), StatusCode::kCorruption);
}

TEST(Schema, LegacyTwoLevelListIsRecognized) {
  // optional group l (LIST) { repeated int32 array; }
  std::vector<SchemaElement> elements(3);
  elements[0].name = "schema";
  elements[0].num_children = 1;
  elements[1].name = "l";
  elements[1].repetition_type = Repetition::kOptional;
  elements[1].num_children = 1;
  elements[1].converted_type = ConvertedType::kList;
  elements[2].name = "array";
  elements[2].repetition_type = Repetition::kRepeated;
  elements[2].type = PhysicalType::kInt32;
  auto s = Schema::FromElements(elements);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->columns()[0].shape, SchemaNode::Shape::kList);
  EXPECT_FALSE(s->columns()[0].list_element_is_child);
  EXPECT_EQ(s->leaves()[0].max_def_level, 2);
  EXPECT_EQ(s->leaves()[0].max_rep_level, 1);
}

}  // namespace
}  // namespace millrace::parquet
