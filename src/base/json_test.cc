#include "base/json.h"

#include <gtest/gtest.h>

namespace millrace {
namespace {

TEST(JsonTest, ParsesEveryKind) {
  Result<Value> v = json::Parse(
      R"({"n":null,"t":true,"i":-42,"big":18446744073709551615,"d":1.5,"s":"h\u00e9\n","a":[1,[2]],"o":{"x":{}}})");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_TRUE(v->Find("n")->is_null());
  EXPECT_TRUE(*v->GetBool("t"));
  EXPECT_EQ(*v->GetInt64("i"), -42);
  EXPECT_EQ(v->Find("big")->kind(), Value::Kind::kDouble);
  EXPECT_DOUBLE_EQ(*v->GetDouble("d"), 1.5);
  EXPECT_EQ(*v->GetString("s"), "h\xc3\xa9\n");
  EXPECT_EQ((*v->GetArray("a"))->size(), 2u);
  EXPECT_TRUE((*v->GetObject("o"))->Find("x")->is_object());
}

TEST(JsonTest, MalformedIsInvalidArgument) {
  for (std::string_view bad : {"", "{", "{\"a\":}", "[1,]", "nul", "{\"a\":1} x"}) {
    Result<Value> v = json::Parse(bad);
    ASSERT_FALSE(v.ok()) << bad;
    EXPECT_EQ(v.status().code(), StatusCode::kInvalidArgument) << bad;
  }
}

TEST(JsonTest, EnforcesDepthAndSizeLimits) {
  std::string deep(100, '[');
  deep += std::string(100, ']');
  json::ParseLimits limits;
  limits.max_depth = 10;
  Result<Value> v = json::Parse(deep, limits);
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.status().message().find("deeper"), std::string::npos);
  EXPECT_FALSE(json::Parse(deep).ok());  // 100 levels exceed the default 64 too
  std::string shallow = std::string(10, '[') + std::string(10, ']');
  EXPECT_TRUE(json::Parse(shallow, limits).ok());
}

TEST(JsonTest, SizeLimit) {
  json::ParseLimits limits;
  limits.max_bytes = 8;
  Result<Value> v = json::Parse("[1,2,3,4,5]", limits);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kResourceExhausted);
}

TEST(JsonTest, WritesAwsShapes) {
  Value v = Value::MakeObject();
  v.Set("Data", Value::Bytes("hello"));
  v.Set("At", Value::Timestamp(1700000000000));
  v.Set("AtFrac", Value::Timestamp(1700000000250));
  v.Set("Q", "a\"b\\c\x01");
  v.Set("Z", std::string("x\0y", 3));
  v.Set("L", Value::Array{Value(1), Value(2.5), Value(nullptr), Value(false)});
  EXPECT_EQ(json::Write(v),
            R"({"Data":"aGVsbG8=","At":1700000000,"AtFrac":1700000000.25,"Q":"a\"b\\c\u0001",)"
            R"("Z":"x\u0000y","L":[1,2.5,null,false]})");
}

TEST(JsonTest, RoundTripsThroughText) {
  Value v = Value::MakeObject();
  v.Set("name", "s1");
  v.Set("count", int64_t{1} << 40);
  v.Set("nested", Value::Array{Value::MakeObject()});
  Result<Value> back = json::Parse(json::Write(v));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, v);
}

}  // namespace
}  // namespace millrace
