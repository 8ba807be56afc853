#include "catalog/registry/json_patch.h"

#include <gtest/gtest.h>

#include "base/json.h"

namespace millrace::catalog {
namespace {

std::string Patch(const char* from, const char* to) {
  return json::Write(JsonPatch(json::Parse(from).value(), json::Parse(to).value()));
}

TEST(JsonPatchTest, EqualDocumentsGiveAnEmptyPatch) {
  EXPECT_EQ(Patch(R"({"a":[1,{"b":2}]})", R"({"a":[1,{"b":2}]})"), "[]");
}

TEST(JsonPatchTest, AddsRemovesAndReplacesWithEscapedPaths) {
  EXPECT_EQ(Patch(R"({"a":1,"b/c":2,"d":{"e":"x"}})", R"({"a":1,"d":{"e":"y"},"f~":true})"),
            R"([{"op":"remove","path":"/b~1c"},{"op":"replace","path":"/d/e","value":"y"},)"
            R"({"op":"add","path":"/f~0","value":true}])");
}

TEST(JsonPatchTest, ArraysOfEqualLengthByElementOtherwiseWhole) {
  EXPECT_EQ(Patch(R"([1,2,3])", R"([1,5,3])"), R"([{"op":"replace","path":"/1","value":5}])");
  EXPECT_EQ(Patch(R"({"f":[1]})", R"({"f":[1,2]})"),
            R"([{"op":"replace","path":"/f","value":[1,2]}])");
  EXPECT_EQ(Patch(R"("int")", R"("long")"), R"([{"op":"replace","path":"","value":"long"}])");
}

}  // namespace
}  // namespace millrace::catalog
