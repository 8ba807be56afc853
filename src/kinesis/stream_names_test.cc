#include "kinesis/stream_names.h"

#include <gtest/gtest.h>

namespace millrace::kinesis {
namespace {

constexpr char kRegion[] = "us-east-1";
constexpr char kAccount[] = "000000000000";

TEST(StreamNamesTest, AcceptsValidNames) {
  for (std::string name : {std::string("a"), std::string("orders.v2_raw-events"),
                           std::string(128, 'x'), std::string("0")}) {
    EXPECT_TRUE(ValidateStreamName(name).ok()) << name;
  }
}

TEST(StreamNamesTest, ReportsEveryBrokenConstraint) {
  KinesisStatus empty = ValidateStreamName("");
  EXPECT_EQ(empty.code(), Errc::kValidation);
  EXPECT_EQ(empty.message(),
            "2 validation errors detected: Value '' at 'streamName' failed to satisfy constraint: "
            "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; Value '' at "
            "'streamName' failed to satisfy constraint: Member must have length greater than or "
            "equal to 1");

  KinesisStatus bad_char = ValidateStreamName("a/b");
  EXPECT_EQ(bad_char.message(),
            "1 validation error detected: Value 'a/b' at 'streamName' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");

  std::string long_name(129, 'a');
  KinesisStatus too_long = ValidateStreamName(long_name);
  EXPECT_EQ(too_long.message(), "1 validation error detected: Value '" + long_name +
                                    "' at 'streamName' failed to satisfy constraint: Member "
                                    "must have length less than or equal to 128");

  std::vector<std::string> failures;
  CheckStreamName(std::string(129, '!'), "streamName", &failures);
  EXPECT_EQ(failures.size(), 2u);
  CheckConsumerName("ok", "consumerName", &failures);
  EXPECT_EQ(failures.size(), 2u);
  CheckConsumerName("not ok", "consumerName", &failures);
  ASSERT_EQ(failures.size(), 3u);
  EXPECT_NE(failures[2].find("at 'consumerName'"), std::string::npos);
}

TEST(StreamNamesTest, StreamArnsRoundTrip) {
  std::string arn = FormatStreamArn(kRegion, kAccount, "orders");
  EXPECT_EQ(arn, "arn:aws:kinesis:us-east-1:000000000000:stream/orders");
  KinesisResult<StreamArn> parsed = ParseStreamArn(arn);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(*parsed, (StreamArn{"aws", kRegion, kAccount, "orders"}));
  KinesisResult<StreamArn> china =
      ParseStreamArn("arn:aws-cn:kinesis:cn-north-1:123456789012:stream/x");
  ASSERT_TRUE(china.ok());
  EXPECT_EQ(china->partition, "aws-cn");
}

TEST(StreamNamesTest, StreamArnErrors) {
  for (const char* bad : {"orders", "arn:aws:kinesis:us-east-1:000000000000:orders",
                          "arn:aws:kinesis:us-east-1:00000000000:stream/orders",
                          "arn:aws:s3:us-east-1:000000000000:stream/orders",
                          "arn:gcp:kinesis:us-east-1:000000000000:stream/orders",
                          "arn:aws:kinesis:us-east-1:000000000000:stream/",
                          "arn:aws:kinesis:us-east-1:0000000000ab:stream/orders"}) {
    KinesisResult<StreamArn> r = ParseStreamArn(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), Errc::kValidation) << bad;
    EXPECT_EQ(r.status().message(),
              std::string("1 validation error detected: Value '") + bad +
                  "' at 'streamARN' failed to satisfy constraint: Member must satisfy regular "
                  "expression pattern: arn:aws.*:kinesis:.*:\\d{12}:stream/.+");
  }
  EXPECT_EQ(ParseStreamArn("").status().code(), Errc::kValidation);
  EXPECT_EQ(ParseStreamArn(std::string(2049, 'a')).status().code(), Errc::kValidation);
  for (const char* shaped_but_wrong : {"arn:aws:kinesis::000000000000:stream/orders",
                                       "arn:aws:kinesis:us-east-1:000000000000:stream/a b"}) {
    KinesisResult<StreamArn> r = ParseStreamArn(shaped_but_wrong);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Errc::kInvalidArgument) << shaped_but_wrong;
  }
}

