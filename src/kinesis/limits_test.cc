#include "kinesis/limits.h"

#include <gtest/gtest.h>

namespace millrace::kinesis {
namespace {

constexpr int64_t kMiB = 1 << 20;

TEST(LimitsTest, Utf16LengthCountsLikeJava) {
  EXPECT_EQ(Utf16Length(""), 0u);
  EXPECT_EQ(Utf16Length("abc"), 3u);
  EXPECT_EQ(Utf16Length("\xc3\xbc"), 1u);          // ü
  EXPECT_EQ(Utf16Length("\xe2\x82\xac"), 1u);      // €
  EXPECT_EQ(Utf16Length("\xf0\x9f\x98\x80"), 2u);  // 😀, a surrogate pair
  EXPECT_EQ(Utf16Length("\xff\xfe"), 2u);          // invalid bytes count one each
  EXPECT_EQ(Utf16Length("\xe2\x82"), 2u);          // truncated sequence
}

TEST(LimitsTest, PartitionKeyLength) {
  std::vector<std::string> failures;
  CheckPartitionKey("k", "partitionKey", &failures);
  CheckPartitionKey(std::string(256, 'k'), "partitionKey", &failures);
  std::string emoji;
  for (int i = 0; i < 128; ++i) emoji += "\xf0\x9f\x98\x80";  // 256 UTF-16 units
  CheckPartitionKey(emoji, "partitionKey", &failures);
  EXPECT_TRUE(failures.empty());

  CheckPartitionKey("", "partitionKey", &failures);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0],
            "Value '' at 'partitionKey' failed to satisfy constraint: Member must have length "
            "greater than or equal to 1");
  CheckPartitionKey(std::string(257, 'k'), "partitionKey", &failures);
  ASSERT_EQ(failures.size(), 2u);
  EXPECT_NE(failures[1].find("Member must have length less than or equal to 256"),
            std::string::npos);
  CheckPartitionKey(emoji + "x", "partitionKey", &failures);
  EXPECT_EQ(failures.size(), 3u);
}

TEST(LimitsTest, RecordSizeCountsDataAndKey) {
  EXPECT_TRUE(CheckRecordSize(0, "k", kDefaultMaxRecordBytes, "data").ok());
  EXPECT_TRUE(CheckRecordSize(kMiB - 3, "key", kDefaultMaxRecordBytes, "data").ok());

  KinesisStatus too_big = CheckRecordSize(kMiB + 1, "k", kDefaultMaxRecordBytes, "data");
  EXPECT_EQ(too_big.code(), Errc::kValidation);
  EXPECT_EQ(too_big.message(),
            "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1048577 "
            "cap=1048577]' at 'data' failed to satisfy constraint: Member must have length less "
            "than or equal to 1048576");

  KinesisStatus with_key = CheckRecordSize(kMiB - 2, "key", kDefaultMaxRecordBytes, "data");
  EXPECT_EQ(with_key.code(), Errc::kInvalidArgument);

  // A stream configured for 10 MiB records takes them.
  EXPECT_TRUE(CheckRecordSize(10 * kMiB - 1, "k", 10 * kMiB, "data").ok());
}

TEST(LimitsTest, PutRecordsCountAndEntries) {
  std::vector<PutRecordsEntrySize> entries(500, {10, "k"});
  EXPECT_TRUE(CheckPutRecordsRequest(entries, kDefaultMaxRecordBytes).ok());

  KinesisStatus none = CheckPutRecordsRequest({}, kDefaultMaxRecordBytes);
  EXPECT_EQ(none.code(), Errc::kValidation);
  EXPECT_EQ(none.message(),
            "1 validation error detected: Value at 'records' failed to satisfy constraint: Member "
            "must have length greater than or equal to 1");

  entries.push_back({10, "k"});
  KinesisStatus many = CheckPutRecordsRequest(entries, kDefaultMaxRecordBytes);
  EXPECT_EQ(many.code(), Errc::kValidation);
  EXPECT_EQ(many.message(),
            "1 validation error detected: Value at 'records' failed to satisfy constraint: Member "
            "must have length less than or equal to 500");

  std::vector<PutRecordsEntrySize> bad = {{1, "k"}, {kMiB + 1, "k"}, {1, ""}};
  KinesisStatus members = CheckPutRecordsRequest(bad, kDefaultMaxRecordBytes);
  EXPECT_EQ(members.code(), Errc::kValidation);
  EXPECT_EQ(
      members.message(),
      "2 validation errors detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1048577 "
      "cap=1048577]' at 'records.2.member.data' failed to satisfy constraint: Member must "
      "have length less than or equal to 1048576; Value '' at 'records.3.member.partitionKey' "
      "failed to satisfy constraint: Member must have length greater than or equal to 1");

  std::vector<PutRecordsEntrySize> all_bad(50, {2 * kMiB, ""});
  KinesisStatus capped = CheckPutRecordsRequest(all_bad, kDefaultMaxRecordBytes);
  EXPECT_EQ(capped.message().rfind("10 validation errors detected: ", 0), 0u);

  std::vector<PutRecordsEntrySize> key_pushes_over = {{kMiB, "k"}};
  EXPECT_EQ(CheckPutRecordsRequest(key_pushes_over, kDefaultMaxRecordBytes).code(),
            Errc::kInvalidArgument);
}

