#include "base/value.h"

#include <gtest/gtest.h>

namespace millrace {
namespace {

TEST(ValueTest, ObjectKeepsInsertionOrderAndReplacesInPlace) {
  Value v = Value::MakeObject();
  v.Set("b", 1);
  v.Set("a", "x");
  v.Set("b", 2);
  ASSERT_EQ(v.object().size(), 2u);
  EXPECT_EQ(v.object()[0].first, "b");
  EXPECT_EQ(v.object()[0].second.int_value(), 2);
  EXPECT_EQ(v.object()[1].first, "a");
  EXPECT_TRUE(v.Has("a"));
  EXPECT_FALSE(v.Has("c"));
  EXPECT_EQ(v.Find("c"), nullptr);
}

TEST(ValueTest, TypedGettersNameTheField) {
  Value v = Value::MakeObject();
  v.Set("StreamName", 7);
  v.Set("Nothing", nullptr);
  Result<std::string> s = v.GetString("StreamName");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.status().message(), "StreamName must be a string, got an integer");
  Result<int64_t> missing = v.GetInt64("Limit");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(), "Limit is required");
  EXPECT_FALSE(v.GetBool("Nothing").ok());
  EXPECT_EQ(v.GetBool("StreamName").status().message(),
            "StreamName must be a boolean, got an integer");
  EXPECT_EQ(Value().AsInt64("Limit").status().message(), "Limit must be an integer, got null");
  EXPECT_EQ(*v.GetInt64("StreamName"), 7);
  EXPECT_DOUBLE_EQ(*v.GetDouble("StreamName"), 7.0);
}

TEST(ValueTest, IntegralDoublesConvertToInt64) {
  EXPECT_EQ(*Value(3.0).AsInt64("x"), 3);
  EXPECT_FALSE(Value(3.5).AsInt64("x").ok());
  EXPECT_FALSE(Value(1e300).AsInt64("x").ok());
}

TEST(ValueTest, BlobAcceptsBytesOrBase64) {
  EXPECT_EQ(*Value::Bytes(std::string("\0\1", 2)).AsBlob("Data"), std::string("\0\1", 2));
  EXPECT_EQ(*Value("aGVsbG8=").AsBlob("Data"), "hello");
  Result<std::string> bad = Value("not base64!").AsBlob("Data");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "Data is not valid base64");
  EXPECT_FALSE(Value(5).AsBlob("Data").ok());
}

TEST(ValueTest, TimestampAcceptsTimestampOrEpochSeconds) {
  EXPECT_EQ(*Value::Timestamp(1500).AsTimestampMillis("T"), 1500);
  EXPECT_EQ(*Value(int64_t{1700000000}).AsTimestampMillis("T"), 1700000000000);
  EXPECT_EQ(*Value(1700000000.25).AsTimestampMillis("T"), 1700000000250);
  EXPECT_FALSE(Value("2020").AsTimestampMillis("T").ok());
  EXPECT_FALSE(Value(int64_t{INT64_MAX}).AsTimestampMillis("T").ok());
}

TEST(ValueTest, ArraysAndNestedObjects) {
  Value v = Value::MakeObject();
  Value& records = v.Set("Records", Value::MakeArray());
  records.Append(1);
  records.Append("two");
  Value& inner = v.Set("Inner", Value::MakeObject());
  inner.Set("k", true);
  Result<const Value::Array*> arr = v.GetArray("Records");
  ASSERT_TRUE(arr.ok());
  EXPECT_EQ((*arr)->size(), 2u);
  EXPECT_FALSE(v.GetArray("Inner").ok());
  Result<const Value*> obj = v.GetObject("Inner");
  ASSERT_TRUE(obj.ok());
  EXPECT_TRUE(*(*obj)->GetBool("k"));
  EXPECT_FALSE(v.GetObject("Records").ok());
}

TEST(ValueTest, EqualityDistinguishesStringFromBytes) {
  EXPECT_NE(Value("a"), Value::Bytes("a"));
  EXPECT_EQ(Value::Timestamp(5), Value::Timestamp(5));
  EXPECT_NE(Value(int64_t{5}), Value::Timestamp(5));
}

}  // namespace
}  // namespace millrace
