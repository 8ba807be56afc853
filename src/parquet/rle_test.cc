#include "parquet/rle.h"

#include <gtest/gtest.h>

#include <random>

namespace millrace::parquet {
namespace {

std::vector<uint32_t> Decode(const std::string& bytes, int width, size_t count) {
  std::vector<uint32_t> out(count);
  RleDecoder decoder(bytes, width);
  EXPECT_TRUE(decoder.Get(out.data(), count).ok());
  return out;
}

TEST(Rle, BitWidth) {
  EXPECT_EQ(BitWidthFor(0), 0);
  EXPECT_EQ(BitWidthFor(1), 1);
  EXPECT_EQ(BitWidthFor(2), 2);
  EXPECT_EQ(BitWidthFor(3), 2);
  EXPECT_EQ(BitWidthFor(255), 8);
  EXPECT_EQ(BitWidthFor(256), 9);
}

TEST(Rle, LongRunIsOneRleRun) {
  std::vector<uint32_t> values(100, 5);
  std::string out;
  RleEncode(values.data(), values.size(), 3, &out);
  // varint(100 << 1) = 0xC8 0x01, then the value in one byte.
  EXPECT_EQ(out, std::string("\xC8\x01\x05", 3));
  EXPECT_EQ(Decode(out, 3, 100), values);
}

TEST(Rle, ShortStretchIsBitPackedGolden) {
  // The spec's example: values 0..7 with bit width 3 pack into 0x88 0xC6 0xFA.
  std::vector<uint32_t> values = {0, 1, 2, 3, 4, 5, 6, 7};
  std::string out;
  RleEncode(values.data(), values.size(), 3, &out);
  EXPECT_EQ(out, std::string("\x03\x88\xC6\xFA", 4));
  EXPECT_EQ(Decode(out, 3, 8), values);
}

TEST(Rle, RandomMixturesRoundTrip) {
  std::mt19937 rng(42);
  for (int trial = 0; trial < 200; ++trial) {
    int width = static_cast<int>(rng() % 33);
    size_t count = rng() % 3000;
    std::vector<uint32_t> values(count);
    uint64_t max = width == 32 ? 0xFFFFFFFFull : (1ull << width) - 1;
    for (size_t i = 0; i < count;) {
      size_t run = 1 + rng() % (rng() % 2 ? 30 : 3);
      uint32_t v = static_cast<uint32_t>(rng() % (max + 1));
      for (size_t j = 0; j < run && i < count; ++j) values[i++] = v;
    }
    std::string out;
    RleEncode(values.data(), values.size(), width, &out);
    ASSERT_EQ(Decode(out, width, count), values) << "width " << width << " count " << count;
  }
}

TEST(Rle, BitPackedRunsKeepOneByteHeaders) {
  std::vector<uint32_t> values(1000);
  for (size_t i = 0; i < values.size(); ++i) values[i] = i % 2;
  std::string out;
  RleEncode(values.data(), values.size(), 1, &out);
  // 125 groups: runs of 63 and 62 groups, each a one-byte header plus 63 or 62 bytes.
  EXPECT_EQ(out.size(), 2u + 125u);
  EXPECT_EQ(static_cast<uint8_t>(out[0]), (63 << 1) | 1);
  EXPECT_EQ(Decode(out, 1, values.size()), values);
}

TEST(Rle, LevelsWithAndWithoutPrefix) {
  std::vector<int16_t> levels = {0, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 0, 3};
  for (bool prefix : {true, false}) {
    std::string out;
    EncodeLevels(levels, 3, prefix, &out);
    std::vector<int16_t> back;
    if (prefix) {
      std::string with_tail = out + "tail";
      std::string_view view = with_tail;
      ASSERT_TRUE(DecodeLevelsV1(&view, 3, levels.size(), &back).ok());
      EXPECT_EQ(view, "tail");
    } else {
      ASSERT_TRUE(DecodeLevels(out, 3, levels.size(), &back).ok());
    }
    EXPECT_EQ(back, levels);
  }
}

TEST(Rle, MalformedInputIsCorruption) {
  std::vector<uint32_t> out(10);
  // Too few values.
  std::string short_run("\x04\x01", 2);  // RLE run of 2
  EXPECT_EQ(RleDecoder(short_run, 1).Get(out.data(), 10).code(), StatusCode::kCorruption);
  // Run value wider than the bit width.
  std::string wide("\x14\x07", 2);
  EXPECT_EQ(RleDecoder(wide, 2).Get(out.data(), 10).code(), StatusCode::kCorruption);
  // Level above the maximum.
  std::vector<int16_t> levels;
  std::string level3("\x14\x03", 2);
  EXPECT_EQ(DecodeLevels(level3, 2, 10, &levels).code(), StatusCode::kCorruption);
  // V1 prefix longer than the data.
  std::string_view bad_prefix("\xFF\x00\x00\x00\x14\x01", 6);
  EXPECT_EQ(DecodeLevelsV1(&bad_prefix, 1, 10, &levels).code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace millrace::parquet
