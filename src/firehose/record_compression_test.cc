#include "firehose/record_compression.h"

#include <gtest/gtest.h>
#include <snappy.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

namespace millrace::firehose {
namespace {

// Writes `bytes` to a temporary file, runs `command` with "{}" replaced by its path, and returns
// what the command printed on stdout. The decoders are independent tools (gzip, unzip, the
// python3-snappy package), never this code.
std::string RunOnFile(const std::string& bytes, std::string command) {
  char path[] = "/tmp/millrace-compress-XXXXXX";
  const int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  close(fd);
  { std::ofstream(path, std::ios::binary) << bytes; }
  command.replace(command.find("{}"), 2, path);
  std::string out;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
    EXPECT_EQ(pclose(pipe), 0) << command;
  } else {
    ADD_FAILURE() << "cannot run " << command;
  }
  std::filesystem::remove(path);
  return out;
}

// A bit-at-a-time CRC-32C (Castagnoli, reflected 0x82F63B78), independent of base/crc32c.
uint32_t SlowCrc32c(std::string_view data) {
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char c : data) {
    crc ^= c;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0x82F63B78u & (0u - (crc & 1u)));
  }
  return ~crc;
}

// Decodes the Snappy framing format as its specification describes it (the Debian
// python3-snappy's CRC extension is broken on this Python, so the test carries its own reader).
// Returns false on any violation: bad stream identifier, chunk type, length or checksum.
bool DecodeSnappyFraming(std::string_view in, std::string* out) {
  if (in.substr(0, 10) != std::string_view("\xff\x06\x00\x00sNaPpY", 10)) return false;
  size_t pos = 10;
  while (pos < in.size()) {
    if (in.size() - pos < 4) return false;
    const auto type = static_cast<uint8_t>(in[pos]);
    const size_t length = static_cast<uint8_t>(in[pos + 1]) |
                          (static_cast<uint8_t>(in[pos + 2]) << 8) |
                          (static_cast<uint8_t>(in[pos + 3]) << 16);
    pos += 4;
    if (in.size() - pos < length || length < 4) return false;
    uint32_t masked = 0;
    for (int i = 3; i >= 0; --i) masked = (masked << 8) | static_cast<uint8_t>(in[pos + i]);
    const std::string_view body = in.substr(pos + 4, length - 4);
    std::string chunk;
    if (type == 0x00) {
      if (!snappy::Uncompress(body.data(), body.size(), &chunk)) return false;
    } else if (type == 0x01) {
      chunk = std::string(body);
    } else {
      return false;
    }
    if (chunk.size() > 65536) return false;
    const uint32_t crc = SlowCrc32c(chunk);
    if (masked != ((crc >> 15) | (crc << 17)) + 0xa282ead8u) return false;
    *out += chunk;
    pos += length;
  }
  return true;
}

// Newline-delimited JSON records plus incompressible noise, large enough for several snappy
// chunks (64 KiB) and Hadoop blocks (256 KiB).
std::string SampleData(size_t records) {
  std::string data;
  std::mt19937 rng(7);
  for (size_t i = 0; i < records; ++i) {
    data += "{\"id\":" + std::to_string(i) + ",\"noise\":\"";
    for (int j = 0; j < 16; ++j) data.push_back(static_cast<char>('a' + rng() % 26));
    data += "\"}\n";
  }
  return data;
}

TEST(RecordCompressionTest, ParsesApiNames) {
  EXPECT_EQ(*ParseCompressionFormat("GZIP"), CompressionFormat::kGzip);
  EXPECT_EQ(*ParseCompressionFormat("Snappy"), CompressionFormat::kSnappy);
  EXPECT_EQ(*ParseCompressionFormat("HADOOP_SNAPPY"), CompressionFormat::kHadoopSnappy);
  EXPECT_EQ(*ParseCompressionFormat("ZIP"), CompressionFormat::kZip);
  EXPECT_EQ(*ParseCompressionFormat("UNCOMPRESSED"), CompressionFormat::kUncompressed);
  EXPECT_FALSE(ParseCompressionFormat("SNAPPY").ok());
  EXPECT_FALSE(ParseCompressionFormat("gzip").ok());
  for (auto f :
       {CompressionFormat::kUncompressed, CompressionFormat::kGzip, CompressionFormat::kZip,
        CompressionFormat::kSnappy, CompressionFormat::kHadoopSnappy}) {
    EXPECT_EQ(*ParseCompressionFormat(CompressionFormatName(f)), f);
  }
  EXPECT_EQ(DefaultFileExtension(CompressionFormat::kGzip), ".gz");
  EXPECT_EQ(DefaultFileExtension(CompressionFormat::kUncompressed), "");
}

