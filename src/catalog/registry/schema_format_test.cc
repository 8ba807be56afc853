#include "catalog/registry/schema_format.h"

#include <gtest/gtest.h>

#include "catalog/registry/compatibility_cases.h"

namespace millrace::catalog {
namespace {

constexpr Compatibility kModes[] = {Compatibility::kNone,     Compatibility::kDisabled,
                                    Compatibility::kBackward, Compatibility::kBackwardAll,
                                    Compatibility::kForward,  Compatibility::kForwardAll,
                                    Compatibility::kFull,     Compatibility::kFullAll};

bool Expected(Compatibility mode, const testing::EvolutionCase& c) {
  switch (mode) {
    case Compatibility::kNone:
      return true;
    case Compatibility::kDisabled:
      return false;
    case Compatibility::kBackward:
    case Compatibility::kBackwardAll:
      return c.backward;
    case Compatibility::kForward:
    case Compatibility::kForwardAll:
      return c.forward;
    case Compatibility::kFull:
    case Compatibility::kFullAll:
      return c.backward && c.forward;
  }
  return false;
}

void CheckEveryMode(DataFormat format, const std::vector<testing::EvolutionCase>& cases) {
  for (const testing::EvolutionCase& c : cases) {
    for (Compatibility mode : kModes) {
      Status s = CheckCompatible(format, mode, c.new_schema, c.old_schema);
      EXPECT_EQ(s.ok(), Expected(mode, c))
          << c.name << " under " << CompatibilityName(mode) << ": " << s.ToString();
    }
  }
}

TEST(SchemaFormatTest, AvroCasesUnderEveryMode) {
  CheckEveryMode(DataFormat::kAvro, testing::AvroEvolutionCases());
}

TEST(SchemaFormatTest, JsonSchemaCasesUnderEveryMode) {
  CheckEveryMode(DataFormat::kJson, testing::JsonSchemaEvolutionCases());
}

TEST(SchemaFormatTest, NamesRoundTrip) {
  for (Compatibility mode : kModes) {
    EXPECT_EQ(ParseCompatibility(CompatibilityName(mode)), mode);
  }
  for (DataFormat f : {DataFormat::kAvro, DataFormat::kJson, DataFormat::kProtobuf}) {
    EXPECT_EQ(ParseDataFormat(DataFormatName(f)), f);
  }
  EXPECT_FALSE(ParseCompatibility("backward").has_value());
  EXPECT_FALSE(ParseDataFormat("XML").has_value());
  EXPECT_TRUE(IsTransitive(Compatibility::kFullAll));
  EXPECT_FALSE(IsTransitive(Compatibility::kFull));
}

TEST(SchemaFormatTest, ProtobufIsOpaqueTextWithNoneOrDisabledOnly) {
  Result<std::string> a = NormalizeDefinition(
      DataFormat::kProtobuf, "syntax = \"proto3\";\nmessage A {\n  int32 x = 1;\n}\n");
  Result<std::string> b =
      NormalizeDefinition(DataFormat::kProtobuf, "syntax = \"proto3\"; message A { int32 x = 1; }");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
  EXPECT_FALSE(NormalizeDefinition(DataFormat::kProtobuf, "message A { int32 x = 1;").ok());
  EXPECT_FALSE(NormalizeDefinition(DataFormat::kProtobuf, "hello").ok());
  EXPECT_TRUE(SupportsCompatibility(DataFormat::kProtobuf, Compatibility::kNone));
  EXPECT_FALSE(SupportsCompatibility(DataFormat::kProtobuf, Compatibility::kBackward));
  EXPECT_FALSE(CheckCompatible(DataFormat::kProtobuf, Compatibility::kBackward, *a, *b).ok());
}

TEST(SchemaFormatTest, NormalizeChecksSyntaxPerFormat) {
  EXPECT_TRUE(NormalizeDefinition(DataFormat::kAvro, R"("int")").ok());
  EXPECT_FALSE(NormalizeDefinition(DataFormat::kAvro, R"({"type":"record"})").ok());
  EXPECT_TRUE(NormalizeDefinition(DataFormat::kJson, R"({"type":"string"})").ok());
  EXPECT_FALSE(NormalizeDefinition(DataFormat::kJson, R"({"type":"str"})").ok());
}

}  // namespace
}  // namespace millrace::catalog
