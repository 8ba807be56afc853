#include "lake/s3_api/s3_api.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "lake/digest.h"
#include "lake/file_io.h"
#include "lake/object_store.h"
#include "net/loopback_server.h"

namespace millrace::lake::s3 {
namespace {

namespace fs = std::filesystem;

class S3ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("s3-api-" + RandomHex(6));
    store_ = std::move(ObjectStore::Open(dir_.string())).value();
    store_->set_min_part_size(4);
    api_ = std::make_unique<S3Api>(*store_);
    api_->Install(server_.router());
    server_.Start();
    client_ = std::make_unique<net::Http1Client>(server_.port());
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::optional<net::Response> Call(std::string_view method, std::string_view target,
                                    std::string_view body = {}, std::string_view headers = {}) {
    return client_->Request(method, target, body, headers);
  }

  fs::path dir_;
  std::unique_ptr<ObjectStore> store_;
  std::unique_ptr<S3Api> api_;
  net::LoopbackServer server_;
  std::unique_ptr<net::Http1Client> client_;
};

TEST_F(S3ApiTest, BucketAndObjectLifecycle) {
  auto r = Call("PUT", "/lake");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 200);
  EXPECT_FALSE(r->base()["x-amz-request-id"].empty());
  r = Call("PUT", "/lake");
  EXPECT_EQ(r->result_int(), 409);
  EXPECT_NE(r->body().find("<Code>BucketAlreadyOwnedByYou</Code>"), std::string::npos);
  r = Call("GET", "/");
  EXPECT_NE(r->body().find("<Name>lake</Name>"), std::string::npos) << r->body();

  r = Call("PUT", "/lake/dir/hello%20world.txt", "hello world",
           "Content-Type: text/plain\r\nx-amz-meta-Origin: unit\r\n");
  ASSERT_EQ(r->result_int(), 200) << r->body();
  EXPECT_EQ(r->base()["etag"], "\"" + HexOf(Md5Of("hello world")) + "\"");
  EXPECT_TRUE(fs::exists(dir_ / "lake" / "lake" / "dir" / "hello world.txt"));

  r = Call("GET", "/lake/dir/hello%20world.txt");
  EXPECT_EQ(r->result_int(), 200);
  EXPECT_EQ(r->body(), "hello world");
  EXPECT_EQ(r->base()["content-type"], "text/plain");
  EXPECT_EQ(r->base()["x-amz-meta-origin"], "unit");

  r = Call("GET", "/lake/dir/hello%20world.txt", {}, "Range: bytes=6-\r\n");
  EXPECT_EQ(r->result_int(), 206);
  EXPECT_EQ(r->body(), "world");
  EXPECT_EQ(r->base()["content-range"], "bytes 6-10/11");
  r = Call("GET", "/lake/dir/hello%20world.txt", {}, "Range: bytes=50-\r\n");
  EXPECT_EQ(r->result_int(), 416);
  EXPECT_NE(r->body().find("<Code>InvalidRange</Code>"), std::string::npos);

  client_->Send("HEAD /lake/dir/hello%20world.txt HTTP/1.1\r\nHost: x\r\n\r\n");
  r = client_->Read(true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 200);
  EXPECT_EQ(r->base()["content-length"], "11");

  r = Call("GET", "/lake?list-type=2&delimiter=/");
  EXPECT_NE(r->body().find("<CommonPrefixes><Prefix>dir/</Prefix></CommonPrefixes>"),
            std::string::npos)
      << r->body();
  r = Call("GET", "/lake?list-type=2&prefix=dir/&encoding-type=url");
  EXPECT_NE(r->body().find("<Key>dir/hello%20world.txt</Key>"), std::string::npos) << r->body();
  EXPECT_NE(r->body().find("<KeyCount>1</KeyCount>"), std::string::npos);

  r = Call("DELETE", "/lake");
  EXPECT_EQ(r->result_int(), 409);
  r = Call("DELETE", "/lake/dir/hello%20world.txt");
  EXPECT_EQ(r->result_int(), 204);
  r = Call("GET", "/lake/dir/hello%20world.txt");
  EXPECT_EQ(r->result_int(), 404);
  EXPECT_NE(r->body().find("<Code>NoSuchKey</Code>"), std::string::npos);
  EXPECT_NE(r->body().find("<Key>dir/hello world.txt</Key>"), std::string::npos);
  r = Call("DELETE", "/lake");
  EXPECT_EQ(r->result_int(), 204);
  r = Call("GET", "/lake/x");
  EXPECT_EQ(r->result_int(), 404);
  EXPECT_NE(r->body().find("<Code>NoSuchBucket</Code>"), std::string::npos);
}

