#include "kinesis/shard_iterator.h"

#include <gtest/gtest.h>

#include <random>

namespace millrace::kinesis {
namespace {

constexpr int64_t kNow = 1'764'065'400'000;  // Tue Nov 25 10:10:00 UTC 2025

std::string Key(char fill) {
  return std::string(ShardIteratorCodec::kKeySize, fill);
}

ShardIteratorPosition Position() {
  return {"orders", 1'764'000'000, 3, 12345, kNow};
}

std::string RandomName(std::mt19937_64& rng, size_t length) {
  static constexpr char kChars[] =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-";
  std::string name;
  for (size_t i = 0; i < length; ++i) name += kChars[rng() % (sizeof(kChars) - 1)];
  return name;
}

TEST(ShardIteratorTest, RoundTrips) {
  ShardIteratorCodec codec(Key('k'));
  std::string token = codec.Encode(Position());
  KinesisResult<ShardIteratorPosition> back = codec.Decode(token, kNow);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, Position());
}

TEST(ShardIteratorTest, RoundTripsRandomPositionsWithinTheModelLimit) {
  ShardIteratorCodec codec(Key('r'));
  std::mt19937_64 rng(5);
  for (int i = 0; i < 2000; ++i) {
    ShardIteratorPosition p;
    p.stream_name = RandomName(rng, 1 + rng() % 128);
    p.stream_epoch = rng() % 10'000'000'000;
    p.shard_index = static_cast<int32_t>(rng() % (uint64_t{INT32_MAX} + 1));
    p.next_offset = static_cast<int64_t>(rng() >> 1);
    p.created_ms = kNow - static_cast<int64_t>(rng() % ShardIteratorCodec::kLifetimeMs);
    std::string token = codec.Encode(p);
    ASSERT_LE(token.size(), 256u);
    KinesisResult<ShardIteratorPosition> back = codec.Decode(token, kNow);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    ASSERT_EQ(*back, p);
  }
}

TEST(ShardIteratorTest, TokensDoNotShowTheirContents) {
  ShardIteratorCodec codec(Key('k'));
  std::string token = codec.Encode(Position());
  EXPECT_EQ(token.find("orders"), std::string::npos);
  EXPECT_NE(codec.Encode(Position()), codec.Encode({"orders", 1'764'000'000, 3, 12346, kNow}));
}

void ExpectInvalid(const ShardIteratorCodec& codec, std::string_view token) {
  KinesisResult<ShardIteratorPosition> r = codec.Decode(token, kNow);
  ASSERT_FALSE(r.ok()) << token;
  EXPECT_EQ(r.status().code(), Errc::kInvalidArgument) << token;
  EXPECT_EQ(r.status().message(), "Invalid ShardIterator.");
}

TEST(ShardIteratorTest, EveryBitFlipIsCaught) {
  ShardIteratorCodec codec(Key('b'));
  std::mt19937_64 rng(9);
  for (int round = 0; round < 8; ++round) {
    ShardIteratorPosition p = Position();
    p.stream_name = RandomName(rng, 1 + rng() % 128);
    p.next_offset = static_cast<int64_t>(rng() >> 2);
    std::string token = codec.Encode(p);
    for (size_t i = 0; i < token.size(); ++i) {
      for (int bit = 0; bit < 8; ++bit) {
        std::string flipped = token;
        flipped[i] = static_cast<char>(flipped[i] ^ (1 << bit));
        ExpectInvalid(codec, flipped);
      }
    }
  }
}

TEST(ShardIteratorTest, EverySubstitutedCharacterIsCaught) {
  ShardIteratorCodec codec(Key('s'));
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";
  std::string token = codec.Encode(Position());
  for (size_t i = 0; i < token.size(); ++i) {
    for (char c : std::string_view(kAlphabet)) {
      if (c == token[i]) continue;
      std::string changed = token;
      changed[i] = c;
      ExpectInvalid(codec, changed);
    }
  }
}

TEST(ShardIteratorTest, TruncatedExtendedAndGarbledTokensAreInvalid) {
  ShardIteratorCodec codec(Key('t'));
  std::string token = codec.Encode(Position());
  for (size_t n = 0; n < token.size(); ++n) ExpectInvalid(codec, token.substr(0, n));
  ExpectInvalid(codec, token + "AAAA");
  ExpectInvalid(codec, "AAAA" + token);
  ExpectInvalid(codec, token.substr(4));
  ExpectInvalid(codec, "not a token");
  ExpectInvalid(codec, std::string(513, 'A'));
  ExpectInvalid(codec, std::string(100, 'A'));
  // A real AWS iterator shape: base64 of 00..01 followed by cipher blocks.
  ExpectInvalid(codec,
                "AAAAAAAAAAGsfbLlQUe8Y3yWbfWpYVSxzQpk2zzE3Mh4Sq1dXTGT7gH+DW8ez+fxuRcQ5bU3opUyGu41"
                "n2B7rZBcKMHNGt+yrEUu9hYj7a6MxXoY5h36h17KbQ7G0gtt/WzJ7tMUk9xgq1nuLd0E");
}

TEST(ShardIteratorTest, TokensOfAnotherKeyAreInvalid) {
  ShardIteratorCodec mine(Key('a'));
  ShardIteratorCodec theirs(Key('c'));
  ExpectInvalid(mine, theirs.Encode(Position()));

  Result<ShardIteratorCodec> r1 = ShardIteratorCodec::WithRandomKey();
  Result<ShardIteratorCodec> r2 = ShardIteratorCodec::WithRandomKey();
  ASSERT_TRUE(r1.ok());
  ASSERT_TRUE(r2.ok());
  std::string token = r1->Encode(Position());
  EXPECT_TRUE(r1->Decode(token, kNow).ok());
  ExpectInvalid(*r2, token);
}

TEST(ShardIteratorTest, ExpiresAfterFiveMinutes) {
  ShardIteratorCodec codec(Key('e'));
  ShardIteratorPosition p = Position();
  p.created_ms = 1'421'889'722'000;  // Thu Jan 22 01:22:02 UTC 2015
  std::string token = codec.Encode(p);
  EXPECT_TRUE(codec.Decode(token, p.created_ms).ok());
  EXPECT_TRUE(codec.Decode(token, p.created_ms + ShardIteratorCodec::kLifetimeMs).ok());
  EXPECT_TRUE(codec.Decode(token, p.created_ms - 1000).ok());  // a clock step back is tolerated

  KinesisResult<ShardIteratorPosition> r =
      codec.Decode(token, p.created_ms + ShardIteratorCodec::kLifetimeMs + 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Errc::kExpiredIterator);
  EXPECT_EQ(r.status().message(),
            "Iterator expired. The iterator was created at time Thu Jan 22 01:22:02 UTC 2015 while "
            "right now it is Thu Jan 22 01:27:02 UTC 2015 which is further in the future than the "
            "tolerated delay of 300000 milliseconds.");
}

TEST(ShardIteratorTest, TamperingBeatsExpiry) {
  // A tampered old token is reported as invalid, not as expired: nothing in it is trusted.
  ShardIteratorCodec codec(Key('x'));
  std::string token = codec.Encode(Position());
  token[10] = token[10] == 'A' ? 'B' : 'A';
  KinesisResult<ShardIteratorPosition> r = codec.Decode(token, kNow + 3'600'000);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Errc::kInvalidArgument);
}

TEST(ShardIteratorTest, FormatsTimesLikeJava) {
  EXPECT_EQ(FormatAmzUtcTime(1'421'889'722'000), "Thu Jan 22 01:22:02 UTC 2015");
  EXPECT_EQ(FormatAmzUtcTime(kNow), "Tue Nov 25 10:10:00 UTC 2025");
  EXPECT_EQ(FormatAmzUtcTime(0), "Thu Jan 01 00:00:00 UTC 1970");
}

}  // namespace
}  // namespace millrace::kinesis