TEST(LimitsTest, PutRecordsTotalSizeIncludesKeys) {
  std::vector<PutRecordsEntrySize> exact(5, {kMiB - 3, "key"});
  EXPECT_TRUE(CheckPutRecordsRequest(exact, kDefaultMaxRecordBytes).ok());
  std::vector<PutRecordsEntrySize> over = exact;
  over.push_back({0, "k"});
  KinesisStatus s = CheckPutRecordsRequest(over, kDefaultMaxRecordBytes);
  EXPECT_EQ(s.code(), Errc::kInvalidArgument);
  EXPECT_EQ(s.message(), "Records size exceeds 5 MB limit");
}

TEST(LimitsTest, MaxRecordSizeSetting) {
  EXPECT_TRUE(CheckMaxRecordSizeKiB(1024, "maxRecordSizeInKiB").ok());
  EXPECT_TRUE(CheckMaxRecordSizeKiB(10240, "maxRecordSizeInKiB").ok());
  KinesisStatus low = CheckMaxRecordSizeKiB(1023, "maxRecordSizeInKiB");
  EXPECT_EQ(low.code(), Errc::kValidation);
  EXPECT_EQ(low.message(),
            "1 validation error detected: Value '1023' at 'maxRecordSizeInKiB' failed to satisfy "
            "constraint: Member must have value greater than or equal to 1024");
  EXPECT_EQ(CheckMaxRecordSizeKiB(10241, "maxRecordSizeInKiB").code(), Errc::kValidation);
}

TEST(LimitsTest, RetentionRange) {
  EXPECT_TRUE(CheckRetentionHours(24).ok());
  EXPECT_TRUE(CheckRetentionHours(8760).ok());
  KinesisStatus short_ = CheckRetentionHours(23);
  EXPECT_EQ(short_.code(), Errc::kInvalidArgument);
  EXPECT_EQ(short_.message(),
            "Minimum allowed retention period is 24 hours. Requested retention period (23 hours) "
            "is too short.");
  KinesisStatus long_ = CheckRetentionHours(8761);
  EXPECT_EQ(long_.message(),
            "Maximum allowed retention period is 8760 hours. Requested retention period (8761 "
            "hours) is too long.");
}

TEST(LimitsTest, RetentionChangesGoTheRightWay) {
  EXPECT_TRUE(CheckRetentionIncrease("s", 48, 24).ok());
  EXPECT_TRUE(CheckRetentionIncrease("s", 24, 24).ok());
  KinesisStatus shorter = CheckRetentionIncrease("orders", 24, 48);
  EXPECT_EQ(shorter.code(), Errc::kInvalidArgument);
  EXPECT_EQ(shorter.message(),
            "Requested retention period (24 hours) for stream orders can not be shorter than "
            "existing retention period (48 hours). Use DecreaseRetentionPeriod API.");
  EXPECT_EQ(CheckRetentionIncrease("s", 9000, 24).code(), Errc::kInvalidArgument);

  EXPECT_TRUE(CheckRetentionDecrease("s", 24, 48).ok());
  KinesisStatus longer = CheckRetentionDecrease("orders", 72, 48);
  EXPECT_EQ(longer.message(),
            "Requested retention period (72 hours) for stream orders can not be longer than "
            "existing retention period (48 hours). Use IncreaseRetentionPeriod API.");
  EXPECT_EQ(CheckRetentionDecrease("s", 12, 48).code(), Errc::kInvalidArgument);
}

TEST(LimitsTest, ShardCounts) {
  EXPECT_TRUE(CheckShardCount(1, "shardCount").ok());
  KinesisStatus zero = CheckShardCount(0, "shardCount");
  EXPECT_EQ(zero.code(), Errc::kValidation);
  EXPECT_EQ(zero.message(),
            "1 validation error detected: Value '0' at 'shardCount' failed to satisfy "
            "constraint: Member must have value greater than or equal to 1");
  EXPECT_TRUE(CheckAccountShardLimit("000000000000", "us-east-1", 10, 20, 10).ok());
  KinesisStatus over = CheckAccountShardLimit("000000000000", "us-east-1", 10, 20, 11);
  EXPECT_EQ(over.code(), Errc::kLimitExceeded);
  EXPECT_EQ(over.message(),
            "This request would exceed the shard limit for the account 000000000000 in "
            "us-east-1. Current shard count for the account: 10. Limit: 20. Number of additional "
            "shards that would have resulted from this request: 11. Refer to the AWS Service "
            "Limits page (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) "
            "for current limits and how to request higher limits.");
}

TEST(LimitsTest, GetRecordsLimit) {
  EXPECT_TRUE(CheckGetRecordsLimit(1).ok());
  EXPECT_TRUE(CheckGetRecordsLimit(10000).ok());
  EXPECT_EQ(CheckGetRecordsLimit(0).code(), Errc::kValidation);
  KinesisStatus high = CheckGetRecordsLimit(10001);
  EXPECT_EQ(high.message(),
            "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: "
            "Member must have value less than or equal to 10000");
}

}  // namespace
}  // namespace millrace::kinesis
