#include "lake/s3_client/s3_client.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "lake/digest.h"
#include "lake/errors.h"
#include "lake/file_io.h"
#include "lake/object_store.h"
#include "lake/s3_api/s3_api.h"
#include "lake/s3_client/sigv4_signer.h"
#include "net/loopback_server.h"

namespace millrace::lake::s3 {
namespace {

namespace fs = std::filesystem;

// The example of AWS's S3 SigV4 documentation (GET /test.txt with a Range header), which
// botocore signs identically.
TEST(SigV4Signer, MatchesTheDocumentedExample) {
  SigningRequest request;
  request.method = "GET";
  request.path = "/test.txt";
  request.payload_sha256 = Sha256HexOf("");
  request.headers = {{"Host", "examplebucket.s3.amazonaws.com"},
                     {"Range", "bytes=0-9"},
                     {"x-amz-content-sha256", request.payload_sha256},
                     {"x-amz-date", "20130524T000000Z"}};
  SigningCredentials credentials{"AKIAIOSFODNN7EXAMPLE",
                                 "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1", "s3"};
  EXPECT_EQ(SignV4(request, credentials, "20130524T000000Z"),
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
            "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  // Any change to what is signed changes the signature.
  request.headers[1].second = "bytes=0-10";
  EXPECT_EQ(SignV4(request, credentials, "20130524T000000Z").find("f0e8bdb87c96"),
            std::string::npos);
  EXPECT_EQ(AmzDate(1369353600000), "20130524T000000Z");
}

TEST(S3Client, RoundTripAgainstMillracesOwnS3Api) {
  fs::path dir = fs::temp_directory_path() / ("s3-client-" + RandomHex(6));
  auto store = std::move(ObjectStore::Open(dir.string())).value();
  {
    S3Api api(*store);
    net::LoopbackServer server;
    api.Install(server.router());
    server.Start();
    S3Client client({.endpoint = "http://127.0.0.1:" + std::to_string(server.port())});

    ASSERT_TRUE(client.CreateBucket("remote").ok());
    EXPECT_EQ(S3ErrorOf(client.CreateBucket("remote")).code, LakeErrc::kBucketAlreadyOwnedByYou);
    std::string body(300000, 'p');
    auto etag = client.PutObject("remote", "dt=2024-01-02/part 0.parquet", body,
                                 "application/vnd.apache.parquet");
    ASSERT_TRUE(etag.ok()) << etag.status().ToString();
    EXPECT_EQ(*etag, HexOf(Md5Of(body)));
    EXPECT_TRUE(fs::exists(dir / "lake" / "remote" / "dt=2024-01-02" / "part 0.parquet"));
    auto got = client.GetObject("remote", "dt=2024-01-02/part 0.parquet");
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(*got, body);
    auto head = client.HeadObject("remote", "dt=2024-01-02/part 0.parquet");
    ASSERT_TRUE(head.ok());
    EXPECT_EQ(head->size, body.size());
    EXPECT_EQ(head->content_type, "application/vnd.apache.parquet");
    ASSERT_TRUE(client.DeleteObject("remote", "dt=2024-01-02/part 0.parquet").ok());
    EXPECT_EQ(S3ErrorOf(client.GetObject("remote", "dt=2024-01-02/part 0.parquet").status()).code,
              LakeErrc::kNoSuchKey);
    EXPECT_EQ(S3ErrorOf(client.HeadObject("remote", "gone").status()).code, LakeErrc::kNoSuchKey);
    EXPECT_EQ(S3ErrorOf(client.PutObject("nobucket", "k", "v").status()).code,
              LakeErrc::kNoSuchBucket);
  }
  fs::remove_all(dir);
}

TEST(S3Client, MultipartUploadStoresTheWholeObject) {
  fs::path dir = fs::temp_directory_path() / ("s3-client-" + RandomHex(6));
  auto store = std::move(ObjectStore::Open(dir.string())).value();
  {
    S3Api api(*store);
    net::LoopbackServer server;
    api.Install(server.router());
    server.Start();
    S3Client client({.endpoint = "http://127.0.0.1:" + std::to_string(server.port())});
    ASSERT_TRUE(client.CreateBucket("mpu").ok());
    std::string body;
    for (int i = 0; body.size() < (11u << 20) + 123; ++i) body += std::to_string(i) + ",";
    auto etag = client.PutObjectMultipart("mpu", "big/object", body, 5 << 20);
    ASSERT_TRUE(etag.ok()) << etag.status().ToString();
    EXPECT_NE(etag->find("-3"), std::string::npos) << *etag;  // three parts
    auto got = client.GetObject("mpu", "big/object");
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(*got, body);
    // A part under S3's 5 MiB minimum (not the last) is refused and the upload aborted.
    auto small = client.PutObjectMultipart("mpu", "small/object", std::string(300, 'x'), 100);
    EXPECT_FALSE(small.ok());
    EXPECT_EQ(S3ErrorOf(client.GetObject("mpu", "small/object").status()).code,
              LakeErrc::kNoSuchKey);
  }
  fs::remove_all(dir);
}

TEST(S3Client, ListsPagesAndReadsRanges) {
  fs::path dir = fs::temp_directory_path() / ("s3-client-" + RandomHex(6));
  auto store = std::move(ObjectStore::Open(dir.string())).value();
  {
    S3Api api(*store);
    net::LoopbackServer server;
    api.Install(server.router());
    server.Start();
    S3Client client({.endpoint = "http://127.0.0.1:" + std::to_string(server.port())});
    ASSERT_TRUE(client.CreateBucket("lake").ok());
    std::vector<std::string> keys;
    for (int i = 0; i < 10; ++i) keys.push_back("t/k=" + std::to_string(i % 3) + "/f " + std::to_string(i));
    keys.push_back("other/x");
    for (const std::string& key : keys) {
      ASSERT_TRUE(client.PutObject("lake", key, key).ok()) << key;
    }
    std::vector<std::string> listed;
    std::string token;
    int pages = 0;
    do {
      auto page = client.ListObjects("lake", "t/", token, 4);
      ASSERT_TRUE(page.ok()) << page.status().ToString();
      for (const auto& o : page->objects) {
        EXPECT_EQ(o.size, o.key.size());
        listed.push_back(o.key);
      }
      token = page->next_continuation_token;
      ++pages;
    } while (!token.empty());
    EXPECT_EQ(pages, 3);
    EXPECT_EQ(listed.size(), 10u);
    EXPECT_TRUE(std::is_sorted(listed.begin(), listed.end()));
    EXPECT_EQ(S3ErrorOf(client.ListObjects("nobucket", "").status()).code, LakeErrc::kNoSuchBucket);

    auto range = client.GetObjectRange("lake", "t/k=1/f 1", 2, 3);
    ASSERT_TRUE(range.ok()) << range.status().ToString();
    EXPECT_EQ(*range, "k=1");
    auto tail = client.GetObjectRange("lake", "t/k=1/f 1", 7, 100);
    ASSERT_TRUE(tail.ok());
    EXPECT_EQ(*tail, " 1");
  }
  fs::remove_all(dir);
}

TEST(S3Client, UnreachableEndpointIsAnIOError) {
  S3Client client({.endpoint = "http://127.0.0.1:1", .timeout_ms = 2000});
  Status s = client.CreateBucket("x");
  EXPECT_EQ(s.code(), StatusCode::kIOError) << s.ToString();
}

}  // namespace
}  // namespace millrace::lake::s3
