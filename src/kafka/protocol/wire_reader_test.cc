#include "kafka/protocol/wire_reader.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "kafka/protocol/wire_writer.h"

namespace millrace::kafka {
namespace {

std::string Bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out.push_back(static_cast<char>(v));
  return out;
}

TEST(WireWriterTest, FixedWidthIntegersAreBigEndian) {
  WireWriter w;
  w.WriteInt8(-2);
  w.WriteInt16(0x0102);
  w.WriteInt32(0x03040506);
  w.WriteInt64(-1);
  w.WriteUint32(0xA0B0C0D0u);
  w.WriteBool(true);
  // clang-format off
  EXPECT_EQ(w.data(), Bytes({0xFE, 1, 2, 3, 4, 5, 6, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                             0xA0, 0xB0, 0xC0, 0xD0, 1}));
  // clang-format on
  WireReader r(w.data());
  EXPECT_EQ(r.ReadInt8(), -2);
  EXPECT_EQ(r.ReadInt16(), 0x0102);
  EXPECT_EQ(r.ReadInt32(), 0x03040506);
  EXPECT_EQ(r.ReadInt64(), -1);
  EXPECT_EQ(r.ReadUint32(), 0xA0B0C0D0u);
  EXPECT_TRUE(r.ReadBool());
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(WireWriterTest, StringsInClassicAndCompactForms) {
  WireWriter w;
  w.WriteString("ab");
  w.WriteNullableString(std::nullopt);
  w.WriteCompactString("ab");
  w.WriteCompactNullableString(std::nullopt);
  w.WriteCompactString("");
  EXPECT_EQ(w.data(), Bytes({0, 2, 'a', 'b', 0xFF, 0xFF, 3, 'a', 'b', 0, 1}));
  WireReader r(w.data());
  EXPECT_EQ(r.ReadString(), "ab");
  EXPECT_EQ(r.ReadNullableString(), std::nullopt);
  EXPECT_EQ(r.ReadCompactString(), "ab");
  EXPECT_EQ(r.ReadCompactNullableString(), std::nullopt);
  EXPECT_EQ(r.ReadCompactString(), "");
  EXPECT_TRUE(r.ok());
}

TEST(WireWriterTest, BytesAndArrays) {
  WireWriter w;
  w.WriteBytes("xyz");
  w.WriteNullableBytes(std::nullopt);
  w.WriteBytes("q", /*flexible=*/true);
  WriteInt32Array(w, false, {7});
  w.WriteArrayLength(-1, false);
  WriteInt32Array(w, true, {7});
  w.WriteArrayLength(-1, true);
  // clang-format off
  EXPECT_EQ(w.data(), Bytes({0, 0, 0, 3, 'x', 'y', 'z', 0xFF, 0xFF, 0xFF, 0xFF, 2, 'q', 0, 0, 0, 1,
                             0, 0, 0, 7, 0xFF, 0xFF, 0xFF, 0xFF, 2, 0, 0, 0, 7, 0}));
  // clang-format on
  WireReader r(w.data());
  EXPECT_EQ(r.ReadBytes(false), "xyz");
  EXPECT_EQ(r.ReadNullableBytes(false), std::nullopt);
  EXPECT_EQ(r.ReadBytes(true), "q");
  std::vector<int32_t> ints;
  ReadInt32Array(r, false, ints);
  EXPECT_EQ(ints, std::vector<int32_t>{7});
  std::optional<std::vector<int32_t>> nullable;
  ReadNullableArray(r, false, nullable, [](WireReader& in, int32_t& v) { v = in.ReadInt32(); });
  EXPECT_FALSE(nullable.has_value());
  ReadInt32Array(r, true, ints);
  EXPECT_EQ(ints, std::vector<int32_t>{7});
  ReadNullableArray(r, true, nullable, [](WireReader& in, int32_t& v) { v = in.ReadInt32(); });
  EXPECT_FALSE(nullable.has_value());
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(WireWriterTest, VarintsRoundTripAtTheLimits) {
  WireWriter w;
  const uint32_t uvalues[] = {0, 1, 127, 128, 16383, 16384, std::numeric_limits<uint32_t>::max()};
  const int32_t values[] = {
      0, -1, 1, -64, 64, std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max()};
  const int64_t longs[] = {0, -1, 1, std::numeric_limits<int64_t>::min(),
                           std::numeric_limits<int64_t>::max()};
  for (uint32_t v : uvalues) w.WriteUnsignedVarint(v);
  for (int32_t v : values) w.WriteVarint(v);
  for (int64_t v : longs) w.WriteVarlong(v);
  WireReader r(w.data());
  for (uint32_t v : uvalues) EXPECT_EQ(r.ReadUnsignedVarint(), v);
  for (int32_t v : values) EXPECT_EQ(r.ReadVarint(), v);
  for (int64_t v : longs) EXPECT_EQ(r.ReadVarlong(), v);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(WireWriterTest, ZigZagEncodingMatchesTheSpec) {
  WireWriter w;
  w.WriteVarint(-1);   // zig-zag 1
  w.WriteVarint(1);    // zig-zag 2
  w.WriteVarint(-65);  // zig-zag 129 = 0x81 0x01
  w.WriteUnsignedVarint(300);
  EXPECT_EQ(w.data(), Bytes({1, 2, 0x81, 0x01, 0xAC, 0x02}));
}

TEST(WireWriterTest, OversizedStringIsAnError) {
  WireWriter w;
  w.WriteString(std::string(kMaxStringBytes + 1, 'x'));
  EXPECT_FALSE(w.ok());
  WireWriter fine;
  fine.WriteString(std::string(kMaxStringBytes, 'x'));
  EXPECT_TRUE(fine.ok());
}

TEST(WireWriterTest, ReserveAndPatchSizePrefix) {
  WireWriter w;
  const size_t pos = w.ReserveInt32();
  w.WriteInt16(5);
  w.PatchInt32(pos, static_cast<int32_t>(w.size() - pos - 4));
  EXPECT_EQ(w.data(), Bytes({0, 0, 0, 2, 0, 5}));
}

TEST(WireReaderTest, TruncatedIntegerSetsStickyError) {
  const std::string input = Bytes({0, 1, 2});
  WireReader r(input);
  EXPECT_EQ(r.ReadInt16(), 1);
  EXPECT_EQ(r.ReadInt32(), 0);
  EXPECT_FALSE(r.ok());
  // Later reads keep failing even though a byte remains.
  EXPECT_EQ(r.ReadInt8(), 0);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(r.Rest().empty());
}

TEST(WireReaderTest, StringLongerThanInputFails) {
  const std::string input = Bytes({0x7F, 0xFF, 'a'});
  WireReader r(input);
  EXPECT_EQ(r.ReadString(), "");
  EXPECT_FALSE(r.ok());
}

TEST(WireReaderTest, NullForNonNullableStringFails) {
  const std::string input = Bytes({0xFF, 0xFF});
  WireReader r(input);
  r.ReadString();
  EXPECT_FALSE(r.ok());
}

TEST(WireReaderTest, NegativeLengthsOtherThanMinusOneFail) {
  const std::string input = Bytes({0xFF, 0xFE});
  WireReader r(input);
  EXPECT_EQ(r.ReadNullableString(), std::nullopt);
  EXPECT_FALSE(r.ok());
  const std::string bytes = Bytes({0xFF, 0xFF, 0xFF, 0xFE});
  WireReader rb(bytes);
  rb.ReadNullableBytes(false);
  EXPECT_FALSE(rb.ok());
}

TEST(WireReaderTest, HugeArrayCountIsRejectedBeforeAllocating) {
  const std::string input = Bytes({0x7F, 0xFF, 0xFF, 0xFF, 0, 0, 0, 1});
  WireReader r(input);
  std::vector<int32_t> out;
  ReadInt32Array(r, false, out);
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(out.empty());
  // One int32 element needs four bytes: a count of 2 with 4 bytes left is also rejected.
  const std::string two = Bytes({0, 0, 0, 2, 0, 0, 0, 1});
  WireReader r2(two);
  ReadInt32Array(r2, false, out);
  EXPECT_FALSE(r2.ok());
}

TEST(WireReaderTest, HugeCompactBytesLengthFails) {
  const std::string input = Bytes({0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 'a'});
  WireReader r(input);
  r.ReadBytes(/*flexible=*/true);
  EXPECT_FALSE(r.ok());
}

TEST(WireReaderTest, OverlongVarintsFail) {
  const std::string six = Bytes({0x80, 0x80, 0x80, 0x80, 0x80, 0x01});
  WireReader r(six);
  r.ReadUnsignedVarint();
  EXPECT_FALSE(r.ok());
  // Five bytes whose last one carries more than 4 bits overflow 32 bits.
  const std::string overflow = Bytes({0xFF, 0xFF, 0xFF, 0xFF, 0x1F});
  WireReader r2(overflow);
  r2.ReadUnsignedVarint();
  EXPECT_FALSE(r2.ok());
  const std::string eleven = std::string(10, '\x80') + Bytes({0x01});
  WireReader r3(eleven);
  r3.ReadVarlong();
  EXPECT_FALSE(r3.ok());
  const std::string unterminated = Bytes({0x80});
  WireReader r4(unterminated);
  r4.ReadVarint();
  EXPECT_FALSE(r4.ok());
}

TEST(WireReaderTest, TaggedFieldsAreSkipped) {
  // Two fields: tag 0 with 2 bytes, tag 5 with 1 byte; then an int8 that must be read next.
  const std::string input = Bytes({2, 0, 2, 'a', 'b', 5, 1, 'c', 42});
  WireReader r(input);
  r.SkipTaggedFields();
  EXPECT_EQ(r.ReadInt8(), 42);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
}

TEST(WireReaderTest, TaggedFieldsOutOfOrderOrTruncatedFail) {
  const std::string unordered = Bytes({2, 5, 0, 1, 0});
  WireReader r(unordered);
  r.SkipTaggedFields();
  EXPECT_FALSE(r.ok());
  const std::string truncated = Bytes({1, 0, 9, 'a'});
  WireReader r2(truncated);
  r2.SkipTaggedFields();
  EXPECT_FALSE(r2.ok());
}

TEST(WireReaderTest, UuidRoundTrip) {
  Uuid id;
  for (size_t i = 0; i < id.bytes.size(); ++i) id.bytes[i] = static_cast<uint8_t>(i * 17);
  WireWriter w;
  w.WriteUuid(id);
  ASSERT_EQ(w.size(), 16u);
  WireReader r(w.data());
  EXPECT_EQ(r.ReadUuid(), id);
  EXPECT_FALSE(id.IsZero());
  EXPECT_TRUE(Uuid{}.IsZero());
}

}  // namespace
}  // namespace millrace::kafka

namespace millrace::kafka {
namespace {

TEST(WireReaderTest, NullForNonNullableArrayFails) {
  const std::string input(4, '\xFF');
  WireReader r(input);
  std::vector<int32_t> out;
  ReadInt32Array(r, false, out);
  EXPECT_FALSE(r.ok());
  const std::string compact(1, '\0');
  WireReader rc(compact);
  ReadInt32Array(rc, true, out);
  EXPECT_FALSE(rc.ok());
}

}  // namespace
}  // namespace millrace::kafka