TEST(RecordCompressionTest, UncompressedIsIdentity) {
  EXPECT_EQ(*Compress(CompressionFormat::kUncompressed, "abc"), "abc");
}

TEST(RecordCompressionTest, GzipReadsBackWithGzip) {
  const std::string data = SampleData(20000);
  auto gz = Compress(CompressionFormat::kGzip, data);
  ASSERT_TRUE(gz.ok());
  EXPECT_LT(gz->size(), data.size());
  EXPECT_TRUE(RunOnFile(*gz, "gzip -dc {}") == data);
  EXPECT_EQ(RunOnFile(*Compress(CompressionFormat::kGzip, ""), "gzip -dc {}"), "");
}

TEST(RecordCompressionTest, ZipReadsBackWithUnzip) {
  const std::string data = SampleData(5000);
  auto zip = Compress(CompressionFormat::kZip, data,
                      {.zip_entry_name = "orders-1.json", .zip_modified_millis = 1535365815123});
  ASSERT_TRUE(zip.ok());
  EXPECT_TRUE(RunOnFile(*zip, "unzip -p {} orders-1.json") == data);
  EXPECT_EQ(RunOnFile(*zip, "unzip -tq {} >/dev/null && echo ok"), "ok\n");
  const std::string listing = RunOnFile(*zip, "unzip -l {}");
  EXPECT_NE(listing.find("2018-08-27 10:30"), std::string::npos) << listing;
}

TEST(RecordCompressionTest, SnappyFramingReadsBackWithAnIndependentDecoder) {
  const std::string data = SampleData(20000);
  auto framed = Compress(CompressionFormat::kSnappy, data);
  ASSERT_TRUE(framed.ok());
  EXPECT_EQ(framed->substr(0, 10), std::string("\xff\x06\x00\x00sNaPpY", 10));
  std::string decoded;
  ASSERT_TRUE(DecodeSnappyFraming(*framed, &decoded));
  EXPECT_TRUE(decoded == data);
  EXPECT_LT(framed->size(), data.size());
}

TEST(RecordCompressionTest, SnappyFramingStoresIncompressibleChunksRaw) {
  std::string noise(100000, '\0');
  std::mt19937 rng(1);
  for (char& c : noise) c = static_cast<char>(rng());
  auto framed = Compress(CompressionFormat::kSnappy, noise);
  ASSERT_TRUE(framed.ok());
  EXPECT_EQ((*framed)[10], '\x01');  // first chunk: uncompressed data
  std::string decoded;
  ASSERT_TRUE(DecodeSnappyFraming(*framed, &decoded));
  EXPECT_TRUE(decoded == noise);
}

TEST(RecordCompressionTest, TheFramingDecoderRejectsCorruption) {
  auto framed = Compress(CompressionFormat::kSnappy, SampleData(100));
  ASSERT_TRUE(framed.ok());
  std::string flipped = *framed;
  flipped[14] ^= 1;  // inside the first chunk's checksum
  std::string decoded;
  EXPECT_FALSE(DecodeSnappyFraming(flipped, &decoded));
}

TEST(RecordCompressionTest, HadoopSnappyReadsBackWithPythonSnappy) {
  const std::string data = SampleData(30000);  // > 256 KiB: several blocks
  ASSERT_GT(data.size(), 2u * 256 * 1024);
  auto hadoop = Compress(CompressionFormat::kHadoopSnappy, data);
  ASSERT_TRUE(hadoop.ok());
  EXPECT_TRUE(RunOnFile(*hadoop, "/usr/bin/python3 -m snappy -d -t hadoop_snappy {} /dev/stdout") ==
              data);
}

}  // namespace
}  // namespace millrace::firehose
