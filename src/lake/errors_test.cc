#include "lake/errors.h"

#include <gtest/gtest.h>

namespace millrace::lake {
namespace {

TEST(LakeErrors, RoundTripThroughStatus) {
  Status s = LakeError(LakeErrc::kNoSuchBucket, "bucket b is missing");
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  S3Error e = S3ErrorOf(s);
  EXPECT_EQ(e.code, LakeErrc::kNoSuchBucket);
  EXPECT_EQ(e.http_status, 404);
  EXPECT_EQ(e.message, "bucket b is missing");
  EXPECT_EQ(LakeErrcName(LakeErrc::kInvalidRange), "InvalidRange");
  EXPECT_EQ(S3ErrorOf(LakeError(LakeErrc::kInvalidRange, "x")).http_status, 416);
  EXPECT_EQ(S3ErrorOf(LakeError(LakeErrc::kBucketNotEmpty, "x")).http_status, 409);
}

TEST(LakeErrors, ForeignStatusesMapByCode) {
  S3Error e = S3ErrorOf(Status::IOError("disk on fire"));
  EXPECT_EQ(e.code, LakeErrc::kInternalError);
  EXPECT_EQ(e.http_status, 500);
  // A message that merely looks like a code but has the wrong StatusCode is not trusted.
  e = S3ErrorOf(Status::Internal("NoSuchKey: x"));
  EXPECT_EQ(e.code, LakeErrc::kInternalError);
  EXPECT_EQ(S3ErrorOf(Status::ResourceExhausted("full")).code, LakeErrc::kEntityTooLarge);
}

}  // namespace
}  // namespace millrace::lake
