#include "parquet/column_values.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "parquet/rle.h"

namespace millrace::parquet {
namespace {

ColumnValues Empty(PhysicalType type, int32_t length = 0) {
  ColumnValues v;
  v.type = type;
  v.type_length = length;
  return v;
}

TEST(Plain, DecodesEveryType) {
  ColumnValues b = Empty(PhysicalType::kBoolean);
  ASSERT_TRUE(DecodePlain(std::string("\x05\x01", 2), 9, &b).ok());
  EXPECT_EQ(b.bools, std::vector<uint8_t>({1, 0, 1, 0, 0, 0, 0, 0, 1}));

  ColumnValues i = Empty(PhysicalType::kInt32);
  ASSERT_TRUE(DecodePlain(std::string("\xFF\xFF\xFF\xFF\x02\x00\x00\x00", 8), 2, &i).ok());
  EXPECT_EQ(i.i32, std::vector<int32_t>({-1, 2}));

  ColumnValues s = Empty(PhysicalType::kByteArray);
  ASSERT_TRUE(DecodePlain(std::string("\x02\0\0\0hi\0\0\0\0", 10), 2, &s).ok());
  EXPECT_EQ(s.bytes, std::vector<std::string>({"hi", ""}));

  ColumnValues f = Empty(PhysicalType::kFixedLenByteArray, 3);
  ASSERT_TRUE(DecodePlain("abcdef", 2, &f).ok());
  EXPECT_EQ(f.bytes, std::vector<std::string>({"abc", "def"}));
}

TEST(Plain, ShortDataIsCorruption) {
  ColumnValues i = Empty(PhysicalType::kInt64);
  EXPECT_EQ(DecodePlain("1234567", 1, &i).code(), StatusCode::kCorruption);
  ColumnValues s = Empty(PhysicalType::kByteArray);
  EXPECT_EQ(DecodePlain(std::string("\x09\0\0\0abc", 7), 1, &s).code(), StatusCode::kCorruption);
  ColumnValues b = Empty(PhysicalType::kBoolean);
  EXPECT_EQ(DecodePlain("", 1, &b).code(), StatusCode::kCorruption);
}

TEST(Dictionary, IndicesMapThroughTheDictionary) {
  ColumnValues dict = Empty(PhysicalType::kByteArray);
  dict.bytes = {"a", "b", "c"};
  std::vector<uint32_t> indices = {2, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0};
  std::string data(1, '\x02');
  RleEncode(indices.data(), indices.size(), 2, &data);
  ColumnValues out = Empty(PhysicalType::kByteArray);
  ASSERT_TRUE(DecodeDictionaryIndices(data, indices.size(), dict, &out).ok());
  ASSERT_EQ(out.size(), indices.size());
  for (size_t k = 0; k < indices.size(); ++k) EXPECT_EQ(out.bytes[k], dict.bytes[indices[k]]);

  std::vector<uint32_t> past_end = {3};
  std::string bad(1, '\x02');
  RleEncode(past_end.data(), 1, 2, &bad);
  EXPECT_EQ(DecodeDictionaryIndices(bad, 1, dict, &out).code(), StatusCode::kCorruption);
}

TEST(RleBooleans, DecodeWithLengthPrefix) {
  std::vector<uint32_t> bits = {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1};
  std::string body;
  RleEncode(bits.data(), bits.size(), 1, &body);
  std::string data(4, '\0');
  data[0] = static_cast<char>(body.size());
  data += body;
  ColumnValues out = Empty(PhysicalType::kBoolean);
  ASSERT_TRUE(DecodeRleBooleans(data, bits.size(), &out).ok());
  EXPECT_EQ(out.bools, std::vector<uint8_t>(bits.begin(), bits.end()));
}

TEST(DeltaBinaryPacked, RandomRoundTrips) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 100; ++trial) {
    size_t count = rng() % 700;
    std::vector<int64_t> values(count);
    int mode = trial % 4;
    for (size_t k = 0; k < count; ++k) {
      if (mode == 0) values[k] = static_cast<int64_t>(k) * 3;
      if (mode == 1) values[k] = static_cast<int64_t>(rng() % 1000) - 500;
      if (mode == 2) values[k] = static_cast<int64_t>(rng());  // full 64-bit range
      if (mode == 3) values[k] = 42;
    }
    std::string data;
    EncodeDeltaBinaryPacked(values.data(), count, &data);
    data += "XYZ";  // trailing bytes belong to whatever follows
    ColumnValues out = Empty(PhysicalType::kInt64);
    size_t used = 0;
    ASSERT_TRUE(DecodeDeltaBinaryPacked(data, count, &out, &used).ok()) << trial;
    EXPECT_EQ(out.i64, values);
    EXPECT_EQ(used, data.size() - 3);
  }
}

