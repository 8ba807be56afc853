#include "catalog/registry/avro_schema.h"

#include <gtest/gtest.h>

namespace millrace::catalog {
namespace {

TEST(AvroSchemaTest, ParsesPrimitivesAndComplexTypes) {
  for (const char* text :
       {R"("int")", R"({"type":"string"})", R"(["null","long"])",
        R"({"type":"array","items":"double"})", R"({"type":"map","values":{"type":"bytes"}})",
        R"({"type":"fixed","name":"md5","size":16})",
        R"({"type":"enum","name":"Suit","symbols":["HEARTS","SPADES"],"default":"SPADES"})",
        R"({"type":"int","logicalType":"date"})",
        R"({"type":"bytes","logicalType":"decimal","precision":9,"scale":2})",
        R"({"type":"record","name":"R","fields":[]})"}) {
    EXPECT_TRUE(AvroSchema::Parse(text).ok()) << text;
  }
}

TEST(AvroSchemaTest, RejectsMalformedSchemasWithACause) {
  struct Case {
    const char* text;
    const char* cause;
  } cases[] = {
      {R"("integer")", "unknown type"},
      {R"({"type":"record","name":"R"})", "fields"},
      {R"({"type":"record","fields":[]})", "name"},
      {R"({"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"a","type":"int"}]})",
       "two fields"},
      {R"({"type":"record","name":"R","fields":[{"name":"a","type":"int","default":"x"}]})",
       "default"},
      {R"({"type":"record","name":"R","fields":[{"name":"a","type":["null","int"],"default":"x"}]})",
       "default"},
      {R"(["null",["int"]])", "union"},
      {R"(["int","int"])", "twice"},
      {R"({"type":"enum","name":"E","symbols":["a-b"]})", "symbol"},
      {R"({"type":"enum","name":"E","symbols":["A","A"]})", "twice"},
      {R"({"type":"enum","name":"E","symbols":["A"],"default":"B"})", "default"},
      {R"({"type":"fixed","name":"F"})", "size"},
      {R"({"type":"array"})", "items"},
      {R"({"type":"record","name":"1R","fields":[]})", "valid Avro name"},
      {R"([{"type":"fixed","name":"F","size":1},{"type":"fixed","name":"F","size":2}])",
       "defined twice"},
      {R"({"type":"record","name":"R",)", "JSON"},
      {R"(42)", "schema must be"},
  };
  for (const Case& c : cases) {
    Result<AvroSchema> r = AvroSchema::Parse(c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_NE(r.status().message().find(c.cause), std::string::npos)
        << c.text << " -> " << r.status().message();
  }
}

TEST(AvroSchemaTest, ResolvesNamesThroughNamespacesAndRecursion) {
  const char* text = R"({"type":"record","name":"Node","namespace":"com.example","fields":[
      {"name":"value","type":"long"},
      {"name":"next","type":["null","Node"],"default":null},
      {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["A","B"]}},
      {"name":"other","type":"com.example.Kind"}]})";
  Result<AvroSchema> r = AvroSchema::Parse(text);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const AvroNode& root = r->node(r->root());
  EXPECT_EQ(root.full_name, "com.example.Node");
  const AvroNode& next = r->node(root.fields[1].type);
  ASSERT_EQ(next.type, AvroType::kUnion);
  EXPECT_EQ(next.branches.size(), 2u);
  EXPECT_EQ(next.branches[1], r->root());  // the recursive reference is the record itself
  EXPECT_EQ(r->node(root.fields[2].type).full_name, "com.example.Kind");
  EXPECT_EQ(root.fields[2].type, root.fields[3].type);
}

TEST(AvroSchemaTest, NormalizedFormIgnoresLayoutAndDocumentation) {
  Result<AvroSchema> a = AvroSchema::Parse(
      R"({"type":"record","name":"P","namespace":"n","doc":"a person","fields":[
          {"name":"name","type":{"type":"string"},"doc":"full name"},
          {"name":"age","type":["null","int"],"default":null}]})");
  Result<AvroSchema> b = AvroSchema::Parse(
      R"({ "name" : "n.P", "fields" : [ {"type":"string","name":"name"},
           {"default":null,"name":"age","type":["null","int"]} ], "type":"record" })");
  Result<AvroSchema> c = AvroSchema::Parse(
      R"({"type":"record","name":"n.P","fields":[{"name":"name","type":"string"},
          {"name":"age","type":["null","int"]}]})");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(a->Normalized(), b->Normalized());
  EXPECT_NE(a->Normalized(), c->Normalized());  // a default is part of the schema
  EXPECT_EQ(a->Normalized(),
            R"({"type":"record","name":"n.P","fields":[{"name":"name","type":"string"},)"
            R"({"name":"age","type":["null","int"],"default":null}]})");
}

}  // namespace
}  // namespace millrace::catalog
