// Partition::ReadRange against Partition::Read: the same batches, located instead of copied, and
// still readable from a segment that retention deleted.
#include <gtest/gtest.h>
#include <unistd.h>

#include "base/clock.h"
#include "log/log_manager.h"
#include "log/log_test_util.h"
#include "log/segment.h"

namespace millrace::log {
namespace {

using testing::MakeBatch;
using testing::ScratchDir;

// The bytes of `range` read through the segment's descriptor, as a sender would.
std::string BytesOf(const FileReadResult& range) {
  std::string bytes(range.length, '\0');
  const ssize_t got = ::pread(range.segment->log_fd(), bytes.data(), range.length,
                              static_cast<off_t>(range.position));
  EXPECT_EQ(got, static_cast<ssize_t>(range.length));
  return bytes;
}

// 300 batches of 1..5 records with values of varying size over many small segments.
Partition* FillSmallSegments(LogManager* log, int64_t* next) {
  PartitionConfig config;
  config.segment_bytes = 8192;
  config.index_interval_bytes = 700;
  config.retention_ms = -1;
  Partition* p = *log->Create({"t", 0}, config);
  *next = 0;
  for (int i = 0; i < 300; ++i) {
    const int count = 1 + i % 5;
    auto r = p->AppendBlocking(MakeBatch("b" + std::to_string(i), count, 1000 + i, 10 + i % 90));
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    *next += count;
  }
  return p;
}

TEST(ReadRangeTest, SelectsExactlyWhatReadReturns) {
  ScratchDir dir;
  auto log = testing::OpenLog(dir.path());
  int64_t next = 0;
  Partition* p = FillSmallSegments(log.get(), &next);
  ASSERT_GT(p->segment_count(), 5u);
  for (size_t max_bytes : {size_t{1}, size_t{250}, size_t{1000}, size_t{5000}, size_t{1} << 20}) {
    for (int32_t max_records : {1, 3, 7, std::numeric_limits<int32_t>::max()}) {
      for (int64_t offset = 0; offset < next; offset += 13) {
        auto read = p->Read(offset, max_bytes, max_records);
        auto range = p->ReadRange(offset, max_bytes, max_records);
        ASSERT_TRUE(read.ok()) << read.status().ToString();
        ASSERT_TRUE(range.ok()) << range.status().ToString();
        ASSERT_FALSE(read->bytes.empty());
        ASSERT_EQ(range->length, read->bytes.size()) << offset << " " << max_bytes;
        EXPECT_EQ(BytesOf(*range), read->bytes);
        EXPECT_EQ(range->next_offset, read->next_offset);
        EXPECT_EQ(range->high_watermark, read->high_watermark);
        EXPECT_EQ(range->log_start_offset, read->log_start_offset);
        std::string via_segment = *range->segment->ReadRange(range->position, range->length);
        EXPECT_EQ(via_segment, read->bytes);
      }
    }
  }
  // At the watermark: nothing, and no segment. Outside the log: OutOfRange, as Read.
  auto at_end = p->ReadRange(next, 1 << 20);
  ASSERT_TRUE(at_end.ok());
  EXPECT_EQ(at_end->length, 0u);
  EXPECT_EQ(at_end->segment, nullptr);
  EXPECT_EQ(at_end->next_offset, next);
  EXPECT_EQ(p->ReadRange(next + 1, 100).status().code(), StatusCode::kOutOfRange);
  EXPECT_EQ(p->ReadRange(-1, 100).status().code(), StatusCode::kOutOfRange);
}

TEST(ReadRangeTest, NeverPassesTheVisibleSize) {
  ScratchDir dir;
  auto log = testing::OpenLog(dir.path());
  Partition* p = *log->Create({"t", 0}, {});
  ASSERT_TRUE(p->AppendBlocking(MakeBatch("a", 3)).ok());
  ASSERT_TRUE(p->AppendBlocking(MakeBatch("b", 2)).ok());
  auto whole = p->ReadRange(0, 1 << 20);
  ASSERT_TRUE(whole.ok());
  ASSERT_EQ(whole->next_offset, 5);
  // Hide the second batch as if it were not yet durable: the range stops before it.
  const uint64_t full = whole->segment->visible_size();
  const size_t first_size = MakeBatch("a", 3).size();
  std::const_pointer_cast<Segment>(whole->segment)->set_visible_size(first_size + 10);
  auto part = p->ReadRange(0, 1 << 20);
  ASSERT_TRUE(part.ok());
  EXPECT_EQ(part->length, first_size);
  EXPECT_EQ(part->next_offset, 3);
  std::const_pointer_cast<Segment>(whole->segment)->set_visible_size(full);
}

TEST(ReadRangeTest, RangeStaysReadableAfterRetentionDeletesItsSegment) {
  ScratchDir dir;
  auto log = testing::OpenLog(dir.path());
  int64_t next = 0;
  Partition* p = FillSmallSegments(log.get(), &next);
  auto range = p->ReadRange(0, 1 << 20);
  ASSERT_TRUE(range.ok());
  auto read = p->Read(0, 1 << 20);
  ASSERT_TRUE(read.ok());
  PartitionConfig config = p->config();
  config.retention_bytes = 1;
  ASSERT_TRUE(p->UpdateConfig(config).ok());
  auto deleted = p->RunRetention(WallMillis());
  ASSERT_TRUE(deleted.ok()) << deleted.status().ToString();
  ASSERT_GT(*deleted, 0);
  EXPECT_GT(p->LogStartOffset(), 0);
  EXPECT_EQ(p->ReadRange(0, 100).status().code(), StatusCode::kOutOfRange);
  // The located bytes are still there through the held segment.
  EXPECT_EQ(BytesOf(*range), read->bytes);
}

}  // namespace
}  // namespace millrace::log
