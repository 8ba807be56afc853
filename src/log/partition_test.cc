#include <gtest/gtest.h>
#include <sys/resource.h>

#include <csignal>

#include "log/log_manager.h"
#include "log/log_test_util.h"
#include "log/record_batch_reader.h"

namespace millrace::log {
namespace {

using testing::MakeBatch;
using testing::OpenLog;
using testing::ScratchDir;

// All records in `bytes` (whole batches), as "offset:value" strings.
std::vector<std::string> Records(const std::string& bytes) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < bytes.size()) {
    auto span = AsBytes(bytes).subspan(pos);
    auto reader = RecordBatchReader::Open(span);
    EXPECT_TRUE(reader.ok()) << reader.status().ToString();
    if (!reader.ok()) break;
    while (true) {
      auto record = reader->Next();
      EXPECT_TRUE(record.ok());
      if (!record.ok() || !record->has_value()) break;
      out.push_back(std::to_string((*record)->offset) + ":" + std::string(*(*record)->value));
    }
    pos += reader->header().TotalSize();
  }
  return out;
}

// Reads everything from `from` to the high watermark.
std::vector<std::string> ReadAll(Partition* p, int64_t from, size_t max_bytes = 1 << 20) {
  std::vector<std::string> all;
  int64_t offset = from;
  while (offset < p->HighWatermark()) {
    auto read = p->Read(offset, max_bytes);
    EXPECT_TRUE(read.ok()) << read.status().ToString();
    if (!read.ok() || read->bytes.empty()) break;
    auto records = Records(read->bytes);
    all.insert(all.end(), records.begin(), records.end());
    EXPECT_GT(read->next_offset, offset);
    offset = read->next_offset;
  }
  return all;
}

