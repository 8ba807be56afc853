#include "kinesis/shard_throughput.h"

#include <gtest/gtest.h>

namespace millrace::kinesis {
namespace {

constexpr int64_t kMiB = 1 << 20;
constexpr int64_t kT = 1'000'000;  // an arbitrary monotonic start

TEST(TokenBucketTest, HoldsOneSecondAndRefillsContinuously) {
  TokenBucket bucket(1000, kT);
  EXPECT_EQ(bucket.Available(kT), 1000);
  EXPECT_TRUE(bucket.TryTake(600, kT));
  EXPECT_FALSE(bucket.TryTake(500, kT));  // 400 left, not full
  EXPECT_TRUE(bucket.TryTake(400, kT));
  EXPECT_FALSE(bucket.TryTake(1, kT));
  EXPECT_TRUE(bucket.TryTake(1, kT + 1));  // one token per millisecond at 1000/s
  EXPECT_FALSE(bucket.TryTake(1, kT + 1));
  EXPECT_EQ(bucket.Available(kT + 5'000), 1000);  // never more than one second's worth
}

TEST(TokenBucketTest, AFullBucketAdmitsOneOversizedRequestIntoDebt) {
  TokenBucket bucket(100, kT);
  EXPECT_TRUE(bucket.TryTake(150, kT));  // full: admitted although it holds only 100
  EXPECT_LT(bucket.Available(kT), 0);
  EXPECT_FALSE(bucket.HasCredit(kT + 499));  // 50 tokens of debt take 500 ms to repay
  EXPECT_TRUE(bucket.HasCredit(kT + 501));
  EXPECT_FALSE(bucket.TryTake(150, kT + 600));  // not full again yet
}

TEST(TokenBucketTest, ClockSteppingBackAddsNothing) {
  TokenBucket bucket(10, kT);
  EXPECT_TRUE(bucket.TryTake(10, kT));
  EXPECT_FALSE(bucket.TryTake(1, kT - 10'000));
  EXPECT_FALSE(bucket.TryTake(1, kT));
  EXPECT_TRUE(bucket.TryTake(1, kT + 100));
}

TEST(TokenBucketTest, LongIdlePeriodsDoNotOverflow) {
  TokenBucket bucket(10 * kMiB, kT);
  bucket.Take(100 * kMiB, kT);
  EXPECT_EQ(bucket.Available(INT64_MAX / 2), 10 * kMiB);
}

TEST(ShardThroughputTest, ThousandRecordsPerSecond) {
  ShardWriteThrottle throttle(ThroughputLimits{}, kT);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(throttle.TryWrite(10, kT)) << i;
  EXPECT_FALSE(throttle.TryWrite(10, kT));
  EXPECT_TRUE(throttle.TryWrite(10, kT + 1));
  EXPECT_FALSE(throttle.TryWrite(10, kT + 1));
}

TEST(ShardThroughputTest, OneMebibytePerSecond) {
  ShardWriteThrottle throttle(ThroughputLimits{}, kT);
  EXPECT_TRUE(throttle.TryWrite(kMiB / 2, kT));
  EXPECT_TRUE(throttle.TryWrite(kMiB / 2, kT));
  EXPECT_FALSE(throttle.TryWrite(1024, kT));
  EXPECT_TRUE(throttle.TryWrite(1024, kT + 1));  // 1 MiB/s refills about 1 KiB per millisecond
  // A refusal by bytes does not use up a record.
  ShardWriteThrottle small(ThroughputLimits{2, 100, 5, 100}, kT);
  EXPECT_TRUE(small.TryWrite(100, kT));
  EXPECT_FALSE(small.TryWrite(100, kT));
  EXPECT_TRUE(small.TryWrite(100, kT + 1000));
}

TEST(ShardThroughputTest, LargeRecordsUseTheBurst) {
  ShardWriteThrottle throttle(ThroughputLimits{}, kT);
  EXPECT_TRUE(throttle.TryWrite(10 * kMiB, kT));   // a full shard takes one 10 MiB record
  EXPECT_FALSE(throttle.TryWrite(1, kT + 8'000));  // and repays it at 1 MiB/s
  EXPECT_TRUE(throttle.TryWrite(1, kT + 9'100));
}

TEST(ShardThroughputTest, FiveReadsPerSecond) {
  ShardReadThrottle throttle(ThroughputLimits{}, kT);
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(throttle.TryStartRead(kT)) << i;
    throttle.FinishRead(1000, kT);
  }
  EXPECT_FALSE(throttle.TryStartRead(kT));
  EXPECT_TRUE(throttle.TryStartRead(kT + 200));
}

TEST(ShardThroughputTest, ATenMebibyteReadBlocksTheShardForSeconds) {
  ShardReadThrottle throttle(ThroughputLimits{}, kT);
  ASSERT_TRUE(throttle.TryStartRead(kT));
  throttle.FinishRead(10 * kMiB, kT);
  EXPECT_FALSE(throttle.TryStartRead(kT + 1'000));
  EXPECT_FALSE(throttle.TryStartRead(kT + 3'900));
  EXPECT_TRUE(throttle.TryStartRead(kT + 4'100));  // 8 MiB of debt at 2 MiB/s
}

TEST(ShardThroughputTest, RateExceededMessage) {
  KinesisStatus s = RateExceeded(1, "orders", "000000000000");
  EXPECT_EQ(s.code(), Errc::kProvisionedThroughputExceeded);
  EXPECT_EQ(s.type(), "ProvisionedThroughputExceededException");
  EXPECT_EQ(s.message(),
            "Rate exceeded for shard shardId-000000000001 in stream orders under account "
            "000000000000.");
}

}  // namespace
}  // namespace millrace::kinesis
