#include "kinesis/shard_id.h"

#include <gtest/gtest.h>

namespace millrace::kinesis {
namespace {

TEST(ShardIdTest, FormatsTwelveDigits) {
  EXPECT_EQ(FormatShardId(0), "shardId-000000000000");
  EXPECT_EQ(FormatShardId(42), "shardId-000000000042");
  EXPECT_EQ(FormatShardId(kMaxShardIndex), "shardId-002147483647");
}

TEST(ShardIdTest, ParsesCanonicalAndShortForms) {
  EXPECT_EQ(ParseShardId("shardId-000000000000"), 0);
  EXPECT_EQ(ParseShardId("shardId-000000000042"), 42);
  EXPECT_EQ(ParseShardId("shardId-7"), 7);
  EXPECT_EQ(ParseShardId("7"), 7);
  EXPECT_EQ(ParseShardId("00000000000000000003"), 3);
  EXPECT_EQ(ParseShardId("shardId-002147483647"), kMaxShardIndex);
}

TEST(ShardIdTest, RejectsOtherText) {
  for (const char* bad : {"", "shardId-", "shardId--1", "shardid-1", "shard-1", "-1", "+1", "1a",
                          "shardId-1 ", "shardId-2147483648", "000000000000000000001"}) {
    EXPECT_FALSE(ParseShardId(bad).has_value()) << bad;
  }
}

TEST(ShardIdTest, RoundTrips) {
  for (int32_t i : {0, 1, 9, 10, 999, 123456, 999999999, kMaxShardIndex}) {
    EXPECT_EQ(ParseShardId(FormatShardId(i)), i);
  }
}

}  // namespace
}  // namespace millrace::kinesis
