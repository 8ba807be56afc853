#include "kinesis/errors.h"

#include <gtest/gtest.h>

#include <set>

namespace millrace::kinesis {
namespace {

constexpr Errc kAll[] = {
    Errc::kAccessDenied,
    Errc::kExpiredIterator,
    Errc::kExpiredNextToken,
    Errc::kInternalFailure,
    Errc::kInvalidArgument,
    Errc::kKmsAccessDenied,
    Errc::kKmsDisabled,
    Errc::kKmsInvalidState,
    Errc::kKmsNotFound,
    Errc::kKmsOptInRequired,
    Errc::kKmsThrottling,
    Errc::kLimitExceeded,
    Errc::kProvisionedThroughputExceeded,
    Errc::kResourceInUse,
    Errc::kResourceNotFound,
    Errc::kValidation,
    Errc::kSerialization,
    Errc::kUnknownOperation,
    Errc::kServiceUnavailable,
};

TEST(ErrorsTest, EveryCodeHasADistinctAwsName) {
  std::set<std::string_view> names;
  for (Errc code : kAll) {
    std::string_view name = ErrorTypeName(code);
    EXPECT_FALSE(name.empty());
    EXPECT_TRUE(names.insert(name).second) << name;
  }
  EXPECT_EQ(ErrorTypeName(Errc::kOk), "");
}

TEST(ErrorsTest, NamesMatchTheModel) {
  EXPECT_EQ(ErrorTypeName(Errc::kResourceNotFound), "ResourceNotFoundException");
  EXPECT_EQ(ErrorTypeName(Errc::kResourceInUse), "ResourceInUseException");
  EXPECT_EQ(ErrorTypeName(Errc::kInvalidArgument), "InvalidArgumentException");
  EXPECT_EQ(ErrorTypeName(Errc::kValidation), "ValidationException");
  EXPECT_EQ(ErrorTypeName(Errc::kLimitExceeded), "LimitExceededException");
  EXPECT_EQ(ErrorTypeName(Errc::kExpiredIterator), "ExpiredIteratorException");
  EXPECT_EQ(ErrorTypeName(Errc::kProvisionedThroughputExceeded),
            "ProvisionedThroughputExceededException");
  EXPECT_EQ(ErrorTypeName(Errc::kKmsOptInRequired), "KMSOptInRequired");
  EXPECT_EQ(ErrorTypeName(Errc::kInternalFailure), "InternalFailure");
}

TEST(ErrorsTest, HttpStatusIs400ExceptServerFaults) {
  for (Errc code : kAll) {
    int expected = code == Errc::kInternalFailure      ? 500
                   : code == Errc::kServiceUnavailable ? 503
                                                       : 400;
    EXPECT_EQ(HttpStatus(code), expected) << ErrorTypeName(code);
  }
  EXPECT_TRUE(UsesCapitalizedMessageMember(Errc::kSerialization));
  EXPECT_FALSE(UsesCapitalizedMessageMember(Errc::kValidation));
}

TEST(ErrorsTest, StatusCarriesCodeAndMessage) {
  KinesisStatus ok;
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(ok.ToString(), "OK");
  KinesisStatus s = ResourceNotFound("Stream x under account 1 not found.");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Errc::kResourceNotFound);
  EXPECT_EQ(s.type(), "ResourceNotFoundException");
  EXPECT_EQ(s.http_status(), 400);
  EXPECT_EQ(s.ToString(), "ResourceNotFoundException: Stream x under account 1 not found.");
}

KinesisResult<int> Half(int v) {
  if (v % 2 != 0) return InvalidArgument("odd");
  return v / 2;
}

KinesisResult<int> Quarter(int v) {
  MR_ASSIGN_OR_RETURN(int h, Half(v));
  return Half(h);
}

KinesisStatus CheckEven(int v) {
  MR_KINESIS_RETURN_IF_ERROR(Half(v).status());
  return KinesisStatus::Ok();
}

TEST(ErrorsTest, ResultAndMacros) {
  EXPECT_EQ(*Quarter(8), 2);
  KinesisResult<int> r = Quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Errc::kInvalidArgument);
  EXPECT_EQ(r.status().message(), "odd");
  EXPECT_TRUE(CheckEven(4).ok());
  EXPECT_EQ(CheckEven(3).code(), Errc::kInvalidArgument);
}

TEST(ErrorsTest, FromStatusMapsLowerLayers) {
  EXPECT_TRUE(FromStatus(Status::Ok()).ok());
  EXPECT_EQ(FromStatus(Status::NotFound("p")).code(), Errc::kResourceNotFound);
  EXPECT_EQ(FromStatus(Status::InvalidArgument("p")).code(), Errc::kInvalidArgument);
  EXPECT_EQ(FromStatus(Status::IOError("disk")).code(), Errc::kInternalFailure);
  EXPECT_EQ(FromStatus(Status::Corruption("crc")).code(), Errc::kInternalFailure);
  EXPECT_EQ(FromStatus(Status::Unavailable("stopping")).code(), Errc::kServiceUnavailable);
  EXPECT_EQ(FromStatus(Status::IOError("disk")).message(), "disk");
}

TEST(ErrorsTest, ValidationMessagesReadLikeAws) {
  std::string name = "a b";
  KinesisStatus one = ValidationError("streamName", &name,
                                      "Member must satisfy regular expression pattern: "
                                      "[a-zA-Z0-9_.-]+");
  EXPECT_EQ(one.code(), Errc::kValidation);
  EXPECT_EQ(one.message(),
            "1 validation error detected: Value 'a b' at 'streamName' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  KinesisStatus two = ValidationError(
      {ConstraintFailure("shardCount", nullptr, "Member must not be null"),
       ConstraintFailure("streamName", &name, "Member must have length less than or equal to 1")});
  EXPECT_EQ(two.message(),
            "2 validation errors detected: Value null at 'shardCount' failed to satisfy "
            "constraint: Member must not be null; Value 'a b' at 'streamName' failed to satisfy "
            "constraint: Member must have length less than or equal to 1");
}

}  // namespace
}  // namespace millrace::kinesis
