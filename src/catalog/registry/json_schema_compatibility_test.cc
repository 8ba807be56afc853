#include "catalog/registry/json_schema_compatibility.h"

#include <gtest/gtest.h>

#include "catalog/registry/compatibility_cases.h"
#include "catalog/registry/json_schema.h"

namespace millrace::catalog {
namespace {

Status CanRead(const char* reader, const char* writer) {
  Result<Value> r = ParseJsonSchema(reader);
  Result<Value> w = ParseJsonSchema(writer);
  EXPECT_TRUE(r.ok()) << reader << ": " << r.status().ToString();
  EXPECT_TRUE(w.ok()) << writer << ": " << w.status().ToString();
  if (!r.ok() || !w.ok()) return Status::Internal("unparsable case");
  return JsonSchemaCanRead(*r, *w);
}

TEST(JsonSchemaCompatibilityTest, EachCaseInBothDirections) {
  for (const testing::EvolutionCase& c : testing::JsonSchemaEvolutionCases()) {
    EXPECT_EQ(CanRead(c.new_schema, c.old_schema).ok(), c.backward) << c.name << " (backward)";
    EXPECT_EQ(CanRead(c.old_schema, c.new_schema).ok(), c.forward) << c.name << " (forward)";
  }
}

TEST(JsonSchemaCompatibilityTest, MessageNamesThePath) {
  Status s = CanRead(R"({"type":"object","properties":{"a":{"type":"string"}},"required":["a"]})",
                     R"({"type":"object","properties":{"a":{"type":"string"}}})");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("#/required"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("\"a\""), std::string::npos) << s.message();
}

}  // namespace
}  // namespace millrace::catalog

namespace millrace::catalog {
namespace {

TEST(JsonSchemaCompatibilityTest, ExponentialComparisonsStopAtABudget) {
  // d(i+1) = anyOf [d(i), d(i)] through $refs: a writer no branch accepts makes every level
  // try both branches, 2^40 comparisons without a budget.
  std::string defs = R"("d0":{"type":"string"})";
  for (int i = 0; i < 40; ++i) {
    std::string ref = R"({"$ref":"#/definitions/d)" + std::to_string(i) + R"("})";
    defs += R"(,"d)" + std::to_string(i + 1) + R"(":{"anyOf":[)" + ref + "," + ref + "]}";
  }
  std::string reader = R"({"$ref":"#/definitions/d40","definitions":{)" + defs + "}}";
  Result<Value> r = ParseJsonSchema(reader);
  Result<Value> w = ParseJsonSchema(R"({"type":"integer"})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(w.ok());
  EXPECT_FALSE(JsonSchemaCanRead(*r, *w).ok());
}

}  // namespace
}  // namespace millrace::catalog
