#include "kinesis/shard_reader.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include "base/endian.h"
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
  EXPECT_EQ(DecodeSequenceNumber(r->records[0].sequence_number), (SequencePosition{9, 2, 2}));
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

// A gzip-compressed batch (as a Kafka producer writes it) of records k<first>.. with values
// "compressed <n>" padded to `value_size` bytes.
std::string GzipBatch(int first, int count, size_t value_size) {
  log::RecordBatchBuilder builder;
  for (int n = first; n < first + count; ++n) {
    std::string value = "compressed " + std::to_string(n);
    value.resize(std::max(value.size(), value_size), '.');
    builder.Add("k" + std::to_string(n), value, 5000 + n);
  }
  std::string plain = builder.Finish();
  constexpr size_t kRecordsOffset = 61;
  z_stream zs{};
  EXPECT_EQ(deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string gz(deflateBound(&zs, plain.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(plain.data() + kRecordsOffset);
  zs.avail_in = static_cast<uInt>(plain.size() - kRecordsOffset);
  zs.next_out = reinterpret_cast<Bytef*>(gz.data());
  zs.avail_out = static_cast<uInt>(gz.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  gz.resize(zs.total_out);
  deflateEnd(&zs);
  std::string batch = plain.substr(0, kRecordsOffset) + gz;
  auto* p = reinterpret_cast<uint8_t*>(batch.data());
  StoreBE<uint32_t>(p + log::batch_format::kBatchLength,
                    static_cast<uint32_t>(batch.size() - log::batch_format::kLogOverhead));
  StoreBE<uint16_t>(p + log::batch_format::kAttributes, 1);
  StoreBE<uint32_t>(p + log::batch_format::kCrc, log::ComputeBatchCrc(p, batch.size()));
  return batch;
}

TEST_F(ShardReaderTest, ReadsTheRecordsOfCompressedBatches) {
  ASSERT_TRUE(partition_->AppendBlocking(GzipBatch(12, 6, 0)).ok());  // offsets 12..17
  log::RecordBatchBuilder after;
  after.Add("k18", "v18", 3000);
  ASSERT_TRUE(partition_->AppendBlocking(after.Finish()).ok());
  auto r = ReadShard(*partition_, {.stream_epoch = 3, .shard_index = 1, .from_offset = 0});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->records.size(), 19u);
  for (int n = 12; n < 18; ++n) {
    const KinesisRecord& rec = r->records[n];
    EXPECT_EQ(rec.partition_key, "k" + std::to_string(n));
    EXPECT_EQ(rec.data, "compressed " + std::to_string(n));
    EXPECT_EQ(rec.arrival_ms, 5000 + n);
    EXPECT_EQ(DecodeSequenceNumber(rec.sequence_number), (SequencePosition{3, 1, n}));
  }
  EXPECT_EQ(r->records[18].data, "v18");
  EXPECT_EQ(r->next_offset, 19);
}

TEST_F(ShardReaderTest, StartsAtTheExactRecordInsideACompressedBatch) {
  ASSERT_TRUE(partition_->AppendBlocking(GzipBatch(12, 6, 0)).ok());
  auto r = ReadShard(*partition_, {.from_offset = 15});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->records.size(), 3u);
  EXPECT_EQ(r->records[0].partition_key, "k15");
  EXPECT_EQ(DecodeSequenceNumber(r->records[0].sequence_number)->offset, 15);
  EXPECT_EQ(r->next_offset, 18);
}

TEST_F(ShardReaderTest, LimitsCountDecompressedRecordsAndBytes) {
  // 100 records of 1,000 bytes compress to far less than 10 KiB.
  ASSERT_TRUE(partition_->AppendBlocking(GzipBatch(12, 100, 1000)).ok());
  auto r = ReadShard(*partition_, {.from_offset = 12, .max_records = 3});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->records.size(), 3u);
  EXPECT_EQ(r->next_offset, 15);
  r = ReadShard(*partition_, {.from_offset = r->next_offset, .max_bytes = 10'000});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->records.size(), 9u);  // 9 x (1000 + 3) bytes fit, a tenth does not
  EXPECT_EQ(r->records[0].partition_key, "k15");
  EXPECT_EQ(r->bytes, 9 * 1003);
  EXPECT_EQ(r->next_offset, 24);
}

TEST_F(ShardReaderTest, SkipsCompressedBatchesThatDoNotDecode) {
  log::RecordBatchBuilder builder;
  builder.Add("ck", "compressed", 2000);
  builder.Add("ck", "compressed", 2001);
  std::string batch = builder.Finish();
  batch[22] = 1;  // attributes (bytes 21..22, big-endian): gzip, but the records are plain
  const uint32_t crc =
      log::ComputeBatchCrc(reinterpret_cast<const uint8_t*>(batch.data()), batch.size());
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
