#include "parquet/thrift_compact.h"

#include <gtest/gtest.h>

namespace millrace::parquet {
namespace {

std::string Bytes(std::initializer_list<int> bytes) {
  std::string s;
  for (int b : bytes) s.push_back(static_cast<char>(b));
  return s;
}

TEST(CompactEncoder, GoldenBytes) {
  std::string out;
  CompactEncoder enc(&out);
  enc.BeginStruct();
  enc.FieldI32(1, 1);        // delta 1, type 5, zigzag 2
  enc.FieldBinary(4, "ab");  // delta 3, type 8
  enc.FieldI64(20, -1);      // delta 16: long form, id zigzag 40, value zigzag 1
  enc.FieldBool(21, true);   // delta 1, type 1
  enc.FieldBool(22, false);  // delta 1, type 2
  enc.FieldStructBegin(23);  // delta 1, type 12
  enc.FieldI16(1, -3);       // zigzag 5
  enc.EndStruct();
  enc.FieldListBegin(24, CompactType::kI32, 2);
  enc.ElementI32(64);   // zigzag 128: two varint bytes
  enc.ElementI32(-64);  // zigzag 127
  enc.EndStruct();
  EXPECT_EQ(out, Bytes({0x15, 0x02, 0x38, 0x02, 'a',  'b',  0x06, 0x28, 0x01, 0x11, 0x12,
                        0x1C, 0x14, 0x05, 0x00, 0x19, 0x25, 0x80, 0x01, 0x7F, 0x00}));
}

TEST(CompactEncoder, LongListHeader) {
  std::string out;
  CompactEncoder enc(&out);
  enc.BeginStruct();
  enc.FieldListBegin(1, CompactType::kBinary, 15);
  for (int i = 0; i < 15; ++i) enc.ElementBinary("");
  enc.EndStruct();
  EXPECT_EQ(out.substr(0, 3), Bytes({0x19, 0xF8, 0x0F}));
  EXPECT_EQ(out.size(), 3u + 15u + 1u);
}

TEST(CompactDecoder, RoundTripsEveryType) {
  std::string out;
  CompactEncoder enc(&out);
  enc.BeginStruct();
  enc.FieldBool(1, true);
  enc.FieldI8(2, -7);
  enc.FieldI16(3, 30000);
  enc.FieldI32(4, -2147483647 - 1);
  enc.FieldI64(300, INT64_MAX);
  enc.FieldDouble(301, 2.5);
  enc.FieldBinary(302, std::string("x\0y", 3));
  enc.FieldListBegin(303, CompactType::kI64, 20);
  for (int i = 0; i < 20; ++i) enc.ElementI64(i * -1000000000000LL);
  enc.FieldStructBegin(304);
  enc.FieldBool(5, false);
  enc.EndStruct();
  enc.EndStruct();

  CompactDecoder dec(reinterpret_cast<const uint8_t*>(out.data()), out.size());
  ASSERT_TRUE(dec.BeginStruct().ok());
  CompactFieldHeader h;
  bool b;
  int8_t i8;
  int16_t i16;
  int32_t i32;
  int64_t i64;
  double d;
  std::string s;
  ASSERT_TRUE(dec.ReadFieldHeader(&h).ok());
  ASSERT_TRUE(dec.ReadBool(h, &b).ok());
  EXPECT_TRUE(b);
  ASSERT_TRUE(dec.ReadFieldHeader(&h).ok());
  ASSERT_TRUE(dec.ReadI8(h, &i8).ok());
  EXPECT_EQ(i8, -7);
  ASSERT_TRUE(dec.ReadFieldHeader(&h).ok());
  ASSERT_TRUE(dec.ReadI16(h, &i16).ok());
  EXPECT_EQ(i16, 30000);
  ASSERT_TRUE(dec.ReadFieldHeader(&h).ok());
  ASSERT_TRUE(dec.ReadI32(h, &i32).ok());
  EXPECT_EQ(i32, INT32_MIN);
  ASSERT_TRUE(dec.ReadFieldHeader(&h).ok());
  EXPECT_EQ(h.id, 300);
  ASSERT_TRUE(dec.ReadI64(h, &i64).ok());
  EXPECT_EQ(i64, INT64_MAX);
  ASSERT_TRUE(dec.ReadFieldHeader(&h).ok());
  ASSERT_TRUE(dec.ReadDouble(h, &d).ok());
  EXPECT_EQ(d, 2.5);
  ASSERT_TRUE(dec.ReadFieldHeader(&h).ok());
  ASSERT_TRUE(dec.ReadBinary(h, &s).ok());
  EXPECT_EQ(s, std::string("x\0y", 3));
  ASSERT_TRUE(dec.ReadFieldHeader(&h).ok());
  CompactType et;
  uint32_t n;
  ASSERT_TRUE(dec.ReadListHeader(h, &et, &n).ok());
  ASSERT_EQ(n, 20u);
  EXPECT_EQ(et, CompactType::kI64);
  for (uint32_t i = 0; i < n; ++i) {
    ASSERT_TRUE(dec.ReadI64Element(&i64).ok());
    EXPECT_EQ(i64, static_cast<int64_t>(i) * -1000000000000LL);
  }
  ASSERT_TRUE(dec.ReadFieldHeader(&h).ok());
  EXPECT_EQ(h.id, 304);
  // Skipping a whole nested struct lands on the outer stop.
  ASSERT_TRUE(dec.Skip(h.type).ok());
  ASSERT_TRUE(dec.ReadFieldHeader(&h).ok());
  EXPECT_EQ(h.type, CompactType::kStop);
  dec.EndStruct();
  EXPECT_EQ(dec.position(), out.size());
}

TEST(CompactDecoder, WrongTypeIsCorruption) {
  std::string out;
  CompactEncoder enc(&out);
  enc.BeginStruct();
  enc.FieldBinary(1, "abc");
  enc.EndStruct();
  CompactDecoder dec(reinterpret_cast<const uint8_t*>(out.data()), out.size());
  ASSERT_TRUE(dec.BeginStruct().ok());
  CompactFieldHeader h;
  ASSERT_TRUE(dec.ReadFieldHeader(&h).ok());
  int32_t v;
  EXPECT_EQ(dec.ReadI32(h, &v).code(), StatusCode::kCorruption);
}

TEST(CompactDecoder, EveryTruncationFailsCleanly) {
  std::string out;
  CompactEncoder enc(&out);
  enc.BeginStruct();
  enc.FieldBinary(1, "hello");
  enc.FieldListBegin(2, CompactType::kStruct, 2);
  for (int i = 0; i < 2; ++i) {
    enc.ElementStructBegin();
    enc.FieldI64(1, 1234567);
    enc.FieldDouble(2, 1.0);
    enc.EndStruct();
  }
  enc.EndStruct();
  for (size_t len = 0; len < out.size(); ++len) {
    CompactDecoder dec(reinterpret_cast<const uint8_t*>(out.data()), len);
    EXPECT_FALSE(dec.Skip(CompactType::kStruct).ok()) << len;
  }
  CompactDecoder whole(reinterpret_cast<const uint8_t*>(out.data()), out.size());
  EXPECT_TRUE(whole.Skip(CompactType::kStruct).ok());
}

TEST(CompactDecoder, HugeListSizeRejected) {
  // A list header claiming 2^31 elements in a 5-byte input.
  std::string in = Bytes({0x19, 0xF5, 0x80, 0x80, 0x80, 0x80, 0x08});
  CompactDecoder dec(reinterpret_cast<const uint8_t*>(in.data()), in.size());
  EXPECT_EQ(dec.Skip(CompactType::kStruct).code(), StatusCode::kCorruption);
}

TEST(CompactDecoder, DeepNestingRejected) {
  std::string in(200, static_cast<char>(0x1C));  // struct field inside struct field ...
  CompactDecoder dec(reinterpret_cast<const uint8_t*>(in.data()), in.size());
  EXPECT_EQ(dec.Skip(CompactType::kStruct).code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace millrace::parquet
