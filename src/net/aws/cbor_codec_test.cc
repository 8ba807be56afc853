#include "net/aws/cbor_codec.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace millrace::net::aws {
namespace {

std::string Hex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

std::string ToHex(std::string_view bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

Value Decoded(std::string_view hex) {
  Result<Value> v = DecodeCbor(Hex(hex));
  EXPECT_TRUE(v.ok()) << hex << ": " << v.status().message();
  return v.ok() ? *v : Value();
}

void ExpectMalformed(std::string_view bytes, std::string_view why) {
  Result<Value> v = DecodeCbor(bytes);
  ASSERT_FALSE(v.ok()) << why << ": " << ToHex(bytes);
  EXPECT_EQ(v.status().code(), StatusCode::kInvalidArgument) << why;
}

Value Object(std::initializer_list<std::pair<const char*, Value>> members) {
  Value out = Value::MakeObject();
  for (const auto& [k, v] : members) out.Set(k, v);
  return out;
}

// Vectors from RFC 8949 Appendix A.
TEST(CborDecodeTest, IntegersFromTheRfc) {
  EXPECT_EQ(Decoded("00"), Value(0));
  EXPECT_EQ(Decoded("17"), Value(23));
  EXPECT_EQ(Decoded("1818"), Value(24));
  EXPECT_EQ(Decoded("1864"), Value(100));
  EXPECT_EQ(Decoded("1903e8"), Value(1000));
  EXPECT_EQ(Decoded("1a000f4240"), Value(1000000));
  EXPECT_EQ(Decoded("1b000000e8d4a51000"), Value(int64_t{1000000000000}));
  EXPECT_EQ(Decoded("1b7fffffffffffffff"), Value(std::numeric_limits<int64_t>::max()));
  EXPECT_EQ(Decoded("1bffffffffffffffff"), Value(18446744073709551615.0));
  EXPECT_EQ(Decoded("20"), Value(-1));
  EXPECT_EQ(Decoded("29"), Value(-10));
  EXPECT_EQ(Decoded("3863"), Value(-100));
  EXPECT_EQ(Decoded("3903e7"), Value(-1000));
  EXPECT_EQ(Decoded("3b7fffffffffffffff"), Value(std::numeric_limits<int64_t>::min()));
  EXPECT_EQ(Decoded("3bffffffffffffffff"), Value(-18446744073709551616.0));
}

TEST(CborDecodeTest, FloatsOfEveryWidth) {
  EXPECT_EQ(Decoded("f90000"), Value(0.0));
  EXPECT_TRUE(std::signbit(Decoded("f98000").double_value()));
  EXPECT_EQ(Decoded("f93c00"), Value(1.0));
  EXPECT_EQ(Decoded("fb3ff199999999999a"), Value(1.1));
  EXPECT_EQ(Decoded("f93e00"), Value(1.5));
  EXPECT_EQ(Decoded("f97bff"), Value(65504.0));
  EXPECT_EQ(Decoded("fa47c35000"), Value(100000.0));
  EXPECT_EQ(Decoded("fa7f7fffff"), Value(3.4028234663852886e+38));
  EXPECT_EQ(Decoded("fb7e37e43c8800759c"), Value(1.0e+300));
  EXPECT_EQ(Decoded("f90001"), Value(5.960464477539063e-8));
  EXPECT_EQ(Decoded("f90400"), Value(0.00006103515625));
  EXPECT_EQ(Decoded("f9c400"), Value(-4.0));
  EXPECT_EQ(Decoded("fbc010666666666666"), Value(-4.1));
  EXPECT_EQ(Decoded("f97c00"), Value(std::numeric_limits<double>::infinity()));
  EXPECT_EQ(Decoded("f9fc00"), Value(-std::numeric_limits<double>::infinity()));
  EXPECT_TRUE(std::isnan(Decoded("f97e00").double_value()));
  EXPECT_TRUE(std::isnan(Decoded("fa7fc00000").double_value()));
}

TEST(CborDecodeTest, SimpleValuesStringsAndContainers) {
  EXPECT_EQ(Decoded("f4"), Value(false));
  EXPECT_EQ(Decoded("f5"), Value(true));
  EXPECT_TRUE(Decoded("f6").is_null());
  EXPECT_TRUE(Decoded("f7").is_null());
  EXPECT_EQ(Decoded("40"), Value::Bytes(""));
  EXPECT_EQ(Decoded("4401020304"), Value::Bytes(Hex("01020304")));
  EXPECT_EQ(Decoded("60"), Value(""));
  EXPECT_EQ(Decoded("6449455446"), Value("IETF"));
  EXPECT_EQ(Decoded("62c3bc"), Value("\xc3\xbc"));
  EXPECT_EQ(Decoded("63e6b0b4"), Value("\xe6\xb0\xb4"));
  EXPECT_EQ(Decoded("64f0908591"), Value("\xf0\x90\x85\x91"));
  EXPECT_EQ(Decoded("80"), Value::MakeArray());
  EXPECT_EQ(Decoded("8301820203820405"),
            Value(Value::Array{1, Value::Array{2, 3}, Value::Array{4, 5}}));
  EXPECT_EQ(Decoded("a0"), Value::MakeObject());
  EXPECT_EQ(Decoded("a26161016162820203"), Object({{"a", 1}, {"b", Value::Array{2, 3}}}));
}

TEST(CborDecodeTest, IndefiniteLengths) {
  EXPECT_EQ(Decoded("5f42010243030405ff"), Value::Bytes(Hex("0102030405")));
  EXPECT_EQ(Decoded("5fff"), Value::Bytes(""));
  EXPECT_EQ(Decoded("7f657374726561646d696e67ff"), Value("streaming"));
  EXPECT_EQ(Decoded("9fff"), Value::MakeArray());
  EXPECT_EQ(Decoded("9f018202039f0405ffff"),
            Value(Value::Array{1, Value::Array{2, 3}, Value::Array{4, 5}}));
  EXPECT_EQ(Decoded("bf61610161629f0203ffff"), Object({{"a", 1}, {"b", Value::Array{2, 3}}}));
  EXPECT_EQ(Decoded("bf6346756ef563416d7421ff"), Object({{"Fun", true}, {"Amt", -2}}));
  // An indefinite-length key.
  EXPECT_EQ(Decoded("a17f6141ff01"), Object({{"A", 1}}));
}

TEST(CborDecodeTest, EpochTimestamps) {
  // Integers under tag 1 are epoch milliseconds, as the AWS Java SDKs write them.
  EXPECT_EQ(Decoded("c11b0000013d8e8d0974"), Value::Timestamp(1363896240500));
  EXPECT_EQ(Decoded("c100"), Value::Timestamp(0));
  EXPECT_EQ(Decoded("c120"), Value::Timestamp(-1));
  // Floats under tag 1 are epoch seconds (RFC 8949): 1363896240.5 s.
  EXPECT_EQ(Decoded("c1fb41d452d9ec200000"), Value::Timestamp(1363896240500));
  EXPECT_EQ(Decoded("c1f93e00"), Value::Timestamp(1500));
  // Other tags are transparent.
  EXPECT_EQ(Decoded("d8206161"), Value("a"));
}

TEST(CborDecodeTest, DuplicateKeysKeepTheLastValueAtTheFirstPosition) {
  EXPECT_EQ(Decoded("a3616101616202616103"), Object({{"a", 3}, {"b", 2}}));
  // Past the linear-scan threshold too: keys k0..k19, then k3 again.
  std::string bytes = Hex("b5");  // map of 21 pairs
  Value expected = Value::MakeObject();
  for (int i = 0; i < 20; ++i) {
    std::string key = "k" + std::to_string(i);
    bytes.push_back(static_cast<char>(0x60 + key.size()));
    bytes += key;
    bytes.push_back(static_cast<char>(i));
    expected.Set(key, i);
  }
  bytes += Hex("626b33") + Hex("1863");
  expected.Set("k3", 99);
  Result<Value> v = DecodeCbor(bytes);
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_EQ(*v, expected);
}

TEST(CborEncodeTest, ShortestHeadsAndTypes) {
  EXPECT_EQ(ToHex(EncodeCbor(0)), "00");
  EXPECT_EQ(ToHex(EncodeCbor(23)), "17");
  EXPECT_EQ(ToHex(EncodeCbor(24)), "1818");
  EXPECT_EQ(ToHex(EncodeCbor(255)), "18ff");
  EXPECT_EQ(ToHex(EncodeCbor(256)), "190100");
  EXPECT_EQ(ToHex(EncodeCbor(65535)), "19ffff");
  EXPECT_EQ(ToHex(EncodeCbor(65536)), "1a00010000");
  EXPECT_EQ(ToHex(EncodeCbor(int64_t{4294967296})), "1b0000000100000000");
  EXPECT_EQ(ToHex(EncodeCbor(-1)), "20");
  EXPECT_EQ(ToHex(EncodeCbor(-1000)), "3903e7");
  EXPECT_EQ(ToHex(EncodeCbor(std::numeric_limits<int64_t>::min())), "3b7fffffffffffffff");
  EXPECT_EQ(ToHex(EncodeCbor(1.1)), "fb3ff199999999999a");
  EXPECT_EQ(ToHex(EncodeCbor(Value())), "f6");
  EXPECT_EQ(ToHex(EncodeCbor(true)), "f5");
  EXPECT_EQ(ToHex(EncodeCbor(false)), "f4");
  EXPECT_EQ(ToHex(EncodeCbor("IETF")), "6449455446");
  EXPECT_EQ(ToHex(EncodeCbor(Value::Bytes(Hex("01020304")))), "4401020304");
  EXPECT_EQ(ToHex(EncodeCbor(Value::Timestamp(1363896240500))), "c11b0000013d8e8d0974");
  EXPECT_EQ(ToHex(EncodeCbor(Value::Array{1, Value::Array{2, 3}})), "8201820203");
  EXPECT_EQ(ToHex(EncodeCbor(Object({{"a", 1}, {"b", Value::Array{2, 3}}}))), "a26161016162820203");
  EXPECT_EQ(ToHex(EncodeCbor(Value(std::string(24, 'x')))).substr(0, 4), "7818");
}

Value SampleDocument() {
  Value record =
      Object({{"Data", Value::Bytes(std::string("\x00\xff\x10 binary", 9))},
              {"PartitionKey", "pk-\xc3\xa9"},
              {"SequenceNumber", "49590338271490256608559692538361571095921575989136588898"},
              {"ApproximateArrivalTimestamp", Value::Timestamp(1700000000123)}});
  Value records = Value::MakeArray();
  for (int i = 0; i < 3; ++i) records.Append(record);
  return Object({{"Records", records},
                 {"MillisBehindLatest", int64_t{0}},
                 {"NextShardIterator", Value()},
                 {"Ratio", -0.25},
                 {"Big", std::numeric_limits<int64_t>::max()},
                 {"Flags", Value::Array{true, false}},
                 {"Empty", Value::MakeObject()},
                 {"Blob", Value::Bytes(std::string(300, 'b'))},
                 {"Long", std::string(70000, 'l')}});
}

TEST(CborRoundTripTest, EncodeThenDecodeIsIdentity) {
  Value doc = SampleDocument();
  Result<Value> back = DecodeCbor(EncodeCbor(doc));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(*back, doc);
}

TEST(CborMalformedTest, EveryTruncationFails) {
  std::string full = EncodeCbor(SampleDocument());
  ASSERT_TRUE(DecodeCbor(full).ok());
  for (size_t n = 0; n < full.size(); ++n) {
    ExpectMalformed(std::string_view(full).substr(0, n), "truncated at " + std::to_string(n));
    if (::testing::Test::HasFailure()) return;
  }
  for (std::string_view hex :
       {"5f42010243030405ff", "bf61610161629f0203ffff", "c1fb41d452d9ec200000",
        "7f657374726561646d696e67ff", "f97c00", "1b000000e8d4a51000"}) {
    std::string bytes = Hex(hex);
    for (size_t n = 0; n < bytes.size(); ++n) ExpectMalformed(bytes.substr(0, n), hex);
  }
}

TEST(CborMalformedTest, ReservedAndIllegalHeads) {
  for (int major = 0; major < 8; ++major) {
    for (int info = 28; info <= 30; ++info) {
      std::string bytes(1, static_cast<char>(major << 5 | info));
      bytes += std::string(8, '\0');
      ExpectMalformed(bytes, "reserved additional information");
    }
  }
  ExpectMalformed(Hex("1f"), "indefinite unsigned");
  ExpectMalformed(Hex("3f"), "indefinite negative");
  ExpectMalformed(Hex("df00"), "indefinite tag");
  ExpectMalformed(Hex("ff"), "break at the top level");
  ExpectMalformed(Hex("81ff"), "break inside a definite array");
  ExpectMalformed(Hex("f0"), "unassigned simple value");
  ExpectMalformed(Hex("f818"), "one-byte simple value");
  ExpectMalformed(Hex("0000"), "trailing bytes");
  ExpectMalformed("", "empty input");
}

TEST(CborMalformedTest, LengthsPastTheEnd) {
  ExpectMalformed(Hex("5bffffffffffffffff00"), "huge byte string");
  ExpectMalformed(Hex("7affffffff00"), "huge text string");
  ExpectMalformed(Hex("9bffffffffffffffff00"), "huge array");
  ExpectMalformed(Hex("bbffffffffffffffff00"), "huge map");
  ExpectMalformed(Hex("450102"), "string longer than the input");
  ExpectMalformed(Hex("830102"), "array count above the items");
  ExpectMalformed(Hex("a2616101"), "map count above the pairs");
  ExpectMalformed(Hex("5f4201"), "chunk past the end");
}

TEST(CborMalformedTest, WrongTypesInside) {
  ExpectMalformed(Hex("a10102"), "integer map key");
  ExpectMalformed(Hex("a1410102"), "byte-string map key");
  ExpectMalformed(Hex("5f6161ff"), "text chunk in a byte string");
  ExpectMalformed(Hex("7f4161ff"), "byte chunk in a text string");
  ExpectMalformed(Hex("5f5fffff"), "nested indefinite chunk");
  ExpectMalformed(Hex("c16161"), "tag 1 around a string");
  ExpectMalformed(Hex("c1f97c00"), "tag 1 around infinity");
  ExpectMalformed(Hex("c1fb7e37e43c8800759c"), "tag 1 far out of range");
  ExpectMalformed(Hex("62c328"), "bad continuation byte");
  ExpectMalformed(Hex("62c0af"), "overlong encoding");
  ExpectMalformed(Hex("63eda080"), "surrogate");
  ExpectMalformed(Hex("64f4908080"), "past U+10FFFF");
  ExpectMalformed(Hex("61ff"), "invalid lead byte");
}

TEST(CborMalformedTest, DepthAndSizeLimits) {
  std::string deep(100, static_cast<char>(0x81));
  deep.push_back(0);
  ExpectMalformed(deep, "100 nested arrays");
  std::string tags(100, static_cast<char>(0xc0));
  tags.push_back(0);
  ExpectMalformed(tags, "100 nested tags");
  std::string ok(30, static_cast<char>(0x81));
  ok.push_back(0);
  EXPECT_TRUE(DecodeCbor(ok).ok());
  CborLimits limits;
  limits.max_bytes = 4;
  EXPECT_FALSE(DecodeCbor(Hex("4401020304"), limits).ok());
  limits.max_bytes = 5;
  EXPECT_TRUE(DecodeCbor(Hex("4401020304"), limits).ok());
}

// Random inputs and random mutations of a valid document: decoding never crashes (the sanitizer
// build checks memory), and whatever decodes re-encodes to something that decodes the same.
TEST(CborMalformedTest, RandomBytesNeverCrash) {
  std::mt19937 rng(12345);
  int decoded = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string input;
    if (i % 2 == 0) {
      input.resize(rng() % 64);
      for (char& c : input) c = static_cast<char>(rng());
    } else {
      input = EncodeCbor(SampleDocument());
      for (int k = 0; k < 3; ++k) input[rng() % input.size()] = static_cast<char>(rng());
    }
    Result<Value> v = DecodeCbor(input);
    if (!v.ok()) continue;
    ++decoded;
    Result<Value> again = DecodeCbor(EncodeCbor(*v));
    ASSERT_TRUE(again.ok()) << ToHex(input);
    EXPECT_EQ(EncodeCbor(*again), EncodeCbor(*v)) << ToHex(input);
  }
  EXPECT_GT(decoded, 0);
}

TEST(AwsCborCodecTest, ContentTypes) {
  AwsCborCodec codec;
  EXPECT_EQ(codec.content_type(), "application/x-amz-cbor-1.1");
  EXPECT_TRUE(codec.Accepts("application/x-amz-cbor-1.1"));
  EXPECT_FALSE(codec.Accepts("application/x-amz-json-1.1"));
  EXPECT_FALSE(codec.Accepts(""));
  Result<Value> v = codec.Decode(Hex("a16161f5"), 100);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, Object({{"a", true}}));
  EXPECT_FALSE(codec.Decode(Hex("a16161f5"), 3).ok());
}

}  // namespace
}  // namespace millrace::net::aws
