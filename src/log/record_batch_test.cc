#include "log/record_batch.h"

#include <gtest/gtest.h>

#include "base/endian.h"
#include "log/log_test_util.h"
#include "log/record_batch_builder.h"
#include "log/record_batch_reader.h"

namespace millrace::log {
namespace {

namespace bf = batch_format;

TEST(RecordBatchTest, BuilderReaderRoundTrip) {
  RecordBatchBuilder builder(42, 3, 7);
  builder.Add(Record{"key-a", "value-a", 5000, {{"h1", "v1"}, {"h2", std::nullopt}}});
  builder.Add(Record{std::nullopt, "value-b", 5003, {}});
  builder.Add(Record{"key-c", std::nullopt, 4999, {}});
  std::string batch = builder.Finish();

  auto header = ValidateBatch(AsBytes(batch));
  ASSERT_TRUE(header.ok()) << header.status().ToString();
  EXPECT_EQ(header->magic, 2);
  EXPECT_EQ(header->record_count, 3);
  EXPECT_EQ(header->last_offset_delta, 2);
  EXPECT_EQ(header->base_timestamp, 5000);
  EXPECT_EQ(header->max_timestamp, 5003);
  EXPECT_EQ(header->producer_id, 42);
  EXPECT_EQ(header->producer_epoch, 3);
  EXPECT_EQ(header->base_sequence, 7);
  EXPECT_EQ(header->TotalSize(), batch.size());

  SetBaseOffset(reinterpret_cast<uint8_t*>(batch.data()), 100);
  auto reader = RecordBatchReader::Open(AsBytes(batch));
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();  // base offset is outside the CRC
  auto r0 = reader->Next();
  ASSERT_TRUE(r0.ok() && r0->has_value());
  EXPECT_EQ((*r0)->offset, 100);
  EXPECT_EQ((*r0)->timestamp_ms, 5000);
  EXPECT_EQ((*r0)->key, "key-a");
  EXPECT_EQ((*r0)->value, "value-a");
  ASSERT_EQ((*r0)->headers.size(), 2u);
  EXPECT_EQ((*r0)->headers[0].key, "h1");
  EXPECT_EQ((*r0)->headers[0].value, "v1");
  EXPECT_FALSE((*r0)->headers[1].value.has_value());
  auto r1 = reader->Next();
  ASSERT_TRUE(r1.ok() && r1->has_value());
  EXPECT_EQ((*r1)->offset, 101);
  EXPECT_FALSE((*r1)->key.has_value());
  EXPECT_EQ((*r1)->timestamp_ms, 5003);
  auto r2 = reader->Next();
  ASSERT_TRUE(r2.ok() && r2->has_value());
  EXPECT_EQ((*r2)->offset, 102);
  EXPECT_FALSE((*r2)->value.has_value());
  EXPECT_EQ((*r2)->timestamp_ms, 4999);
  auto end = reader->Next();
  ASSERT_TRUE(end.ok());
  EXPECT_FALSE(end->has_value());
}

TEST(RecordBatchTest, RejectsCrcMismatch) {
  std::string batch = testing::MakeBatch("a", 3);
  batch[batch.size() - 1] ^= 0x01;
  EXPECT_EQ(ValidateBatch(AsBytes(batch)).status().code(), StatusCode::kCorruption);
  EXPECT_EQ(RecordBatchReader::Open(AsBytes(batch)).status().code(), StatusCode::kCorruption);
}

TEST(RecordBatchTest, RejectsTruncated) {
  std::string batch = testing::MakeBatch("a", 3);
  for (size_t n = 0; n < batch.size(); ++n) {
    EXPECT_EQ(ValidateBatch(AsBytes(batch.substr(0, n))).status().code(), StatusCode::kCorruption)
        << n;
  }
  EXPECT_TRUE(ValidateBatch(AsBytes(batch)).ok());
}

TEST(RecordBatchTest, RejectsBadMagic) {
  std::string batch = testing::MakeBatch("a", 1);
  batch[bf::kMagic] = 1;
  auto result = ValidateBatch(AsBytes(batch));
  EXPECT_EQ(result.status().code(), StatusCode::kCorruption);
  EXPECT_NE(result.status().message().find("magic"), std::string::npos);
}

TEST(RecordBatchTest, RejectsLengthShorterThanHeader) {
  std::string batch = testing::MakeBatch("a", 1);
  StoreBE<int32_t>(reinterpret_cast<uint8_t*>(batch.data()) + bf::kBatchLength, 10);
  EXPECT_EQ(ParseBatchHeader(AsBytes(batch)).status().code(), StatusCode::kCorruption);
}

TEST(RecordBatchTest, ReaderRejectsRecordOverrunWithValidCrc) {
  std::string batch = testing::MakeBatch("a", 2);
  auto* p = reinterpret_cast<uint8_t*>(batch.data());
  // Claim a third record that is not there, and fix up the CRC so only the bounds check fails.
  StoreBE<int32_t>(p + bf::kRecordCount, 3);
  StoreBE<uint32_t>(p + bf::kCrc, ComputeBatchCrc(p, batch.size()));
  auto reader = RecordBatchReader::Open(AsBytes(batch));
  ASSERT_TRUE(reader.ok());
  ASSERT_TRUE(reader->Next().ok());
  ASSERT_TRUE(reader->Next().ok());
  EXPECT_EQ(reader->Next().status().code(), StatusCode::kCorruption);
  // A record length pointing past the batch end.
  std::string batch2 = testing::MakeBatch("b", 1);
  auto* q = reinterpret_cast<uint8_t*>(batch2.data());
  q[bf::kHeaderSize] = 0x7E;  // zig-zag 63: longer than what follows
  StoreBE<uint32_t>(q + bf::kCrc, ComputeBatchCrc(q, batch2.size()));
  auto reader2 = RecordBatchReader::Open(AsBytes(batch2));
  ASSERT_TRUE(reader2.ok());
  EXPECT_EQ(reader2->Next().status().code(), StatusCode::kCorruption);
}

TEST(RecordBatchTest, ReaderRejectsCompressedBatch) {
  std::string batch = testing::MakeBatch("a", 1);
  auto* p = reinterpret_cast<uint8_t*>(batch.data());
  StoreBE<int16_t>(p + bf::kAttributes, 4);  // zstd
  StoreBE<uint32_t>(p + bf::kCrc, ComputeBatchCrc(p, batch.size()));
  EXPECT_TRUE(ValidateBatch(AsBytes(batch)).ok());
  EXPECT_EQ(RecordBatchReader::Open(AsBytes(batch)).status().code(), StatusCode::kInvalidArgument);
}

TEST(RecordBatchTest, LogAppendTimeStampKeepsCrcValid) {
  std::string batch = testing::MakeBatch("a", 2, 10);
  auto* p = reinterpret_cast<uint8_t*>(batch.data());
  StampLogAppendTime(p, batch.size(), 777);
  auto header = ValidateBatch(AsBytes(batch));
  ASSERT_TRUE(header.ok());
  EXPECT_TRUE(header->attributes & bf::kTimestampTypeBit);
  EXPECT_EQ(header->max_timestamp, 777);
  auto reader = RecordBatchReader::Open(AsBytes(batch));
  ASSERT_TRUE(reader.ok());
  auto record = reader->Next();
  ASSERT_TRUE(record.ok() && record->has_value());
  EXPECT_EQ((*record)->timestamp_ms, 777);
}

}  // namespace
}  // namespace millrace::log