TEST(PartitionTest, CreateGetListDelete) {
  ScratchDir dir;
  auto log = OpenLog(dir.path());
  PartitionId id{"orders", 0};
  ASSERT_TRUE(log->Create(id, {}).ok());
  EXPECT_EQ(log->Create(id, {}).status().code(), StatusCode::kAlreadyExists);
  EXPECT_TRUE(log->Get(id).ok());
  EXPECT_EQ(log->Get({"orders", 1}).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(log->Create({"bad/name", 0}, {}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(log->Create({"", 0}, {}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(log->Create({std::string(250, 'a'), 0}, {}).status().code(),
            StatusCode::kInvalidArgument);
  ASSERT_TRUE(log->Create({"orders", 1}, {}).ok());
  EXPECT_EQ(log->List().size(), 2u);
  ASSERT_TRUE(log->Delete(id).ok());
  EXPECT_EQ(log->Get(id).status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/log/orders-0"));
  EXPECT_EQ(log->Delete(id).code(), StatusCode::kNotFound);
}

TEST(PartitionTest, AppendAssignsDenseOffsetsAndReads) {
  ScratchDir dir;
  auto log = OpenLog(dir.path());
  Partition* p = *log->Create({"t", 0}, {});
  EXPECT_EQ(p->LogStartOffset(), 0);
  EXPECT_EQ(p->HighWatermark(), 0);
  auto a = p->AppendBlocking(MakeBatch("a", 3));
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->base_offset, 0);
  EXPECT_EQ(a->last_offset, 2);
  EXPECT_GT(a->append_time_ms, 0);
  auto b = p->AppendBlocking(MakeBatch("b", 2));
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->base_offset, 3);
  EXPECT_EQ(b->last_offset, 4);
  EXPECT_EQ(p->HighWatermark(), 5);
  EXPECT_EQ(ReadAll(p, 0), (std::vector<std::string>{"0:a-0", "1:a-1", "2:a-2", "3:b-0", "4:b-1"}));
  // A read in the middle of a batch returns the whole batch that holds the offset.
  auto mid = p->Read(1, 1 << 20);
  ASSERT_TRUE(mid.ok());
  EXPECT_EQ(Records(mid->bytes).front(), "0:a-0");
  EXPECT_EQ(mid->next_offset, 5);
  EXPECT_EQ(mid->high_watermark, 5);
  // At the watermark: empty. Beyond it or below the start: OutOfRange.
  auto at_end = p->Read(5, 1 << 20);
  ASSERT_TRUE(at_end.ok());
  EXPECT_TRUE(at_end->bytes.empty());
  EXPECT_EQ(p->Read(6, 100).status().code(), StatusCode::kOutOfRange);
  EXPECT_EQ(p->Read(-1, 100).status().code(), StatusCode::kOutOfRange);
}

TEST(PartitionTest, RejectsCorruptBatchWithoutAppending) {
  ScratchDir dir;
  auto log = OpenLog(dir.path());
  Partition* p = *log->Create({"t", 0}, {});
  std::string bad = MakeBatch("x", 2);
  bad[bad.size() - 3] ^= 0x40;
  EXPECT_EQ(p->AppendBlocking(bad).status().code(), StatusCode::kCorruption);
  std::string truncated = MakeBatch("x", 2);
  truncated.pop_back();
  EXPECT_EQ(p->AppendBlocking(truncated).status().code(), StatusCode::kCorruption);
  // A good batch followed by a bad one: all or nothing.
  EXPECT_EQ(p->AppendBlocking(MakeBatch("ok", 1) + bad).status().code(), StatusCode::kCorruption);
  EXPECT_EQ(p->HighWatermark(), 0);
  ASSERT_TRUE(p->AppendBlocking(MakeBatch("ok", 1)).ok());
  EXPECT_EQ(ReadAll(p, 0), std::vector<std::string>{"0:ok-0"});
}

TEST(PartitionTest, SeveralBatchesInOneAppend) {
  ScratchDir dir;
  auto log = OpenLog(dir.path());
  Partition* p = *log->Create({"t", 0}, {});
  auto r = p->AppendBlocking(MakeBatch("a", 2) + MakeBatch("b", 3));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->base_offset, 0);
  EXPECT_EQ(r->last_offset, 4);
  EXPECT_EQ(ReadAll(p, 0).back(), "4:b-2");
}

TEST(PartitionTest, DenseOffsetsAcrossSegmentRollsAndMaxBytes) {
  ScratchDir dir;
  auto log = OpenLog(dir.path());
  PartitionConfig config;
  config.segment_bytes = 4096;
  config.index_interval_bytes = 512;
  Partition* p = *log->Create({"t", 0}, config);
  std::vector<std::string> expected;
  int64_t next = 0;
  for (int i = 0; i < 200; ++i) {
    int count = 1 + i % 4;
    auto r = p->AppendBlocking(MakeBatch("b" + std::to_string(i), count, 1000 + i, 40));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_EQ(r->base_offset, next);
    for (int j = 0; j < count; ++j) {
      std::string value = "b" + std::to_string(i) + "-" + std::to_string(j);
      value.resize(40, 'x');
      expected.push_back(std::to_string(next + j) + ":" + value);
    }
    next += count;
  }
  EXPECT_GT(p->segment_count(), 5u);
  EXPECT_EQ(ReadAll(p, 0), expected);
  EXPECT_EQ(ReadAll(p, 0, 1), expected);  // one batch per read
  // Starting at every offset yields the suffix (from the batch holding it).
  for (int64_t off = 0; off < next; off += 7) {
    auto all = ReadAll(p, off, 300);
    ASSERT_FALSE(all.empty());
    EXPECT_EQ(all.back(), expected.back());
    int64_t first = std::stoll(all.front().substr(0, all.front().find(':')));
    EXPECT_LE(first, off);
    EXPECT_GT(first + 4, off);
  }
  // max_records limits whole batches but returns at least one.
  auto one = p->Read(0, 1 << 20, 1);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(Records(one->bytes).size(), 1u);
}

TEST(PartitionTest, OffsetForTimestamp) {
  ScratchDir dir;
  auto log = OpenLog(dir.path());
  PartitionConfig config;
  config.segment_bytes = 2048;
  config.index_interval_bytes = 256;
  Partition* p = *log->Create({"t", 0}, config);
  // Batch i holds records with timestamps 10*i .. 10*i+4 at offsets 5*i .. 5*i+4.
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(p->AppendBlocking(MakeBatch("x", 5, 10 * i, 30)).ok());
  }
  EXPECT_EQ(*p->OffsetForTimestamp(-5), 0);
  EXPECT_EQ(*p->OffsetForTimestamp(0), 0);
  EXPECT_EQ(*p->OffsetForTimestamp(3), 3);
  EXPECT_EQ(*p->OffsetForTimestamp(5), 5);  // 5..9 fall in the gap: next record is 10 at 5
  EXPECT_EQ(*p->OffsetForTimestamp(10), 5);
  EXPECT_EQ(*p->OffsetForTimestamp(502), 252);
  EXPECT_EQ(*p->OffsetForTimestamp(994), 499);
  EXPECT_EQ(*p->OffsetForTimestamp(995), 500);  // none: the high watermark
  for (int ts = 0; ts < 990; ts += 13) {
    int64_t expected = ts % 10 < 5 ? (ts / 10) * 5 + ts % 10 : (ts / 10 + 1) * 5;
    EXPECT_EQ(*p->OffsetForTimestamp(ts), expected) << ts;
  }
}

TEST(PartitionTest, LogAppendTimeOverridesTimestamps) {
  ScratchDir dir;
  auto log = OpenLog(dir.path());
  PartitionConfig config;
  config.timestamp_type = TimestampType::kLogAppendTime;
  Partition* p = *log->Create({"t", 0}, config);
  auto r = p->AppendBlocking(MakeBatch("x", 2, 5));
  ASSERT_TRUE(r.ok());
  auto read = p->Read(0, 1 << 20);
  ASSERT_TRUE(read.ok());
  auto reader = RecordBatchReader::Open(AsBytes(read->bytes));
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ(reader->header().max_timestamp, r->append_time_ms);
  auto record = reader->Next();
  ASSERT_TRUE(record.ok() && record->has_value());
  EXPECT_EQ((*record)->timestamp_ms, r->append_time_ms);
}

TEST(PartitionTest, RestartSeesEverythingAndConfig) {
  ScratchDir dir;
  PartitionConfig config;
  config.segment_bytes = 4096;
  config.retention_bytes = 123456;
  config.fsync = FsyncPolicy::kInterval;
  config.fsync_interval_ms = 50;
  config.timestamp_type = TimestampType::kLogAppendTime;
  std::vector<std::string> before;
  {
    auto log = OpenLog(dir.path());
    Partition* p = *log->Create({"t.x_y-z", 3}, config);
    ASSERT_TRUE(log->Create({"other", 0}, {}).ok());
    for (int i = 0; i < 100; ++i) ASSERT_TRUE(p->AppendBlocking(MakeBatch("r", 3, 1, 50)).ok());
    before = ReadAll(p, 0);
    ASSERT_TRUE(log->Close().ok());
    ASSERT_TRUE(log->Close().ok());  // idempotent
  }
  auto log = OpenLog(dir.path());
  EXPECT_EQ(log->List().size(), 2u);
  auto p = log->Get({"t.x_y-z", 3});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ((*p)->config(), config);
  EXPECT_EQ((*p)->HighWatermark(), 300);
  EXPECT_EQ(ReadAll(*p, 0), before);
  auto r = (*p)->AppendBlocking(MakeBatch("after", 1));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->base_offset, 300);
  // Updated settings persist too.
  config.retention_ms = -1;
  ASSERT_TRUE((*p)->UpdateConfig(config).ok());
  PartitionConfig invalid = config;
  invalid.segment_bytes = 10;
  EXPECT_EQ((*p)->UpdateConfig(invalid).code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(log->Close().ok());
  auto reopened = OpenLog(dir.path());
  EXPECT_EQ((*reopened->Get({"t.x_y-z", 3}))->config(), config);
}

TEST(PartitionTest, FsyncNeverAndIntervalAcknowledgeAndRead) {
  for (FsyncPolicy policy : {FsyncPolicy::kNever, FsyncPolicy::kInterval}) {
    ScratchDir dir;
    auto log = OpenLog(dir.path());
    PartitionConfig config;
    config.fsync = policy;
    config.fsync_interval_ms = 5;
    Partition* p = *log->Create({"t", 0}, config);
    for (int i = 0; i < 20; ++i) ASSERT_TRUE(p->AppendBlocking(MakeBatch("n", 2)).ok());
    EXPECT_EQ(p->HighWatermark(), 40);
    EXPECT_EQ(ReadAll(p, 0).size(), 40u);
  }
}

TEST(PartitionTest, AppendAfterCloseIsUnavailable) {
  ScratchDir dir;
  auto log = OpenLog(dir.path());
  Partition* p = *log->Create({"t", 0}, {});
  ASSERT_TRUE(p->Close().ok());
  EXPECT_EQ(p->AppendBlocking(MakeBatch("x", 1)).status().code(), StatusCode::kUnavailable);
}

}  // namespace
}  // namespace millrace::log