TEST(DeltaBinaryPacked, Int32Wraps) {
  std::vector<int64_t> values = {INT32_MAX, INT32_MIN, 0, -1, INT32_MAX};
  std::string data;
  EncodeDeltaBinaryPacked(values.data(), values.size(), &data);
  ColumnValues out = Empty(PhysicalType::kInt32);
  size_t used;
  ASSERT_TRUE(DecodeDeltaBinaryPacked(data, values.size(), &out, &used).ok());
  EXPECT_EQ(out.i32, std::vector<int32_t>({INT32_MAX, INT32_MIN, 0, -1, INT32_MAX}));
}

TEST(DeltaBinaryPacked, TruncationIsCorruption) {
  std::vector<int64_t> values(300);
  for (size_t k = 0; k < values.size(); ++k) values[k] = static_cast<int64_t>(k * k);
  std::string data;
  EncodeDeltaBinaryPacked(values.data(), values.size(), &data);
  for (size_t len = 0; len < data.size(); len += 7) {
    ColumnValues out = Empty(PhysicalType::kInt64);
    size_t used;
    EXPECT_FALSE(DecodeDeltaBinaryPacked(data.substr(0, len), values.size(), &out, &used).ok());
  }
}

TEST(DeltaByteArrays, LengthAndPrefixForms) {
  std::vector<std::string> strings = {"apple", "applesauce", "apricot", "", "banana"};
  // DELTA_LENGTH_BYTE_ARRAY: lengths, then the concatenated bytes.
  std::vector<int64_t> lengths;
  std::string joined;
  for (const auto& s : strings) {
    lengths.push_back(static_cast<int64_t>(s.size()));
    joined += s;
  }
  std::string dlba;
  EncodeDeltaBinaryPacked(lengths.data(), lengths.size(), &dlba);
  dlba += joined;
  ColumnValues out = Empty(PhysicalType::kByteArray);
  ASSERT_TRUE(DecodeDeltaLengthByteArray(dlba, strings.size(), &out).ok());
  EXPECT_EQ(out.bytes, strings);

  // DELTA_BYTE_ARRAY: prefix lengths shared with the previous value, then suffixes as DLBA.
  std::vector<int64_t> prefixes = {0, 5, 2, 0, 0};
  std::vector<std::string> suffixes = {"apple", "sauce", "ricot", "", "banana"};
  std::string dba;
  EncodeDeltaBinaryPacked(prefixes.data(), prefixes.size(), &dba);
  std::vector<int64_t> suffix_lengths;
  std::string suffix_bytes;
  for (const auto& s : suffixes) {
    suffix_lengths.push_back(static_cast<int64_t>(s.size()));
    suffix_bytes += s;
  }
  EncodeDeltaBinaryPacked(suffix_lengths.data(), suffix_lengths.size(), &dba);
  dba += suffix_bytes;
  ColumnValues out2 = Empty(PhysicalType::kByteArray);
  ASSERT_TRUE(DecodeDeltaByteArray(dba, strings.size(), &out2).ok());
  EXPECT_EQ(out2.bytes, strings);
}

TEST(ByteStreamSplit, Doubles) {
  std::vector<double> values = {1.5, -2.25, 1e300};
  std::string plain(values.size() * 8, '\0');
  std::memcpy(plain.data(), values.data(), plain.size());
  std::string split(plain.size(), '\0');
  for (size_t k = 0; k < values.size(); ++k) {
    for (size_t b = 0; b < 8; ++b) split[b * values.size() + k] = plain[k * 8 + b];
  }
  ColumnValues out = Empty(PhysicalType::kDouble);
  ASSERT_TRUE(DecodeByteStreamSplit(split, values.size(), &out).ok());
  EXPECT_EQ(out.f64, values);
}

}  // namespace
}  // namespace millrace::parquet
