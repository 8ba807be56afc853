#include "lake/s3_api/s3_request.h"

#include <gtest/gtest.h>

namespace millrace::lake::s3 {
namespace {

TEST(S3Request, PathStyle) {
  S3Address a = ParseS3Address("/lake/dir/a%20b%2Bc.parquet", "uploadId=x%2By&partNumber=3&uploads",
                               "127.0.0.1:4566");
  EXPECT_FALSE(a.virtual_host);
  EXPECT_EQ(a.bucket, "lake");
  EXPECT_EQ(a.key, "dir/a b+c.parquet");
  EXPECT_EQ(a.Get("uploadId"), "x+y");
  EXPECT_EQ(a.Get("partNumber"), "3");
  EXPECT_TRUE(a.Has("uploads"));
  EXPECT_FALSE(a.Has("delete"));
  S3Address service = ParseS3Address("/", "", "localhost:4566");
  EXPECT_EQ(service.bucket, "");
  S3Address bucket = ParseS3Address("/lake", "list-type=2&prefix=a+b", "localhost");
  EXPECT_EQ(bucket.bucket, "lake");
  EXPECT_EQ(bucket.key, "");
  EXPECT_EQ(bucket.Get("prefix"), "a b");
  EXPECT_EQ(ParseS3Address("/lake/", "", "localhost").key, "");
}

TEST(S3Request, VirtualHostStyle) {
  S3Address a = ParseS3Address("/dir/k", "", "lake.localhost:4566");
  EXPECT_TRUE(a.virtual_host);
  EXPECT_EQ(a.bucket, "lake");
  EXPECT_EQ(a.key, "dir/k");
  EXPECT_EQ(ParseS3Address("/", "", "my.bucket.s3.us-east-1.amazonaws.com").bucket, "my.bucket");
  EXPECT_EQ(ParseS3Address("/k", "", "Lake.S3.localhost.localstack.cloud:4566").bucket, "lake");
  EXPECT_FALSE(BucketFromHost("s3.amazonaws.com"));
  EXPECT_FALSE(BucketFromHost("localhost:4566"));
  EXPECT_FALSE(BucketFromHost("[::1]:4566"));
}

TEST(S3Request, UrlCoding) {
  EXPECT_EQ(UrlEncode("a b/c+d~é", true), "a%20b/c%2Bd~%C3%A9");
  EXPECT_EQ(UrlEncode("a/b", false), "a%2Fb");
  EXPECT_EQ(UrlDecode("a%2fb%zz%4", false), "a/b%zz%4");
  EXPECT_EQ(UrlDecode("a+b", false), "a+b");
}

TEST(S3Request, TimeFormats) {
  EXPECT_EQ(Iso8601(1704164645678), "2024-01-02T03:04:05.678Z");
  EXPECT_EQ(HttpDate(1704164645678), "Tue, 02 Jan 2024 03:04:05 GMT");
}

}  // namespace
}  // namespace millrace::lake::s3