TEST(StreamNamesTest, ConsumerArnsRoundTrip) {
  std::string arn = FormatConsumerArn(kRegion, kAccount, "orders", "app-1", 1764065400);
  EXPECT_EQ(arn, "arn:aws:kinesis:us-east-1:000000000000:stream/orders/consumer/app-1:1764065400");
  KinesisResult<ConsumerArn> parsed = ParseConsumerArn(arn);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->stream, (StreamArn{"aws", kRegion, kAccount, "orders"}));
  EXPECT_EQ(parsed->consumer_name, "app-1");
  EXPECT_EQ(parsed->creation_epoch_seconds, 1764065400);
}

TEST(StreamNamesTest, ConsumerArnErrors) {
  for (const char* bad : {"arn:aws:kinesis:us-east-1:000000000000:stream/orders",
                          "arn:aws:kinesis:us-east-1:000000000000:stream/orders/consumer/app",
                          "arn:aws:kinesis:us-east-1:000000000000:stream/orders/consumer/app:",
                          "arn:aws:kinesis:us-east-1:000000000000:stream/orders/consumer/app:12x",
                          "arn:aws:kinesis:us-east-1:000000000000:stream/orders/consumer/a b:12",
                          "arn:aws:kinesis:us-east-1:000000000000:stream//consumer/app:12",
                          "arn:aws:kinesis:us-east-1:000000000000:stream/orders/consumer/:12"}) {
    KinesisResult<ConsumerArn> r = ParseConsumerArn(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), Errc::kValidation) << bad;
  }
  EXPECT_EQ(ParseConsumerArn("arn:aws:kinesis::000000000000:stream/o/consumer/c:1").status().code(),
            Errc::kInvalidArgument);
}

TEST(StreamNamesTest, ResolveByNameArnOrBoth) {
  std::string arn = FormatStreamArn(kRegion, kAccount, "orders");
  EXPECT_EQ(*ResolveStreamName("orders", std::nullopt, kRegion, kAccount), "orders");
  EXPECT_EQ(*ResolveStreamName(std::nullopt, arn, kRegion, kAccount), "orders");
  EXPECT_EQ(*ResolveStreamName("orders", arn, kRegion, kAccount), "orders");
}

TEST(StreamNamesTest, ResolveErrors) {
  EXPECT_EQ(ResolveStreamName(std::nullopt, std::nullopt, kRegion, kAccount).status().code(),
            Errc::kInvalidArgument);
  EXPECT_EQ(ResolveStreamName("bad name", std::nullopt, kRegion, kAccount).status().code(),
            Errc::kValidation);
  EXPECT_EQ(ResolveStreamName(std::nullopt, "nonsense", kRegion, kAccount).status().code(),
            Errc::kValidation);
  EXPECT_EQ(
      ResolveStreamName("other", FormatStreamArn(kRegion, kAccount, "orders"), kRegion, kAccount)
          .status()
          .code(),
      Errc::kInvalidArgument);
  KinesisResult<std::string> elsewhere = ResolveStreamName(
      std::nullopt, FormatStreamArn("eu-west-1", kAccount, "orders"), kRegion, kAccount);
  EXPECT_EQ(elsewhere.status().code(), Errc::kResourceNotFound);
  KinesisResult<std::string> other_account = ResolveStreamName(
      std::nullopt, FormatStreamArn(kRegion, "111111111111", "orders"), kRegion, kAccount);
  EXPECT_EQ(other_account.status().code(), Errc::kResourceNotFound);
  EXPECT_EQ(other_account.status().message(),
            "Stream orders under account 111111111111 not found.");
}

}  // namespace
}  // namespace millrace::kinesis
