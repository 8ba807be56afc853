#include "firehose/delivery_buffer.h"

#include <gtest/gtest.h>

namespace millrace::firehose {
namespace {

TEST(DeliveryBufferTest, TracksRecordsBytesOldestArrivalAndLowestOffsets) {
  DeliveryBuffer b(1000);
  EXPECT_TRUE(b.empty());
  b.Add({0, 10, 5000}, "abc");
  b.Add({1, 3, 4000}, "de");
  b.Add({0, 11, 6000}, "f");
  EXPECT_EQ(b.record_count(), 3u);
  EXPECT_EQ(b.bytes(), 6u);
  EXPECT_EQ(b.data(), "abcdef");
  EXPECT_EQ(b.record(1), "de");
  EXPECT_EQ(b.origin(2).offset, 11);
  EXPECT_EQ(b.oldest_arrival_ms(), 4000);
  EXPECT_EQ(b.lowest_offsets().at(0), 10);
  EXPECT_EQ(b.lowest_offsets().at(1), 3);
}

TEST(DeliveryBufferTest, FlushesOnSizeOrIntervalWhicheverFirst) {
  BufferingHints hints{1, 60};  // 1 MiB, 60 s
  DeliveryBuffer b(0);
  EXPECT_EQ(ShouldFlush(b, hints, 1'000'000), FlushReason::kNone);  // empty: never
  b.Add({0, 0, 0}, std::string(512 << 10, 'x'));
  EXPECT_EQ(ShouldFlush(b, hints, 59'999), FlushReason::kNone);
  EXPECT_EQ(ShouldFlush(b, hints, 60'000), FlushReason::kInterval);
  EXPECT_EQ(MillisUntilDue(b, hints, 59'000), 1000);
  EXPECT_EQ(MillisUntilDue(b, hints, 61'000), 0);
  b.Add({0, 1, 0}, std::string(512 << 10, 'y'));
  EXPECT_EQ(ShouldFlush(b, hints, 10), FlushReason::kSize);
}

TEST(DeliveryBufferTest, ZeroIntervalFlushesAtOnce) {
  BufferingHints hints{5, 0};
  DeliveryBuffer b(100);
  b.Add({0, 0, 0}, "x");
  EXPECT_EQ(ShouldFlush(b, hints, 100), FlushReason::kInterval);
}

}  // namespace
}  // namespace millrace::firehose
