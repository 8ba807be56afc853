#include "kafka/broker/producer_state.h"

#include <gtest/gtest.h>

#include "kafka/protocol/error_codes.h"

namespace millrace::kafka {
namespace {

int16_t E(ErrorCode c) {
  return static_cast<int16_t>(c);
}

TEST(ProducerStateTest, AllocatesDistinctIds) {
  ProducerStateTable table;
  int64_t a = table.AllocateProducerId();
  int64_t b = table.AllocateProducerId();
  EXPECT_GE(a, 0);
  EXPECT_NE(a, b);
}

TEST(ProducerStateTest, NonIdempotentBatchesAlwaysPass) {
  ProducerStateTable table;
  SequenceCheck c = table.Check("t", 0, -1, -1, -1, 10);
  EXPECT_EQ(c.error_code, 0);
  EXPECT_FALSE(c.duplicate);
}

TEST(ProducerStateTest, InOrderDuplicateAndGap) {
  ProducerStateTable table;
  const int64_t pid = table.AllocateProducerId();
  ASSERT_EQ(table.Check("t", 0, pid, 0, 0, 5).error_code, 0);
  table.Record("t", 0, pid, 0, 0, 5, 100);
  // Next batch in order.
  SequenceCheck next = table.Check("t", 0, pid, 0, 5, 3);
  EXPECT_EQ(next.error_code, 0);
  EXPECT_FALSE(next.duplicate);
  table.Record("t", 0, pid, 0, 5, 3, 105);
  // A retry of the first batch is a duplicate with its original offset.
  SequenceCheck dup = table.Check("t", 0, pid, 0, 0, 5);
  EXPECT_TRUE(dup.duplicate);
  EXPECT_EQ(dup.duplicate_base_offset, 100);
  // A gap is out of order.
  EXPECT_EQ(table.Check("t", 0, pid, 0, 10, 1).error_code, E(ErrorCode::kOutOfOrderSequenceNumber));
  // Other partitions are independent.
  EXPECT_EQ(table.Check("t", 1, pid, 0, 42, 1).error_code, 0);
}

TEST(ProducerStateTest, EpochRules) {
  ProducerStateTable table;
  const int64_t pid = table.AllocateProducerId();
  table.Record("t", 0, pid, 2, 0, 1, 0);
  EXPECT_EQ(table.Check("t", 0, pid, 1, 1, 1).error_code, E(ErrorCode::kInvalidProducerEpoch));
  EXPECT_EQ(table.Check("t", 0, pid, 3, 0, 1).error_code, 0);
  EXPECT_EQ(table.Check("t", 0, pid, 3, 7, 1).error_code, E(ErrorCode::kOutOfOrderSequenceNumber));
}

TEST(ProducerStateTest, OnlyTheLastFiveBatchesAreRemembered) {
  ProducerStateTable table;
  const int64_t pid = table.AllocateProducerId();
  for (int i = 0; i < 7; ++i) table.Record("t", 0, pid, 0, i, 1, 1000 + i);
  EXPECT_TRUE(table.Check("t", 0, pid, 0, 2, 1).duplicate);
  SequenceCheck old = table.Check("t", 0, pid, 0, 1, 1);
  EXPECT_FALSE(old.duplicate);
  EXPECT_EQ(old.error_code, E(ErrorCode::kOutOfOrderSequenceNumber));
}

}  // namespace
}  // namespace millrace::kafka
