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

namespace millrace::catalog {
namespace {

// A union defining records T(depth)..T0, where each T(i) has two fields of type T(i+1): 2^depth
// field paths over a small, shallow schema.
std::string SharedTypeChain(int depth) {
  std::string out = R"([{"type":"record","name":"T)" + std::to_string(depth) + R"(","fields":[]})";
  for (int i = depth - 1; i >= 0; --i) {
    std::string next = R"(")" + std::string("T") + std::to_string(i + 1) + R"(")";
    out += R"(,{"type":"record","name":"T)" + std::to_string(i) +
           R"(","fields":[{"name":"a","type":)" + next + R"(},{"name":"b","type":)" + next + "}]}";
  }
  return out + "]";
}

TEST(AvroResolutionTest, SharedTypesAreCheckedOncePerPair) {
  // 2^60 field paths: finishing at all needs the memo.
  Result<AvroSchema> chain = AvroSchema::Parse(SharedTypeChain(60));
  ASSERT_TRUE(chain.ok()) << chain.status().ToString();
  EXPECT_TRUE(AvroCanRead(*chain, *chain).ok());
}

TEST(AvroResolutionTest, AFailedPairStaysFailedOnAnotherBranch) {
  // Both reader branches match the writer record by alias and share record C; C cannot read the
  // writer's C (int to string), so neither branch may succeed.
  const char* writer = R"({"type":"record","name":"W","fields":[{"name":"f","type":)"
                       R"({"type":"record","name":"C","fields":[{"name":"x","type":"int"}]}}]})";
  const char* reader =
      R"([{"type":"record","name":"A","aliases":["W"],"fields":[{"name":"f","type":)"
      R"({"type":"record","name":"C","fields":[{"name":"x","type":"string"}]}}]},)"
      R"({"type":"record","name":"B","aliases":["W"],"fields":[{"name":"f","type":"C"}]}])";
  EXPECT_FALSE(CanRead(reader, writer).ok());
  EXPECT_TRUE(CanRead(writer, writer).ok());
}

}  // namespace
}  // namespace millrace::catalog
