#include "kinesis/shard_subscription.h"

#include <gtest/gtest.h>

#include "kinesis/sequence_number.h"

namespace millrace::kinesis {
namespace {

constexpr int64_t kT = 1'000'000'000;  // monotonic milliseconds
constexpr uint64_t kEpoch = 1'764'000'000;
constexpr std::string_view kArn = "arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/c:1";

SubscriptionKey Key(std::string consumer = "c", int32_t shard = 0, std::string stream = "s") {
  return SubscriptionKey{std::move(stream), std::move(consumer), shard};
}

TEST(SubscriptionTableTest, ASecondSubscriptionWithinFiveSecondsIsRefused) {
  SubscriptionTable table({});
  auto first = table.Start(Key(), kArn, kEpoch, 0, kT);
  ASSERT_TRUE(first.ok());
  auto second = table.Start(Key(), kArn, kEpoch, 0, kT + 4'999);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), Errc::kResourceInUse);
  EXPECT_NE(second.status().message().find(std::string(kArn)), std::string::npos);
  EXPECT_NE(second.status().message().find("shardId-000000000000"), std::string::npos);
  EXPECT_EQ((**first)->end_reason(), SubscriptionEnd::kNone);
  EXPECT_EQ(table.size(), 1u);
}

TEST(SubscriptionTableTest, OtherShardsConsumersAndStreamsDoNotOverlap) {
  SubscriptionTable table({});
  auto a = table.Start(Key("c", 0), kArn, kEpoch, 0, kT);
  auto b = table.Start(Key("c", 1), kArn, kEpoch, 0, kT);
  auto c = table.Start(Key("d", 0), kArn, kEpoch, 0, kT);
  auto d = table.Start(Key("c", 0, "t"), kArn, kEpoch, 0, kT);
  EXPECT_TRUE(a.ok() && b.ok() && c.ok() && d.ok());
  EXPECT_EQ(table.size(), 4u);
}

TEST(SubscriptionTableTest, ALaterSubscriptionTakesOverAndWakesTheOldOne) {
  SubscriptionTable table({});
  auto first = table.Start(Key(), kArn, kEpoch, 0, kT);
  ASSERT_TRUE(first.ok());
  int woken = 0;
  (**first)->SetWaker([&] { ++woken; });
  auto second = table.Start(Key(), kArn, kEpoch, 7, kT + 5'000);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ((**first)->end_reason(), SubscriptionEnd::kTakenOver);
  EXPECT_EQ(woken, 1);
  EXPECT_EQ((**second)->end_reason(), SubscriptionEnd::kNone);
  EXPECT_EQ((**second)->next_offset(), 7);
  // The old lease going away must not free the new subscription's slot.
  first->reset();
  EXPECT_EQ(table.size(), 1u);
  EXPECT_FALSE(table.Start(Key(), kArn, kEpoch, 0, kT + 6'000).ok());
}

TEST(SubscriptionTableTest, ReleasingTheLeaseFreesTheSlot) {
  SubscriptionTable table({});
  {
    auto first = table.Start(Key(), kArn, kEpoch, 0, kT);
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(table.size(), 1u);
  }
  EXPECT_EQ(table.size(), 0u);
  EXPECT_TRUE(table.Start(Key(), kArn, kEpoch, 0, kT + 1).ok());
}

TEST(SubscriptionTableTest, EndStreamAndEndConsumerReachOnlyTheirSubscriptions) {
  SubscriptionTable table({});
  auto c0 = table.Start(Key("c", 0), kArn, kEpoch, 0, kT);
  auto c1 = table.Start(Key("c", 1), kArn, kEpoch, 0, kT);
  auto d0 = table.Start(Key("d", 0), kArn, kEpoch, 0, kT);
  auto other = table.Start(Key("c", 0, "t"), kArn, kEpoch, 0, kT);
  ASSERT_TRUE(c0.ok() && c1.ok() && d0.ok() && other.ok());
  table.EndConsumer("s", "c", SubscriptionEnd::kConsumerDeleted);
  EXPECT_EQ((**c0)->end_reason(), SubscriptionEnd::kConsumerDeleted);
  EXPECT_EQ((**c1)->end_reason(), SubscriptionEnd::kConsumerDeleted);
  EXPECT_EQ((**d0)->end_reason(), SubscriptionEnd::kNone);
  EXPECT_EQ((**other)->end_reason(), SubscriptionEnd::kNone);
  table.EndStream("s", SubscriptionEnd::kStreamDeleted);
  // The first reason wins.
  EXPECT_EQ((**c0)->end_reason(), SubscriptionEnd::kConsumerDeleted);
  EXPECT_EQ((**d0)->end_reason(), SubscriptionEnd::kStreamDeleted);
  EXPECT_EQ((**other)->end_reason(), SubscriptionEnd::kNone);
  table.EndAll(SubscriptionEnd::kServerStopping);
  EXPECT_EQ((**other)->end_reason(), SubscriptionEnd::kServerStopping);
}

TEST(SubscriptionTableTest, WakeStreamWakesWithoutEnding) {
  SubscriptionTable table({});
  auto mine = table.Start(Key("c", 0), kArn, kEpoch, 0, kT);
  auto other = table.Start(Key("c", 0, "t"), kArn, kEpoch, 0, kT);
  ASSERT_TRUE(mine.ok() && other.ok());
  int woken_mine = 0;
  int woken_other = 0;
  (**mine)->SetWaker([&] { ++woken_mine; });
  (**other)->SetWaker([&] { ++woken_other; });
  table.WakeStream("s");
  EXPECT_EQ(woken_mine, 1);
  EXPECT_EQ(woken_other, 0);
  EXPECT_EQ((**mine)->end_reason(), SubscriptionEnd::kNone);
}

TEST(ShardSubscriptionTest, ContinuationNamesTheLastRecordBeforeTheNextOffset) {
  ShardSubscription sub(Key("c", 3), kEpoch, 10, kT, {});
  EXPECT_EQ(sub.next_offset(), 10);
  std::optional<SequencePosition> p = DecodeSequenceNumber(sub.ContinuationSequenceNumber());
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(*p, (SequencePosition{kEpoch, 3, 9}));
  sub.EventSent(25, 100, kT + 10);
  p = DecodeSequenceNumber(sub.ContinuationSequenceNumber());
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->offset, 24);
  // An event without records keeps the position.
  sub.EventSent(25, 0, kT + 20);
  EXPECT_EQ(sub.next_offset(), 25);
  EXPECT_EQ(DecodeSequenceNumber(sub.ContinuationSequenceNumber())->offset, 24);
}

TEST(ShardSubscriptionTest, ContinuationAtTheVeryStartIsOffsetZero) {
  ShardSubscription sub(Key(), kEpoch, 0, kT, {});
  EXPECT_EQ(DecodeSequenceNumber(sub.ContinuationSequenceNumber())->offset, 0);
}

TEST(ShardSubscriptionTest, KeepAliveIsDueFiveSecondsAfterTheLastEvent) {
  ShardSubscription sub(Key(), kEpoch, 0, kT, {});
  EXPECT_FALSE(sub.KeepAliveDue(kT + 4'999));
  EXPECT_TRUE(sub.KeepAliveDue(kT + 5'000));
  sub.EventSent(0, 0, kT + 4'000);
  EXPECT_EQ(sub.keepalive_due_ms(), kT + 9'000);
  EXPECT_FALSE(sub.KeepAliveDue(kT + 8'999));
}

TEST(ShardSubscriptionTest, LifetimeCountsFromTheStartNotFromActivity) {
  SubscriptionTiming timing;
  timing.lifetime_ms = 2'000;
  ShardSubscription sub(Key(), kEpoch, 0, kT, timing);
  sub.EventSent(5, 10, kT + 1'500);
  EXPECT_FALSE(sub.Expired(kT + 1'999));
  EXPECT_TRUE(sub.Expired(kT + 2'000));
  EXPECT_EQ(sub.expires_ms(), kT + 2'000);
}

TEST(ShardSubscriptionTest, OutRateHoldsBackPushesOnlyWhenLimited) {
  ShardSubscription unlimited(Key(), kEpoch, 0, kT, {});
  unlimited.EventSent(1000, 100 << 20, kT);
  EXPECT_EQ(unlimited.ThrottleDelayMs(kT), 0);

  SubscriptionTiming timing;
  timing.max_bytes_per_second = 2 << 20;
  ShardSubscription limited(Key(), kEpoch, 0, kT, timing);
  limited.EventSent(10, 1 << 20, kT);  // within the first second's allowance
  EXPECT_EQ(limited.ThrottleDelayMs(kT), 0);
  limited.EventSent(20, 3 << 20, kT);  // 2 MiB of debt: one second to repay
  EXPECT_EQ(limited.ThrottleDelayMs(kT), 1'000);
  EXPECT_NEAR(limited.ThrottleDelayMs(kT + 600), 400, 1);  // rounded up to whole ms
  EXPECT_EQ(limited.ThrottleDelayMs(kT + 1'000), 0);
}

TEST(ShardSubscriptionTest, EndCallsTheWakerUntilItIsCleared) {
  ShardSubscription sub(Key(), kEpoch, 0, kT, {});
  int woken = 0;
  sub.SetWaker([&] { ++woken; });
  sub.End(SubscriptionEnd::kStreamDeleted);
  EXPECT_EQ(woken, 1);
  sub.SetWaker(nullptr);
  sub.End(SubscriptionEnd::kServerStopping);
  EXPECT_EQ(woken, 1);
  EXPECT_EQ(sub.end_reason(), SubscriptionEnd::kStreamDeleted);
}

}  // namespace
}  // namespace millrace::kinesis
