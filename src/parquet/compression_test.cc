#include "parquet/compression.h"

#include <gtest/gtest.h>
#include <zlib.h>

namespace millrace::parquet {
namespace {

std::string SampleData() {
  std::string s;
  for (int i = 0; i < 5000; ++i) s += "row " + std::to_string(i % 97) + ";";
  return s;
}

class CodecTest : public ::testing::TestWithParam<Codec> {};

TEST_P(CodecTest, RoundTripsIncludingEmpty) {
  for (const std::string& input : {SampleData(), std::string()}) {
    std::string compressed;
    ASSERT_TRUE(Compress(GetParam(), input, &compressed).ok());
    std::string back;
    ASSERT_TRUE(Decompress(GetParam(), compressed, input.size(), &back).ok());
    EXPECT_EQ(back, input);
  }
}

TEST_P(CodecTest, WrongUncompressedSizeIsCorruption) {
  std::string input = SampleData();
  std::string compressed;
  ASSERT_TRUE(Compress(GetParam(), input, &compressed).ok());
  std::string back;
  EXPECT_EQ(Decompress(GetParam(), compressed, input.size() + 7, &back).code(),
            StatusCode::kCorruption);
  EXPECT_EQ(Decompress(GetParam(), compressed, input.size() - 1, &back).code(),
            StatusCode::kCorruption);
}

TEST_P(CodecTest, TruncatedInputIsCorruption) {
  std::string input = SampleData();
  std::string compressed;
  ASSERT_TRUE(Compress(GetParam(), input, &compressed).ok());
  std::string back;
  EXPECT_FALSE(
      Decompress(GetParam(), compressed.substr(0, compressed.size() / 2), input.size(), &back)
          .ok());
}

INSTANTIATE_TEST_SUITE_P(AllCodecs, CodecTest,
                         ::testing::Values(Codec::kUncompressed, Codec::kSnappy, Codec::kGzip,
                                           Codec::kZstd),
                         [](const auto& info) { return std::string(CodecName(info.param)); });

TEST_P(CodecTest, HugeClaimedSizeDoesNotNeedTheMemory) {
  // A damaged header may claim a size far beyond what the data expands to.
  std::string compressed;
  ASSERT_TRUE(Compress(GetParam(), "tiny", &compressed).ok());
  std::string back;
  EXPECT_EQ(Decompress(GetParam(), compressed, size_t{1} << 40, &back).code(),
            StatusCode::kCorruption);
}

TEST(Zstd, ConcatenatedFramesDecode) {
  std::string a, b;
  ASSERT_TRUE(Compress(Codec::kZstd, "hello ", &a).ok());
  ASSERT_TRUE(Compress(Codec::kZstd, "world", &b).ok());
  std::string back;
  ASSERT_TRUE(Decompress(Codec::kZstd, a + b, 11, &back).ok());
  EXPECT_EQ(back, "hello world");
}

TEST(Gzip, OutputHasGzipFramingAndMultipleMembersDecode) {
  std::string a, b;
  ASSERT_TRUE(Compress(Codec::kGzip, "hello ", &a).ok());
  ASSERT_TRUE(Compress(Codec::kGzip, "world", &b).ok());
  ASSERT_GE(a.size(), 2u);
  EXPECT_EQ(static_cast<uint8_t>(a[0]), 0x1F);  // RFC 1952 magic, not a zlib header
  EXPECT_EQ(static_cast<uint8_t>(a[1]), 0x8B);
  std::string back;
  ASSERT_TRUE(Decompress(Codec::kGzip, a + b, 11, &back).ok());
  EXPECT_EQ(back, "hello world");
}

TEST(Codecs, UnsupportedCodecRejected) {
  std::string out;
  EXPECT_EQ(Compress(Codec::kLzo, "x", &out).code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(Decompress(Codec::kBrotli, "x", 1, &out).ok());
  EXPECT_FALSE(CodecSupported(Codec::kLz4));
}

}  // namespace
}  // namespace millrace::parquet
