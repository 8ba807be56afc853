#include "lake/s3_api/aws_chunked.h"

#include <gtest/gtest.h>

namespace millrace::lake::s3 {
namespace {

const std::string kSig = ";chunk-signature=" + std::string(64, 'a');

TEST(AwsChunked, DecodesSignedChunksInAnySplit) {
  std::string payload(70000, 'x');
  for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>('a' + i % 26);
  std::string encoded = "10000" + kSig + "\r\n" + payload.substr(0, 65536) + "\r\n" + "1170" +
                        kSig + "\r\n" + payload.substr(65536) + "\r\n" + "0" + kSig + "\r\n\r\n";
  for (size_t step : {1ul, 7ul, 4096ul, encoded.size()}) {
    AwsChunkedDecoder decoder;
    std::string out;
    for (size_t i = 0; i < encoded.size(); i += step) {
      ASSERT_TRUE(decoder.Feed(std::string_view(encoded).substr(i, step), out).ok()) << step;
    }
    EXPECT_TRUE(decoder.done());
    EXPECT_EQ(out, payload);
    EXPECT_EQ(decoder.decoded_bytes(), payload.size());
  }
}

TEST(AwsChunked, UnsignedWithTrailer) {
  AwsChunkedDecoder decoder;
  std::string out;
  ASSERT_TRUE(decoder.Feed("5\r\nhello\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n", out).ok());
  EXPECT_TRUE(decoder.done());
  EXPECT_EQ(out, "hello");
}

TEST(AwsChunked, EndWithoutFinalCrlfIsAcceptable) {
  AwsChunkedDecoder decoder;
  std::string out;
  ASSERT_TRUE(decoder.Feed("3" + kSig + "\r\nabc\r\n0" + kSig + "\r\n", out).ok());
  EXPECT_FALSE(decoder.done());
  EXPECT_TRUE(decoder.AcceptableEnd());
}

TEST(AwsChunked, Malformed) {
  for (std::string bad : {std::string("zz\r\nab\r\n"), std::string("3\r\nabcd\r\n"),
                          std::string("3\nabc"), std::string("0\r\n\r\nextra"),
                          std::string(5000, '1')}) {
    AwsChunkedDecoder decoder;
    std::string out;
    EXPECT_FALSE(decoder.Feed(bad, out).ok()) << bad.substr(0, 20);
  }
  AwsChunkedDecoder truncated;
  std::string out;
  ASSERT_TRUE(truncated.Feed("5\r\nhel", out).ok());
  EXPECT_FALSE(truncated.AcceptableEnd());
}

TEST(AwsChunked, Detection) {
  EXPECT_TRUE(IsAwsChunked("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", ""));
  EXPECT_TRUE(IsAwsChunked("STREAMING-UNSIGNED-PAYLOAD-TRAILER", ""));
  EXPECT_TRUE(IsAwsChunked("", "aws-chunked,gzip"));
  EXPECT_FALSE(IsAwsChunked("UNSIGNED-PAYLOAD", "gzip"));
}

}  // namespace
}  // namespace millrace::lake::s3
