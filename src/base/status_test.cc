#include "base/status.h"

#include <gtest/gtest.h>

#include <cerrno>

namespace millrace {
namespace {

Result<int> ParsePositive(int v) {
  if (v <= 0) return Status::InvalidArgument("not positive");
  return v;
}

Result<int> Doubled(int v) {
  MR_ASSIGN_OR_RETURN(int x, ParsePositive(v));
  return x * 2;
}

Status Check(int v) {
  MR_RETURN_IF_ERROR(ParsePositive(v).status());
  return Status::Ok();
}

TEST(StatusTest, OkAndErrors) {
  EXPECT_TRUE(Status::Ok().ok());
  Status s = Status::NotFound("partition 'x' does not exist");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.ToString(), "NotFound: partition 'x' does not exist");
  EXPECT_EQ(Status::Ok().ToString(), "OK");
}

TEST(StatusTest, FromErrnoMapsDiskFullToResourceExhausted) {
  EXPECT_EQ(Status::FromErrno("write", ENOSPC).code(), StatusCode::kResourceExhausted);
  Status io = Status::FromErrno("open /x", ENOENT);
  EXPECT_EQ(io.code(), StatusCode::kIOError);
  EXPECT_NE(io.message().find("open /x: "), std::string::npos);
}

TEST(ResultTest, ValueOrStatusPropagates) {
  Result<int> good = Doubled(21);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 42);
  Result<int> bad = Doubled(-1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Check(3).ok());
  EXPECT_EQ(Check(0).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace millrace