namespace millrace::log {
namespace {

// A write that fails part-way (here: the file size limit, as a full disk would) is cut back and
// reported; the partition keeps working once space is back.
TEST(PartitionWriteErrorTest, FailedWriteIsCutBackAndPartitionStaysUsable) {
  ScratchDir dir;
  auto log = testing::OpenLog(dir.path());
  PartitionConfig config;
  config.fsync = FsyncPolicy::kNever;
  Partition* p = *log->Create({"t", 0}, config);
  ASSERT_TRUE(p->AppendBlocking(MakeBatch("a", 5, 1, 100)).ok());
  const int64_t size_before = p->size_bytes();
  const std::string big = MakeBatch("big", 20, 1, 100);

  struct rlimit old_limit;
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old_limit), 0);
  auto old_handler = ::signal(SIGXFSZ, SIG_IGN);
  struct rlimit small = old_limit;
  small.rlim_cur = static_cast<rlim_t>(size_before + static_cast<int64_t>(big.size()) / 2);
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  auto failed = p->AppendBlocking(big);
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &old_limit), 0);
  ::signal(SIGXFSZ, old_handler);

  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), StatusCode::kIOError) << failed.status().ToString();
  EXPECT_EQ(p->HighWatermark(), 5);
  EXPECT_EQ(p->size_bytes(), size_before);
  EXPECT_EQ(std::filesystem::file_size(dir.path() + "/log/t-0/00000000000000000000.log"),
            static_cast<uintmax_t>(size_before));
  auto next = p->AppendBlocking(big);
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ(next->base_offset, 5);
  EXPECT_EQ(ReadAll(p, 0).size(), 25u);
  ASSERT_TRUE(log->Close().ok());
  auto reopened = testing::OpenLog(dir.path());
  EXPECT_EQ((*reopened->Get({"t", 0}))->HighWatermark(), 25);
}

}  // namespace
}  // namespace millrace::log
