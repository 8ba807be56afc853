#include "catalog/registry/avro_resolution.h"

#include <gtest/gtest.h>

#include "catalog/registry/compatibility_cases.h"

namespace millrace::catalog {
namespace {

Status CanRead(const char* reader, const char* writer) {
  Result<AvroSchema> r = AvroSchema::Parse(reader);
  Result<AvroSchema> w = AvroSchema::Parse(writer);
  EXPECT_TRUE(r.ok()) << reader << ": " << r.status().ToString();
  EXPECT_TRUE(w.ok()) << writer << ": " << w.status().ToString();
  if (!r.ok() || !w.ok()) return Status::Internal("unparsable case");
  return AvroCanRead(*r, *w);
}

TEST(AvroResolutionTest, EachSpecificationRuleInBothDirections) {
  for (const testing::EvolutionCase& c : testing::AvroEvolutionCases()) {
    EXPECT_EQ(CanRead(c.new_schema, c.old_schema).ok(), c.backward) << c.name << " (backward)";
    EXPECT_EQ(CanRead(c.old_schema, c.new_schema).ok(), c.forward) << c.name << " (forward)";
  }
}

TEST(AvroResolutionTest, MismatchMessageNamesTheField) {
  Status s = CanRead(R"({"type":"record","name":"P","fields":[{"name":"age","type":"int"}]})",
                     R"({"type":"record","name":"P","fields":[]})");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("P.age"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("no default"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace millrace::catalog
