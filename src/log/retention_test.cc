#include <gtest/gtest.h>

#include "base/clock.h"
#include "log/log_manager.h"
#include "log/log_test_util.h"

namespace millrace::log {
namespace {

using testing::MakeBatch;
using testing::ScratchDir;

PartitionConfig SmallSegments() {
  PartitionConfig config;
  config.fsync = FsyncPolicy::kNever;
  config.segment_bytes = 2048;
  config.retention_ms = -1;
  return config;
}

TEST(RetentionTest, BySizeDeletesWholeOldSegmentsOnly) {
  ScratchDir dir;
  auto log = testing::OpenLog(dir.path());
  PartitionConfig config = SmallSegments();
  config.retention_bytes = 5000;
  Partition* p = *log->Create({"t", 0}, config);
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(p->AppendBlocking(MakeBatch("s", 2, 1, 100)).ok());
  size_t segments_before = p->segment_count();
  ASSERT_GT(segments_before, 5u);
  auto deleted = p->RunRetention(WallMillis());
  ASSERT_TRUE(deleted.ok()) << deleted.status().ToString();
  EXPECT_GT(*deleted, 0);
  EXPECT_EQ(p->segment_count(), segments_before - static_cast<size_t>(*deleted));
  EXPECT_LE(p->size_bytes(), 5000 + 2048);
  EXPECT_GE(p->size_bytes(), 5000 - 2048);
  // The log start moved to a segment boundary; what is left reads intact to the end.
  int64_t start = p->LogStartOffset();
  EXPECT_GT(start, 0);
  EXPECT_EQ(p->Read(start - 1, 100).status().code(), StatusCode::kOutOfRange);
  auto first = p->Read(start, 1 << 20);
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->bytes.empty());
  EXPECT_EQ(p->HighWatermark(), 200);
  // A second pass has nothing more to do; appends continue densely.
  EXPECT_EQ(*p->RunRetention(WallMillis()), 0);
  EXPECT_EQ(p->AppendBlocking(MakeBatch("s", 1))->base_offset, 200);
}

TEST(RetentionTest, ByTimeDeletesExpiredButNeverTheActiveSegment) {
  ScratchDir dir;
  auto log = testing::OpenLog(dir.path());
  PartitionConfig config = SmallSegments();
  config.retention_ms = 60'000;
  Partition* p = *log->Create({"t", 0}, config);
  const int64_t now = WallMillis();
  // Old data (an hour ago), then recent data.
  for (int i = 0; i < 40; ++i) {
    ASSERT_TRUE(p->AppendBlocking(MakeBatch("old", 2, now - 3'600'000, 100)).ok());
  }
  for (int i = 0; i < 40; ++i) ASSERT_TRUE(p->AppendBlocking(MakeBatch("new", 2, now, 100)).ok());
  auto deleted = p->RunRetention(now);
  ASSERT_TRUE(deleted.ok());
  EXPECT_GT(*deleted, 0);
  // Every remaining batch is recent except possibly those sharing a segment with recent ones.
  auto ts = p->OffsetForTimestamp(now);
  ASSERT_TRUE(ts.ok());
  EXPECT_LE(p->LogStartOffset(), 80);
  EXPECT_GT(p->LogStartOffset(), 0);
  EXPECT_EQ(*ts, 80);

  // Everything expired: all segments but the active one go.
  auto deleted_all = p->RunRetention(now + 3'600'000);
  ASSERT_TRUE(deleted_all.ok());
  EXPECT_EQ(p->segment_count(), 1u);
  EXPECT_EQ(p->HighWatermark(), 160);
  auto tail = p->Read(p->LogStartOffset(), 1 << 20);
  ASSERT_TRUE(tail.ok());
  EXPECT_FALSE(tail->bytes.empty());
}

TEST(RetentionTest, ManagerRunsRetentionAndSurvivesRestart) {
  ScratchDir dir;
  PartitionConfig config = SmallSegments();
  config.retention_bytes = 3000;
  int64_t start;
  {
    auto log = testing::OpenLog(dir.path());
    Partition* p = *log->Create({"t", 0}, config);
    for (int i = 0; i < 50; ++i) ASSERT_TRUE(p->AppendBlocking(MakeBatch("m", 1, 1, 100)).ok());
    auto deleted = log->RunRetention();
    ASSERT_TRUE(deleted.ok());
    EXPECT_GT(*deleted, 0);
    start = p->LogStartOffset();
  }
  auto log = testing::OpenLog(dir.path());
  Partition* p = *log->Get({"t", 0});
  EXPECT_EQ(p->LogStartOffset(), start);
  EXPECT_EQ(p->HighWatermark(), 50);
}

}  // namespace
}  // namespace millrace::log
