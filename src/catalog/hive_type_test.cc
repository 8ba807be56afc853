#include "catalog/hive_type.h"

#include <gtest/gtest.h>

namespace millrace::catalog {
namespace {

std::string Canonical(std::string_view text) {
  Result<HiveType> t = ParseHiveType(text);
  EXPECT_TRUE(t.ok()) << text << ": " << t.status().ToString();
  return t.ok() ? t->ToString() : "";
}

TEST(HiveTypeTest, PrimitivesParseToTheirKinds) {
  EXPECT_EQ(ParseHiveType("int")->kind, HiveType::Kind::kInt);
  EXPECT_EQ(ParseHiveType("INTEGER")->kind, HiveType::Kind::kInt);
  EXPECT_EQ(ParseHiveType("bigint")->kind, HiveType::Kind::kBigInt);
  EXPECT_EQ(ParseHiveType("tinyint")->kind, HiveType::Kind::kTinyInt);
  EXPECT_EQ(ParseHiveType("smallint")->kind, HiveType::Kind::kSmallInt);
  EXPECT_EQ(ParseHiveType("String")->kind, HiveType::Kind::kString);
  EXPECT_EQ(ParseHiveType(" double ")->kind, HiveType::Kind::kDouble);
  EXPECT_EQ(ParseHiveType("float")->kind, HiveType::Kind::kFloat);
  EXPECT_EQ(ParseHiveType("boolean")->kind, HiveType::Kind::kBoolean);
  EXPECT_EQ(ParseHiveType("timestamp")->kind, HiveType::Kind::kTimestamp);
  EXPECT_EQ(ParseHiveType("date")->kind, HiveType::Kind::kDate);
  EXPECT_EQ(ParseHiveType("binary")->kind, HiveType::Kind::kBinary);
  EXPECT_EQ(Canonical("INTEGER"), "int");
}

TEST(HiveTypeTest, DecimalPrecisionAndScale) {
  Result<HiveType> d = ParseHiveType("decimal(10, 2)");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->kind, HiveType::Kind::kDecimal);
  EXPECT_EQ(d->precision, 10);
  EXPECT_EQ(d->scale, 2);
  EXPECT_EQ(Canonical("decimal(15)"), "decimal(15,0)");
  EXPECT_EQ(Canonical("decimal"), "decimal(10,0)");
  EXPECT_EQ(Canonical("decimal(38,38)"), "decimal(38,38)");
  EXPECT_FALSE(ParseHiveType("decimal(39,2)").ok());
  EXPECT_FALSE(ParseHiveType("decimal(0)").ok());
  EXPECT_FALSE(ParseHiveType("decimal(5,6)").ok());
  EXPECT_FALSE(ParseHiveType("decimal(5,").ok());
  EXPECT_FALSE(ParseHiveType("decimal(a)").ok());
}

TEST(HiveTypeTest, CharAndVarcharLengths) {
  EXPECT_EQ(Canonical("char(10)"), "char(10)");
  EXPECT_EQ(Canonical("VARCHAR(65535)"), "varchar(65535)");
  EXPECT_FALSE(ParseHiveType("char(256)").ok());
  EXPECT_FALSE(ParseHiveType("char(0)").ok());
  EXPECT_FALSE(ParseHiveType("varchar").ok());
}

TEST(HiveTypeTest, NestedTypes) {
  Result<HiveType> t =
      ParseHiveType("array<struct<id:bigint, Tags:map<string,array<decimal(5,1)>>>>");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->kind, HiveType::Kind::kArray);
  const HiveType& s = t->children[0];
  ASSERT_EQ(s.kind, HiveType::Kind::kStruct);
  ASSERT_EQ(s.field_names, (std::vector<std::string>{"id", "Tags"}));
  EXPECT_EQ(s.children[0].kind, HiveType::Kind::kBigInt);
  EXPECT_EQ(s.children[1].kind, HiveType::Kind::kMap);
  EXPECT_EQ(s.children[1].children[1].children[0].precision, 5);
  EXPECT_EQ(t->ToString(), "array<struct<id:bigint,Tags:map<string,array<decimal(5,1)>>>>");
  EXPECT_EQ(Canonical("struct<`odd name`:int>"), "struct<odd name:int>");
}

TEST(HiveTypeTest, RejectsMalformedTypes) {
  for (const char* bad : {"", "   ", "integerx", "varchar2(3)", "array<int", "array<>",
                          "map<string>", "map<array<int>,int>", "struct<>", "struct<a int>",
                          "struct<a:int,>", "int int", "array<int>>", "uniontype<int>", "int,"}) {
    Result<HiveType> t = ParseHiveType(bad);
    EXPECT_FALSE(t.ok()) << "'" << bad << "' parsed as " << (t.ok() ? t->ToString() : "");
    if (!t.ok()) {
      EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument);
    }
  }
}

TEST(HiveTypeTest, ErrorNamesTheType) {
  Result<HiveType> t = ParseHiveType("array<strin>");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("strin"), std::string::npos) << t.status().message();
}

TEST(HiveTypeTest, DeepNestingIsRejectedNotOverflowed) {
  std::string deep;
  for (int i = 0; i < 1000; ++i) deep += "array<";
  deep += "int";
  for (int i = 0; i < 1000; ++i) deep += ">";
  EXPECT_FALSE(ParseHiveType(deep).ok());
}

TEST(HiveTypeTest, NumericClassification) {
  EXPECT_TRUE(ParseHiveType("bigint")->is_integer());
  EXPECT_FALSE(ParseHiveType("double")->is_integer());
  EXPECT_TRUE(ParseHiveType("double")->is_numeric());
  EXPECT_TRUE(ParseHiveType("decimal(4,2)")->is_numeric());
  EXPECT_FALSE(ParseHiveType("string")->is_numeric());
  EXPECT_FALSE(ParseHiveType("date")->is_numeric());
  EXPECT_TRUE(ParseHiveType("date")->is_primitive());
  EXPECT_FALSE(ParseHiveType("array<int>")->is_primitive());
}

}  // namespace
}  // namespace millrace::catalog
