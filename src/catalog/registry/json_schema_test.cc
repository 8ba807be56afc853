#include "catalog/registry/json_schema.h"

#include <gtest/gtest.h>

#include "base/json.h"

namespace millrace::catalog {
namespace {

TEST(JsonSchemaTest, AcceptsWellFormedSchemas) {
  for (
      const char* text :
      {R"(true)", R"({})", R"({"$schema":"http://json-schema.org/draft-07/schema#",
          "type":"object","properties":{"a":{"type":["string","null"],"maxLength":3}},
          "required":["a"],"additionalProperties":false})",
       R"({"type":"array","items":[{"type":"string"}],"additionalItems":false})",
       R"({"type":"number","minimum":0,"exclusiveMaximum":true,"maximum":1})",
       R"({"anyOf":[{"type":"string"},{"$ref":"#/definitions/n"}],"definitions":{"n":{"type":"null"}}})"}) {
    EXPECT_TRUE(ParseJsonSchema(text).ok()) << text;
  }
}

TEST(JsonSchemaTest, RejectsMalformedSchemasWithThePath) {
  struct Case {
    const char* text;
    const char* cause;
  } cases[] = {
      {R"({"type":"text"})", "#/type"},
      {R"({"properties":{"a":{"type":"strin"}}})", "#/properties/a/type"},
      {R"({"required":"a"})", "#/required"},
      {R"({"required":["a","a"]})", "distinct"},
      {R"({"minLength":-1})", "#/minLength"},
      {R"({"pattern":"(("})", "regular expression"},
      {R"({"anyOf":[]})", "#/anyOf"},
      {R"({"items":3})", "#/items"},
      {R"({"multipleOf":0})", "#/multipleOf"},
      {R"([1,2])", "object or a boolean"},
      {R"({"type":)", "JSON"},
  };
  for (const Case& c : cases) {
    Result<Value> r = ParseJsonSchema(c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_NE(r.status().message().find(c.cause), std::string::npos)
        << c.text << " -> " << r.status().message();
  }
}

TEST(JsonSchemaTest, NormalizedFormSortsKeys) {
  Result<Value> a =
      ParseJsonSchema(R"({"type":"object","properties":{"b":{},"a":{"type":"string"}}})");
  Result<Value> b =
      ParseJsonSchema(R"({ "properties" : { "a":{"type":"string"}, "b":{} }, "type":"object" })");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(NormalizedJsonSchema(*a), NormalizedJsonSchema(*b));
  EXPECT_EQ(NormalizedJsonSchema(*a),
            R"({"properties":{"a":{"type":"string"},"b":{}},"type":"object"})");
}

TEST(JsonSchemaTest, ValidatesInstances) {
  Result<Value> s = ParseJsonSchema(
      R"({"type":"object","properties":{"n":{"type":"integer","minimum":1},
          "tags":{"type":"array","items":{"$ref":"#/definitions/tag"},"uniqueItems":true}},
          "required":["n"],"additionalProperties":false,
          "definitions":{"tag":{"type":"string","maxLength":3}}})");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  auto accepts = [&](const char* doc) {
    return JsonSchemaAccepts(*s, *s, json::Parse(doc).value());
  };
  EXPECT_TRUE(accepts(R"({"n":1})"));
  EXPECT_TRUE(accepts(R"({"n":2,"tags":["a","bc"]})"));
  EXPECT_FALSE(accepts(R"({"n":0})"));
  EXPECT_FALSE(accepts(R"({"n":1.5})"));
  EXPECT_FALSE(accepts(R"({"tags":[]})"));
  EXPECT_FALSE(accepts(R"({"n":1,"x":1})"));
  EXPECT_FALSE(accepts(R"({"n":1,"tags":["abcd"]})"));
  EXPECT_FALSE(accepts(R"({"n":1,"tags":["a","a"]})"));
  EXPECT_FALSE(accepts(R"([1])"));
}

}  // namespace
}  // namespace millrace::catalog

namespace millrace::catalog {
namespace {

TEST(JsonSchemaTest, BoundsPatternLength) {
  std::string pattern(1001, 'a');
  EXPECT_FALSE(ParseJsonSchema(R"({"type":"string","pattern":")" + pattern + R"("})").ok());
  EXPECT_TRUE(
      ParseJsonSchema(R"({"type":"string","pattern":")" + pattern.substr(1) + R"("})").ok());
}

}  // namespace
}  // namespace millrace::catalog
