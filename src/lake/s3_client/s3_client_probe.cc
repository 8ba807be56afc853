// s3_client_probe: drives S3Client against an S3 endpoint (the e2e tests point it at s3rver and
// at millrace). Usage: s3_client_probe <endpoint> <access key> <secret key> <bucket>
// Creates the bucket, puts, heads, gets and deletes an object, checks every answer, and exits 0;
// on the first failure prints it to stderr and exits 1.
#include <cstdio>
#include <string>

#include "lake/digest.h"
#include "lake/errors.h"
#include "lake/s3_client/s3_client.h"

namespace {

int Fail(const std::string& what) {
  std::fprintf(stderr, "s3_client_probe: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace millrace::lake;
  if (argc != 5) return Fail("usage: s3_client_probe <endpoint> <access key> <secret key> <bucket>");
  s3::S3Client client({.endpoint = argv[1], .access_key = argv[2], .secret_key = argv[3]});
  std::string bucket = argv[4];
  std::string key = "dt=2024-01-02/part 0001.parquet";
  std::string body;
  for (int i = 0; i < 100000; ++i) body += static_cast<char>('a' + i % 23);

  if (auto s = client.CreateBucket(bucket); !s.ok()) return Fail("CreateBucket: " + s.ToString());
  auto etag = client.PutObject(bucket, key, body, "application/vnd.apache.parquet");
  if (!etag.ok()) return Fail("PutObject: " + etag.status().ToString());
  if (*etag != HexOf(Md5Of(body))) return Fail("PutObject: ETag " + *etag + " is not the MD5");
  auto head = client.HeadObject(bucket, key);
  if (!head.ok()) return Fail("HeadObject: " + head.status().ToString());
  if (head->size != body.size()) return Fail("HeadObject: wrong size");
  auto got = client.GetObject(bucket, key);
  if (!got.ok()) return Fail("GetObject: " + got.status().ToString());
  if (*got != body) return Fail("GetObject: the bytes differ");
  if (auto s = client.DeleteObject(bucket, key); !s.ok()) return Fail("DeleteObject: " + s.ToString());
  auto gone = client.GetObject(bucket, key);
  if (gone.ok() || S3ErrorOf(gone.status()).code != LakeErrc::kNoSuchKey) {
    return Fail("GetObject after delete: expected NoSuchKey, got " + gone.status().ToString());
  }
  std::printf("s3_client_probe: ok\n");
  return 0;
}