TEST_F(S3ApiTest, AwsChunkedUploadIsDecoded) {
  ASSERT_EQ(Call("PUT", "/lake")->result_int(), 200);
  std::string sig = ";chunk-signature=" + std::string(64, '0');
  std::string body = "5" + sig + "\r\nhello\r\n6" + sig + "\r\n world\r\n0" + sig + "\r\n\r\n";
  auto r = Call("PUT", "/lake/chunked", body,
                "x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD\r\n"
                "Content-Encoding: aws-chunked\r\nx-amz-decoded-content-length: 11\r\n");
  ASSERT_EQ(r->result_int(), 200) << r->body();
  r = Call("GET", "/lake/chunked");
  EXPECT_EQ(r->body(), "hello world");
  EXPECT_TRUE(r->base()["content-encoding"].empty());
}

TEST_F(S3ApiTest, VirtualHostCopyAndDeleteObjects) {
  ASSERT_EQ(Call("PUT", "/lake")->result_int(), 200);
  client_->Send("PUT /a.txt HTTP/1.1\r\nHost: lake.localhost:4566\r\nContent-Length: 3\r\n\r\nabc");
  auto r = client_->Read();
  ASSERT_EQ(r->result_int(), 200) << r->body();
  r = Call("PUT", "/lake/b.txt", {}, "x-amz-copy-source: /lake/a.txt\r\n");
  ASSERT_EQ(r->result_int(), 200) << r->body();
  EXPECT_NE(r->body().find("<CopyObjectResult"), std::string::npos);
  EXPECT_EQ(Call("GET", "/lake/b.txt")->body(), "abc");
  r = Call("POST", "/lake?delete",
           "<Delete><Object><Key>a.txt</Key></Object><Object><Key>b.txt</Key></Object></Delete>");
  ASSERT_EQ(r->result_int(), 200) << r->body();
  EXPECT_NE(r->body().find("<Deleted><Key>b.txt</Key></Deleted>"), std::string::npos);
  EXPECT_EQ(Call("GET", "/lake/a.txt")->result_int(), 404);
  r = Call("POST", "/lake?delete", "<Delete><Object>");
  EXPECT_EQ(r->result_int(), 400);
  EXPECT_NE(r->body().find("MalformedXML"), std::string::npos);
}

TEST_F(S3ApiTest, MultipartUpload) {
  ASSERT_EQ(Call("PUT", "/lake")->result_int(), 200);
  auto r = Call("POST", "/lake/big?uploads");
  ASSERT_EQ(r->result_int(), 200);
  const std::string& xml = r->body();
  size_t a = xml.find("<UploadId>") + 10, b = xml.find("</UploadId>");
  std::string id = xml.substr(a, b - a);
  r = Call("PUT", "/lake/big?partNumber=1&uploadId=" + id, "first-");
  std::string e1 = std::string(r->base()["etag"]);
  r = Call("PUT", "/lake/big?partNumber=2&uploadId=" + id, "second");
  std::string e2 = std::string(r->base()["etag"]);
  r = Call("GET", "/lake/big?uploadId=" + id);
  EXPECT_NE(r->body().find("<PartNumber>2</PartNumber>"), std::string::npos) << r->body();
  r = Call("POST", "/lake/big?uploadId=" + id,
           "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>" + e1 +
               "</ETag></Part><Part><PartNumber>2</PartNumber><ETag>" + e2 +
               "</ETag></Part></CompleteMultipartUpload>");
  ASSERT_EQ(r->result_int(), 200) << r->body();
  EXPECT_NE(r->body().find("-2&quot;</ETag>"), std::string::npos) << r->body();
  EXPECT_EQ(Call("GET", "/lake/big")->body(), "first-second");
  r = Call("DELETE", "/lake/big?uploadId=" + id);
  EXPECT_EQ(r->result_int(), 404);
  EXPECT_NE(r->body().find("NoSuchUpload"), std::string::npos);
}

TEST_F(S3ApiTest, UnsupportedThingsSayNotImplemented) {
  ASSERT_EQ(Call("PUT", "/lake")->result_int(), 200);
  auto r = Call("GET", "/lake?versioning");
  EXPECT_EQ(r->result_int(), 501);
  EXPECT_NE(r->body().find("<Code>NotImplemented</Code>"), std::string::npos);
  r = Call("PUT", "/lake/x//y", "v");
  EXPECT_EQ(r->result_int(), 400);
  EXPECT_NE(r->body().find("<Code>InvalidArgument</Code>"), std::string::npos);
}

}  // namespace
}  // namespace millrace::lake::s3
