#include "log/batch_decompression.h"

#include <gtest/gtest.h>
#include <lz4frame.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include "base/endian.h"
#include "log/record_batch.h"
#include "log/record_batch_builder.h"
#include "log/record_batch_reader.h"

namespace millrace::log {
namespace {

constexpr size_t kRecordsOffset = 61;

std::string PlainBatch(int records = 50) {
  RecordBatchBuilder builder;
  for (int i = 0; i < records; ++i)
    builder.Add("k" + std::to_string(i), "value " + std::to_string(i), 1000 + i);
  return builder.Finish();
}

// The batch with its records section replaced by `payload` under `codec`, as a producer sends it.
std::string Compressed(const std::string& plain, int codec, const std::string& payload) {
  std::string out = plain.substr(0, kRecordsOffset) + payload;
  auto* p = reinterpret_cast<uint8_t*>(out.data());
  StoreBE<uint32_t>(p + batch_format::kBatchLength,
                    static_cast<uint32_t>(out.size() - batch_format::kLogOverhead));
  uint16_t attributes = LoadBE<uint16_t>(p + batch_format::kAttributes);
  StoreBE<uint16_t>(p + batch_format::kAttributes, static_cast<uint16_t>(attributes | codec));
  StoreBE<uint32_t>(p + batch_format::kCrc, ComputeBatchCrc(p, out.size()));
  return out;
}

std::vector<std::string> Values(const std::string& batch) {
  auto reader = RecordBatchReader::Open(AsBytes(batch));
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  std::vector<std::string> values;
  if (!reader.ok()) return values;
  while (true) {
    auto r = reader->Next();
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok() || !r->has_value()) break;
    values.emplace_back(*(*r)->value);
  }
  return values;
}

std::string Gzip(const std::string& in) {
  z_stream zs{};
  EXPECT_EQ(deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&zs, in.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string RawSnappy(const std::string& in) {
  std::string out;
  snappy::Compress(in.data(), in.size(), &out);
  return out;
}

// Xerial framing as the Java client writes it, with `chunk` input bytes per block.
std::string XerialSnappy(const std::string& in, size_t chunk) {
  std::string out("\x82SNAPPY\0", 8);
  out += std::string("\0\0\0\1\0\0\0\1", 8);
  for (size_t pos = 0; pos < in.size(); pos += chunk) {
    std::string block = RawSnappy(in.substr(pos, chunk));
    std::string len(4, '\0');
    StoreBE<uint32_t>(reinterpret_cast<uint8_t*>(len.data()), static_cast<uint32_t>(block.size()));
    out += len + block;
  }
  return out;
}

std::string Lz4Frame(const std::string& in, bool small_linked_blocks_with_checksums) {
  LZ4F_preferences_t prefs{};
  if (small_linked_blocks_with_checksums) {
    prefs.frameInfo.blockSizeID = LZ4F_max64KB;
    prefs.frameInfo.blockMode = LZ4F_blockLinked;
    prefs.frameInfo.blockChecksumFlag = LZ4F_blockChecksumEnabled;
    prefs.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled;
    prefs.frameInfo.contentSize = in.size();
  }
  std::string out(LZ4F_compressFrameBound(in.size(), &prefs), '\0');
  size_t n = LZ4F_compressFrame(out.data(), out.size(), in.data(), in.size(), &prefs);
  EXPECT_FALSE(LZ4F_isError(n));
  out.resize(n);
  return out;
}

std::string Zstd(const std::string& in) {
  std::string out(ZSTD_compressBound(in.size()), '\0');
  out.resize(ZSTD_compress(out.data(), out.size(), in.data(), in.size(), 3));
  return out;
}

TEST(BatchDecompressionTest, EveryCodecComesBackAsThePlainBatch) {
  std::string plain = PlainBatch();
  std::string records = plain.substr(kRecordsOffset);
  std::vector<std::string> want = Values(plain);
  ASSERT_EQ(want.size(), 50u);
  const std::vector<std::pair<int, std::string>> cases = {{1, Gzip(records)},
                                                          {2, RawSnappy(records)},
                                                          {2, XerialSnappy(records, 100)},
                                                          {3, Lz4Frame(records, false)},
                                                          {3, Lz4Frame(records, true)},
                                                          {4, Zstd(records)}};
  for (const auto& [codec, payload] : cases) {
    std::string batch = Compressed(plain, codec, payload);
    EXPECT_FALSE(RecordBatchReader::Open(AsBytes(batch)).ok());  // opaque as stored
    Result<std::string> back = DecompressBatch(AsBytes(batch));
    ASSERT_TRUE(back.ok()) << codec << ": " << back.status().ToString();
    EXPECT_EQ(*back, plain) << codec;
    EXPECT_EQ(Values(*back), want) << codec;
  }
}

TEST(BatchDecompressionTest, LargeBatchesSpanManyCodecBlocks) {
  // ~3 MiB of records: several lz4 64 KiB blocks, several zstd output buffers, gzip chunks.
  RecordBatchBuilder builder;
  for (int i = 0; i < 3000; ++i) {
    std::string value(1000, static_cast<char>('a' + i % 26));
    value += std::to_string(i * 7919);
    builder.Add("key" + std::to_string(i), value, 5000 + i);
  }
  std::string plain = builder.Finish();
  std::string records = plain.substr(kRecordsOffset);
  for (const auto& [codec, payload] :
       std::vector<std::pair<int, std::string>>{{1, Gzip(records)},
                                                {2, XerialSnappy(records, 32 << 10)},
                                                {3, Lz4Frame(records, true)},
                                                {4, Zstd(records)}}) {
    Result<std::string> back = DecompressBatch(AsBytes(Compressed(plain, codec, payload)));
    ASSERT_TRUE(back.ok()) << codec << ": " << back.status().ToString();
    EXPECT_EQ(*back, plain) << codec;
  }
}

TEST(BatchDecompressionTest, Lz4FramesFromTheCommandLineTool) {
  // `printf 'millrace lz4 fixture; ...' | lz4 -c` and `lz4 -c -BX --no-frame-crc`.
  const std::string text = "millrace lz4 fixture; millrace lz4 fixture; millrace lz4 fixture.";
  const unsigned char plain_frame[] = {
      0x04, 0x22, 0x4d, 0x18, 0x64, 0x40, 0xa7, 0x21, 0x00, 0x00, 0x00, 0xff, 0x07,
      0x6d, 0x69, 0x6c, 0x6c, 0x72, 0x61, 0x63, 0x65, 0x20, 0x6c, 0x7a, 0x34, 0x20,
      0x66, 0x69, 0x78, 0x74, 0x75, 0x72, 0x65, 0x3b, 0x20, 0x16, 0x00, 0x13, 0x50,
      0x74, 0x75, 0x72, 0x65, 0x2e, 0x00, 0x00, 0x00, 0x00, 0x0d, 0xdc, 0xe1, 0x3d};
  const unsigned char block_checksum_frame[] = {
      0x04, 0x22, 0x4d, 0x18, 0x70, 0x40, 0xad, 0x21, 0x00, 0x00, 0x00, 0xff, 0x07,
      0x6d, 0x69, 0x6c, 0x6c, 0x72, 0x61, 0x63, 0x65, 0x20, 0x6c, 0x7a, 0x34, 0x20,
      0x66, 0x69, 0x78, 0x74, 0x75, 0x72, 0x65, 0x3b, 0x20, 0x16, 0x00, 0x13, 0x50,
      0x74, 0x75, 0x72, 0x65, 0x2e, 0x40, 0xa4, 0x13, 0x3f, 0x00, 0x00, 0x00, 0x00};
  std::string a(reinterpret_cast<const char*>(plain_frame), sizeof plain_frame);
  std::string b(reinterpret_cast<const char*>(block_checksum_frame), sizeof block_checksum_frame);
  for (const std::string& frame : {a, b, a + b}) {
    Result<std::string> out = DecompressRecords(3, frame);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(*out, frame.size() == a.size() + b.size() ? text + text : text);
  }
  // A flipped content byte fails the frame's content checksum.
  std::string damaged = a;
  damaged[20] ^= 0x01;
  EXPECT_EQ(DecompressRecords(3, damaged).status().code(), StatusCode::kInvalidArgument);
}

TEST(BatchDecompressionTest, DamagedOrTruncatedPayloadsAreClearErrors) {
  std::string plain = PlainBatch();
  std::string records = plain.substr(kRecordsOffset);
  const std::vector<std::pair<int, std::string>> good = {{1, Gzip(records)},
                                                         {2, RawSnappy(records)},
                                                         {2, XerialSnappy(records, 100)},
                                                         {3, Lz4Frame(records, true)},
                                                         {4, Zstd(records)}};
  for (const auto& [codec, payload] : good) {
    std::vector<std::string> bad = {"", "garbage that is no codec's output",
                                    payload.substr(0, payload.size() / 2),
                                    payload.substr(0, payload.size() - 1)};
    std::string flipped = payload;
    flipped[flipped.size() / 2] = static_cast<char>(~flipped[flipped.size() / 2]);
    // gzip and these lz4 frames carry checksums; raw snappy and default zstd frames do not (a
    // flip there decodes to other bytes, which the record reader then rejects).
    if (codec == 1 || codec == 3) bad.push_back(flipped);
    for (size_t i = 0; i < bad.size(); ++i) {
      Result<std::string> r = DecompressBatch(AsBytes(Compressed(plain, codec, bad[i])));
      ASSERT_FALSE(r.ok()) << "codec " << codec << " case " << i;
      EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << codec << " case " << i;
      EXPECT_NE(r.status().message().find(codec == 1   ? "gzip"
                                          : codec == 2 ? "snappy"
                                          : codec == 3 ? "lz4"
                                                       : "zstd"),
                std::string::npos)
          << r.status().ToString();
    }
  }
  EXPECT_FALSE(DecompressRecords(5, "x").ok());
  std::string batch = Compressed(plain, 4, Zstd(records));
  EXPECT_EQ(DecompressBatch(AsBytes(batch).subspan(0, batch.size() - 1)).status().code(),
            StatusCode::kCorruption);
  batch[30] ^= 1;  // inside the CRC-covered header
  EXPECT_EQ(DecompressBatch(AsBytes(batch)).status().code(), StatusCode::kCorruption);
}

TEST(BatchDecompressionTest, ExpansionPastTheLimitIsRefused) {
  // 257 MiB of zeros compresses to a few KiB: a decompression bomb.
  std::string zeros((size_t{257} << 20), '\0');
  std::string zstd_bomb = Zstd(zeros);
  std::string lz4_bomb = Lz4Frame(zeros, false);
  zeros.clear();
  zeros.shrink_to_fit();
  EXPECT_EQ(DecompressRecords(4, zstd_bomb).status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(DecompressRecords(3, lz4_bomb).status().code(), StatusCode::kResourceExhausted);
}

TEST(BatchDecompressionTest, UncompressedBatchIsCopied) {
  std::string plain = PlainBatch(3);
  Result<std::string> back = DecompressBatch(AsBytes(plain + "trailing"));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, plain);
}

}  // namespace
}  // namespace millrace::log
