#include "firehose/compressed_batch.h"

#include <gtest/gtest.h>
#include <snappy.h>
#include <zstd.h>

#include "base/endian.h"
#include "firehose/record_compression.h"
#include "log/record_batch.h"
#include "log/record_batch_builder.h"
#include "log/record_batch_reader.h"

namespace millrace::firehose {
namespace {

constexpr size_t kRecordsOffset = 61;

std::string PlainBatch() {
  log::RecordBatchBuilder builder;
  for (int i = 0; i < 50; ++i)
    builder.Add("k" + std::to_string(i), "value " + std::to_string(i), 1000 + i);
  return builder.Finish();
}

// The batch with its records section replaced by `payload` under `codec`, as a producer sends it.
std::string Compressed(const std::string& plain, int codec, const std::string& payload) {
  std::string out = plain.substr(0, kRecordsOffset) + payload;
  auto* p = reinterpret_cast<uint8_t*>(out.data());
  StoreBE<uint32_t>(p + log::batch_format::kBatchLength,
                    static_cast<uint32_t>(out.size() - log::batch_format::kLogOverhead));
  uint16_t attributes = LoadBE<uint16_t>(p + log::batch_format::kAttributes);
  StoreBE<uint16_t>(p + log::batch_format::kAttributes, static_cast<uint16_t>(attributes | codec));
  StoreBE<uint32_t>(p + log::batch_format::kCrc, log::ComputeBatchCrc(p, out.size()));
  return out;
}

std::vector<std::string> Values(const std::string& batch) {
  auto reader = log::RecordBatchReader::Open(log::AsBytes(batch));
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  std::vector<std::string> values;
  if (!reader.ok()) return values;
  while (true) {
    auto r = reader->Next();
    if (!r.ok() || !r->has_value()) break;
    values.emplace_back(*(*r)->value);
  }
  return values;
}

TEST(CompressedBatchTest, EveryCodecComesBackAsThePlainBatch) {
  std::string plain = PlainBatch();
  std::string records = plain.substr(kRecordsOffset);
  std::string gz = *Compress(CompressionFormat::kGzip, records);
  std::string raw_snappy;
  snappy::Compress(records.data(), records.size(), &raw_snappy);
  std::string xerial("\x82SNAPPY\0", 8);
  xerial += std::string("\0\0\0\1\0\0\0\1", 8);
  std::string chunk_len(4, '\0');
  StoreBE<uint32_t>(reinterpret_cast<uint8_t*>(chunk_len.data()),
                    static_cast<uint32_t>(raw_snappy.size()));
  xerial += chunk_len + raw_snappy;
  std::string zstd(ZSTD_compressBound(records.size()), '\0');
  zstd.resize(ZSTD_compress(zstd.data(), zstd.size(), records.data(), records.size(), 3));

  std::vector<std::string> want = Values(plain);
  ASSERT_EQ(want.size(), 50u);
  for (const auto& [codec, payload] :
       std::vector<std::pair<int, std::string>>{{1, gz}, {2, raw_snappy}, {2, xerial}, {4, zstd}}) {
    std::string batch = Compressed(plain, codec, payload);
    EXPECT_FALSE(log::RecordBatchReader::Open(log::AsBytes(batch)).ok());  // opaque as stored
    Result<std::string> back = DecompressBatch(log::AsBytes(batch));
    ASSERT_TRUE(back.ok()) << codec << ": " << back.status().ToString();
    EXPECT_EQ(*back, plain) << codec;
    EXPECT_EQ(Values(*back), want) << codec;
  }
}

TEST(CompressedBatchTest, Lz4AndDamagedPayloadsAreErrors) {
  std::string plain = PlainBatch();
  EXPECT_FALSE(DecompressBatch(log::AsBytes(Compressed(plain, 3, "lz4 bytes"))).ok());
  EXPECT_FALSE(DecompressBatch(log::AsBytes(Compressed(plain, 1, "not gzip"))).ok());
  EXPECT_FALSE(DecompressBatch(log::AsBytes(Compressed(plain, 4, "not zstd"))).ok());
}

}  // namespace
}  // namespace millrace::firehose
