#include "kafka/broker/producer_state.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "kafka/broker/producer_ids.h"
#include "kafka/protocol/error_codes.h"
#include "log/log_test_util.h"

namespace millrace::kafka {
namespace {

int16_t E(ErrorCode c) {
  return static_cast<int16_t>(c);
}

TEST(ProducerIdAllocatorTest, IdsAreNeverReusedAcrossReopen) {
  log::testing::ScratchDir dir;
  const std::string path = dir.path() + "/kafka/producer_ids";
  std::set<int64_t> seen;
  int64_t largest = -1;
  for (int run = 0; run < 3; ++run) {
    auto ids = ProducerIdAllocator::Open(path, 0);
    ASSERT_TRUE(ids.ok()) << ids.status().ToString();
    // Fewer than a block, more than a block: both must stay unique after the reopen.
    const int n = run == 1 ? static_cast<int>(ProducerIdAllocator::kBlockSize) + 7 : 3;
    for (int i = 0; i < n; ++i) {
      Result<int64_t> id = (*ids)->Allocate();
      ASSERT_TRUE(id.ok()) << id.status().ToString();
      EXPECT_GT(*id, largest);
      EXPECT_TRUE(seen.insert(*id).second);
      largest = *id;
    }
  }
}

TEST(ProducerIdAllocatorTest, StartsAtTheFloorAndRefusesACorruptFile) {
  log::testing::ScratchDir dir;
  const std::string path = dir.path() + "/ids";
  const int64_t floor = int64_t{1} << 60;  // far above any wall-clock start
  auto ids = ProducerIdAllocator::Open(path, floor);
  ASSERT_TRUE(ids.ok());
  EXPECT_EQ(*(*ids)->Allocate(), floor);
  {
    std::ofstream out(path, std::ios::trunc);
    out << "twelve\n";
  }
  EXPECT_EQ(ProducerIdAllocator::Open(path, 0).status().code(), StatusCode::kCorruption);
}

TEST(ProducerStateTest, RebuiltFromTheLogDetectsRetriesAfterRestart) {
  log::testing::ScratchDir dir;
  const int64_t pid = 777;
  auto batch = [&](int16_t epoch, int32_t base_sequence, int count) {
    log::RecordBatchBuilder builder(pid, epoch, base_sequence);
    for (int i = 0; i < count; ++i) builder.Add("k", "v" + std::to_string(i), 1000 + i);
    return builder.Finish();
  };
  {
    auto log = log::testing::OpenLog(dir.path());
    log::Partition* p = *log->Create({"t", 0}, {});
    log::Partition* other = *log->Create({"u", 3}, {});
    ASSERT_TRUE(p->AppendBlocking(log::testing::MakeBatch("plain", 4)).ok());  // not idempotent
    ASSERT_TRUE(p->AppendBlocking(batch(0, 0, 5)).ok());                        // offsets 4..8
    ASSERT_TRUE(p->AppendBlocking(batch(0, 5, 3)).ok());                        // offsets 9..11
    ASSERT_TRUE(other->AppendBlocking(batch(0, 0, 2)).ok());
  }
  auto log = log::testing::OpenLog(dir.path());
  ProducerStateTable table;
  Result<int64_t> largest = RebuildProducerState(*log, &table);
  ASSERT_TRUE(largest.ok()) << largest.status().ToString();
  EXPECT_EQ(*largest, pid);
  EXPECT_EQ(table.size(), 2u);
  // A retry of the last batch is a duplicate at its original offset.
  SequenceCheck dup = table.Check("t", 0, pid, 0, 5, 3);
  EXPECT_TRUE(dup.duplicate);
  EXPECT_EQ(dup.duplicate_base_offset, 9);
  EXPECT_TRUE(table.Check("t", 0, pid, 0, 0, 5).duplicate);
  // A gap is out of order, the next sequence is fine, an older epoch is fenced.
  EXPECT_EQ(table.Check("t", 0, pid, 0, 9, 1).error_code, E(ErrorCode::kOutOfOrderSequenceNumber));
  EXPECT_EQ(table.Check("t", 0, pid, 0, 8, 1).error_code, 0);
  EXPECT_EQ(table.Check("u", 3, pid, 0, 2, 1).error_code, 0);
  EXPECT_EQ(table.Check("u", 3, pid, 0, 3, 1).error_code, E(ErrorCode::kOutOfOrderSequenceNumber));
}

TEST(ProducerStateTest, ForgetAllowsARetryToBeAppendedAgain) {
  ProducerStateTable table;
  table.Record("t", 0, 5, 0, 0, 2, 10);
  EXPECT_TRUE(table.Check("t", 0, 5, 0, 0, 2).duplicate);
  table.Forget("t", 0, 5);
  SequenceCheck again = table.Check("t", 0, 5, 0, 0, 2);
  EXPECT_FALSE(again.duplicate);
  EXPECT_EQ(again.error_code, 0);
}

TEST(ProducerStateTest, NonIdempotentBatchesAlwaysPass) {
  ProducerStateTable table;
  SequenceCheck c = table.Check("t", 0, -1, -1, -1, 10);
  EXPECT_EQ(c.error_code, 0);
  EXPECT_FALSE(c.duplicate);
}

TEST(ProducerStateTest, InOrderDuplicateAndGap) {
  ProducerStateTable table;
  const int64_t pid = 42;
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
  const int64_t pid = 42;
  table.Record("t", 0, pid, 2, 0, 1, 0);
  EXPECT_EQ(table.Check("t", 0, pid, 1, 1, 1).error_code, E(ErrorCode::kInvalidProducerEpoch));
  EXPECT_EQ(table.Check("t", 0, pid, 3, 0, 1).error_code, 0);
  EXPECT_EQ(table.Check("t", 0, pid, 3, 7, 1).error_code, E(ErrorCode::kOutOfOrderSequenceNumber));
}

TEST(ProducerStateTest, OnlyTheLastFiveBatchesAreRemembered) {
  ProducerStateTable table;
  const int64_t pid = 42;
  for (int i = 0; i < 7; ++i) table.Record("t", 0, pid, 0, i, 1, 1000 + i);
  EXPECT_TRUE(table.Check("t", 0, pid, 0, 2, 1).duplicate);
  SequenceCheck old = table.Check("t", 0, pid, 0, 1, 1);
  EXPECT_FALSE(old.duplicate);
  EXPECT_EQ(old.error_code, E(ErrorCode::kOutOfOrderSequenceNumber));
}

}  // namespace
}  // namespace millrace::kafka
