#include "lake/object_key.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lake/errors.h"

namespace millrace::lake {
namespace {

LakeErrc CodeOf(const Status& s) { return S3ErrorOf(s).code; }

TEST(ObjectKey, BucketNames) {
  EXPECT_TRUE(ValidateBucketName("lake").ok());
  EXPECT_TRUE(ValidateBucketName("my.bucket-01").ok());
  for (std::string bad : std::vector<std::string>{"ab", std::string(64, 'a'), "Upper", "-lead", "trail-", "a..b",
                          "192.168.1.1", "under_score"}) {
    Status s = ValidateBucketName(bad);
    EXPECT_EQ(CodeOf(s), LakeErrc::kInvalidBucketName) << bad;
  }
}

TEST(ObjectKey, KeysThatMapOntoPaths) {
  for (std::string good : {"a", "dir/sub/file.parquet", "year=2024/month=01/x.json", "ünïcode key",
                           "a.b", "...x"}) {
    EXPECT_TRUE(ValidateKey(good).ok()) << good;
  }
  for (std::string bad : {"", "/lead", "trail/", "a//b", "a/./b", "../x", "a/.."}) {
    EXPECT_EQ(CodeOf(ValidateKey(bad)), LakeErrc::kInvalidArgument) << bad;
  }
  EXPECT_EQ(CodeOf(ValidateKey(std::string("a\0b", 3))), LakeErrc::kInvalidArgument);
  EXPECT_EQ(CodeOf(ValidateKey(std::string(1025, 'k'))), LakeErrc::kKeyTooLongError);
  EXPECT_EQ(CodeOf(ValidateKey("d/" + std::string(256, 'k'))), LakeErrc::kKeyTooLongError);
  EXPECT_TRUE(ValidateKey("d/" + std::string(255, 'k')).ok());
}

}  // namespace
}  // namespace millrace::lake
