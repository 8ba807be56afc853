#include "catalog/registry/registry_requests.h"

#include <gtest/gtest.h>

#include "base/json.h"

namespace millrace::catalog {
namespace {

Value Params(const char* text) {
  Result<Value> v = json::Parse(text);
  EXPECT_TRUE(v.ok()) << text;
  return v.ok() ? *v : Value::MakeObject();
}

TEST(RegistryRequestsTest, ArnsRoundTripThroughIds) {
  ArnScope scope{"eu-west-1", "123456789012"};
  EXPECT_EQ(RegistryArn(scope, "r"), "arn:aws:glue:eu-west-1:123456789012:registry/r");
  std::string schema_arn = SchemaArn(scope, "r", "s.v1");
  EXPECT_EQ(schema_arn, "arn:aws:glue:eu-west-1:123456789012:schema/r/s.v1");
  Value p = Value::MakeObject();
  Value id = Value::MakeObject();
  id.Set("SchemaArn", Value(schema_arn));
  p.Set("SchemaId", id);
  Result<SchemaRef> ref = SchemaFromId(p, "SchemaId");
  ASSERT_TRUE(ref.ok()) << ref.status().ToString();
  EXPECT_EQ(ref->registry, "r");
  EXPECT_EQ(ref->schema, "s.v1");
  Value rp = Value::MakeObject();
  Value rid = Value::MakeObject();
  rid.Set("RegistryArn", Value(RegistryArn(scope, "r")));
  rp.Set("RegistryId", rid);
  EXPECT_EQ(RegistryFromId(rp, "RegistryId", {}).value(), "r");
}

TEST(RegistryRequestsTest, IdsRejectBadShapes) {
  EXPECT_FALSE(SchemaFromId(Params(R"({})"), "SchemaId").ok());
  EXPECT_FALSE(SchemaFromId(Params(R"({"SchemaId":{}})"), "SchemaId").ok());
  EXPECT_FALSE(
      SchemaFromId(Params(R"({"SchemaId":{"SchemaArn":"arn:aws:s3:::b"}})"), "SchemaId").ok());
  EXPECT_FALSE(
      SchemaFromId(Params(R"({"SchemaId":{"SchemaName":"a/b","RegistryName":"r"}})"), "SchemaId")
          .ok());
  EXPECT_EQ(SchemaFromId(Params(R"({"SchemaId":{"SchemaName":"s"}})"), "SchemaId")->registry,
            "default-registry");
  EXPECT_EQ(RegistryFromId(Params(R"({})"), "RegistryId", kDefaultRegistryName).value(),
            "default-registry");
  EXPECT_FALSE(RegistryFromId(Params(R"({})"), "RegistryId", {}).ok());
  EXPECT_FALSE(RegistryFromId(Params(R"({"RegistryId":{"RegistryName":"a","RegistryArn":"x"}})"),
                              "RegistryId", {})
                   .ok());
}

TEST(RegistryRequestsTest, VersionSelectorNeedsExactlyOne) {
  auto sel = [](const char* text) {
    return OptionalVersionSelector(Params(text), "SchemaVersionNumber");
  };
  EXPECT_FALSE(sel(R"({})")->has_value());
  EXPECT_TRUE((*sel(R"({"SchemaVersionNumber":{"LatestVersion":true}})"))->latest);
  EXPECT_EQ((*sel(R"({"SchemaVersionNumber":{"VersionNumber":3}})"))->number, 3);
  EXPECT_FALSE(sel(R"({"SchemaVersionNumber":{}})").ok());
  EXPECT_FALSE(sel(R"({"SchemaVersionNumber":{"LatestVersion":true,"VersionNumber":3}})").ok());
  EXPECT_FALSE(sel(R"({"SchemaVersionNumber":{"VersionNumber":0}})").ok());
}

TEST(RegistryRequestsTest, PaginationWalksEveryKeyOnce) {
  std::vector<std::string> keys = {"a", "b", "c", "d", "e"};
  std::vector<std::string> seen;
  Value p = Value::MakeObject();
  p.Set("MaxResults", Value(2));
  for (int pages = 0; pages < 10; ++pages) {
    Result<Page> page = Paginate(p, keys);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    for (size_t i = page->begin; i < page->end; ++i) seen.push_back(keys[i]);
    if (!page->next_token) break;
    p.Set("NextToken", Value(*page->next_token));
  }
  EXPECT_EQ(seen, keys);
  EXPECT_FALSE(Paginate(Params(R"({"MaxResults":0})"), keys).ok());
  EXPECT_FALSE(Paginate(Params(R"({"NextToken":"%%%"})"), keys).ok());
}

TEST(RegistryRequestsTest, ErrorsAndTimes) {
  EXPECT_EQ(ToGlueError(Status::InvalidArgument("x")).type, "InvalidInputException");
  EXPECT_EQ(ToGlueError(Status::NotFound("x")).type, "EntityNotFoundException");
  EXPECT_EQ(ToGlueError(Status::AlreadyExists("x")).type, "AlreadyExistsException");
  EXPECT_EQ(ToGlueError(Status::ResourceExhausted("x")).type,
            "ResourceNumberLimitExceededException");
  EXPECT_EQ(ToGlueError(Status::IOError("x")).http_status, 500);
  EXPECT_EQ(FormatTime(1700000000123), "2023-11-14T22:13:20.123Z");
  EXPECT_FALSE(RequiredDefinition(Params(R"({"SchemaDefinition":"  \n"})")).ok());
}

}  // namespace
}  // namespace millrace::catalog
