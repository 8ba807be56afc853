#include "kinesis/shard_reader.h"

#include <gtest/gtest.h>

#include "kinesis/sequence_number.h"
#include "log/log_manager.h"
#include "log/log_test_util.h"
#include "log/record_batch.h"
#include "log/record_batch_builder.h"

namespace millrace::kinesis {
namespace {

using log::testing::OpenLog;
using log::testing::ScratchDir;

class ShardReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_ = OpenLog(dir_.path());
    auto p = log_->Create({"s", 2}, {});
    ASSERT_TRUE(p.ok());
    partition_ = *p;
    // Three batches of 4 records: keys k<n>, values v<n>, offsets 0..11.
    for (int b = 0; b < 3; ++b) {
      log::RecordBatchBuilder builder;
      for (int i = 0; i < 4; ++i) {
        const int n = b * 4 + i;
        builder.Add("k" + std::to_string(n), "v" + std::to_string(n), 1000 + n);
      }
      ASSERT_TRUE(partition_->AppendBlocking(builder.Finish()).ok());
    }
  }
  ScratchDir dir_;
  std::unique_ptr<log::LogManager> log_;
  log::Partition* partition_ = nullptr;
};

TEST_F(ShardReaderTest, ReadsFromTheMiddleOfABatchWithSequenceNumbers) {
  auto r = ReadShard(*partition_, {.stream_epoch = 9, .shard_index = 2, .from_offset = 2});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->records.size(), 10u);
  EXPECT_EQ(r->records[0].partition_key, "k2");
  EXPECT_EQ(r->records[0].data, "v2");
  EXPECT_EQ(r->records[0].arrival_ms, 1002);
  EXPECT_EQ(DecodeSequenceNumber(r->records[0].sequence_number),
            (SequencePosition{9, 2, 2}));
  EXPECT_EQ(r->next_offset, 12);
  EXPECT_EQ(r->high_watermark, 12);
}

TEST_F(ShardReaderTest, HonoursRecordAndByteLimitsAndEndOffset) {
  auto r = ReadShard(*partition_, {.from_offset = 1, .max_records = 5});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->records.size(), 5u);
  EXPECT_EQ(r->next_offset, 6);
  r = ReadShard(*partition_, {.from_offset = 0, .end_offset = 7});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->records.size(), 7u);
  EXPECT_EQ(r->next_offset, 7);
  // Every record is 4 bytes; a 9-byte budget gives two, and the first always comes.
  r = ReadShard(*partition_, {.from_offset = 0, .max_bytes = 9});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->records.size(), 2u);
  r = ReadShard(*partition_, {.from_offset = 0, .max_bytes = 1});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->records.size(), 1u);
}

TEST_F(ShardReaderTest, SkipsCompressedBatches) {
  log::RecordBatchBuilder builder;
  builder.Add("ck", "compressed", 2000);
  builder.Add("ck", "compressed", 2001);
  std::string batch = builder.Finish();
  batch[22] = 1;  // attributes (bytes 21..22, big-endian): gzip
  const uint32_t crc = log::ComputeBatchCrc(reinterpret_cast<const uint8_t*>(batch.data()),
                                            batch.size());
  for (int i = 0; i < 4; ++i) batch[17 + i] = static_cast<char>(crc >> (24 - 8 * i));
  ASSERT_TRUE(partition_->AppendBlocking(batch).ok());
  log::RecordBatchBuilder after;
  after.Add("k14", "v14", 3000);
  ASSERT_TRUE(partition_->AppendBlocking(after.Finish()).ok());
  auto r = ReadShard(*partition_, {.from_offset = 11});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->records.size(), 2u);
  EXPECT_EQ(r->records[0].data, "v11");
  EXPECT_EQ(r->records[1].data, "v14");
  EXPECT_EQ(r->next_offset, 15);
}

TEST_F(ShardReaderTest, EmptyAtTheEnd) {
  auto r = ReadShard(*partition_, {.from_offset = 12});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->records.empty());
  EXPECT_EQ(r->next_offset, 12);
}

}  // namespace
}  // namespace millrace::kinesis
