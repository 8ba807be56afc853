#include "kinesis/sequence_number.h"

#include <gtest/gtest.h>

#include <random>

#include "kinesis/shard_id.h"

namespace millrace::kinesis {
namespace {

constexpr uint64_t kEpoch = 1'764'000'000;  // a creation time in late 2025

SequencePosition RandomPosition(std::mt19937_64& rng) {
  return SequencePosition{rng() % (kMaxStreamEpoch + 1),
                          static_cast<int32_t>(rng() % (uint64_t{kMaxShardIndex} + 1)),
                          static_cast<int64_t>(rng() >> (1 + rng() % 63))};
}

// Compares two canonical decimal strings as integers.
int CompareDecimal(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
}

TEST(SequenceNumberTest, LayoutIsFixedWidthDecimal) {
  EXPECT_EQ(EncodeSequenceNumber({kEpoch, 3, 17}), "1176400000000000000030000000000000000017");
  EXPECT_EQ(EncodeSequenceNumber({0, 0, 0}), "1000000000000000000000000000000000000000");
  EXPECT_EQ(EncodeSequenceNumber({kMaxStreamEpoch, kMaxShardIndex, INT64_MAX}),
            "1999999999921474836479223372036854775807");
}

TEST(SequenceNumberTest, RoundTripsRandomPositions) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 20000; ++i) {
    SequencePosition p = RandomPosition(rng);
    std::string text = EncodeSequenceNumber(p);
    ASSERT_EQ(text.size(), kSequenceNumberDigits);
    ASSERT_NE(text[0], '0');
    std::optional<SequencePosition> back = DecodeSequenceNumber(text);
    ASSERT_TRUE(back.has_value()) << text;
    ASSERT_EQ(*back, p) << text;
  }
}

TEST(SequenceNumberTest, OrderFollowsOffsetWithinAShard) {
  std::mt19937_64 rng(11);
  for (int i = 0; i < 20000; ++i) {
    SequencePosition a = RandomPosition(rng);
    SequencePosition b = a;
    b.offset = static_cast<int64_t>(rng() >> (1 + rng() % 63));
    std::string sa = EncodeSequenceNumber(a), sb = EncodeSequenceNumber(b);
    int expected = a.offset < b.offset ? -1 : (a.offset == b.offset ? 0 : 1);
    ASSERT_EQ(CompareDecimal(sa, sb), expected) << sa << " " << sb;
    ASSERT_EQ(sa.compare(sb) < 0, expected < 0);  // plain string order agrees
  }
}

TEST(SequenceNumberTest, ConsecutiveOffsetsIncreaseStrictly) {
  std::string previous = EncodeSequenceNumber({kEpoch, 5, 0});
  for (int64_t offset = 1; offset < 5000; ++offset) {
    std::string next = EncodeSequenceNumber({kEpoch, 5, offset});
    ASSERT_LT(CompareDecimal(previous, next), 0);
    previous = next;
  }
}

TEST(SequenceNumberTest, HigherShardsOfAStreamSortAfterLowerOnes) {
  std::mt19937_64 rng(3);
  for (int i = 0; i < 1000; ++i) {
    int32_t s = static_cast<int32_t>(rng() % 1000);
    std::string low = EncodeSequenceNumber({kEpoch, s, INT64_MAX});
    std::string high = EncodeSequenceNumber({kEpoch, s + 1, 0});
    ASSERT_LT(CompareDecimal(low, high), 0);
  }
}

TEST(SequenceNumberTest, DecodeRejectsForeignText) {
  std::string good = EncodeSequenceNumber({kEpoch, 1, 2});
  EXPECT_TRUE(DecodeSequenceNumber(good).has_value());
  EXPECT_FALSE(DecodeSequenceNumber("").has_value());
  EXPECT_FALSE(DecodeSequenceNumber("0").has_value());
  EXPECT_FALSE(DecodeSequenceNumber(good.substr(1)).has_value());
  EXPECT_FALSE(DecodeSequenceNumber(good + "0").has_value());
  // An AWS number (version 2 layout, 56 digits) is not ours.
  EXPECT_FALSE(
      DecodeSequenceNumber("49590338271490256608559692538361571095921575989136588898").has_value());
  std::string version = good;
  version[0] = '2';
  EXPECT_FALSE(DecodeSequenceNumber(version).has_value());
  std::string letter = good;
  letter[20] = 'x';
  EXPECT_FALSE(DecodeSequenceNumber(letter).has_value());
  // Shard field above 2^31-1, offset field above 2^63-1.
  EXPECT_FALSE(DecodeSequenceNumber("1176400000021474836480000000000000000000").has_value());
  EXPECT_FALSE(DecodeSequenceNumber("1176400000000000000009223372036854775808").has_value());
}

TEST(SequenceNumberTest, EveryDigitChangeDecodesDifferentlyOrNotAtAll) {
  std::string good = EncodeSequenceNumber({kEpoch, 12, 123456789});
  SequencePosition original = *DecodeSequenceNumber(good);
  for (size_t i = 0; i < good.size(); ++i) {
    for (char c = '0'; c <= '9'; ++c) {
      if (c == good[i]) continue;
      std::string changed = good;
      changed[i] = c;
      std::optional<SequencePosition> p = DecodeSequenceNumber(changed);
      if (p) {
        ASSERT_NE(*p, original) << changed;
      }
    }
  }
}

SequenceNumberContext Context() {
  return {"StartingSequenceNumber", "startingSequenceNumber", "GetShardIterator", "orders",
          "000000000000"};
}

TEST(SequenceNumberTest, ResolveReturnsTheOffset) {
  std::string text = EncodeSequenceNumber({kEpoch, 4, 99});
  KinesisResult<int64_t> offset = ResolveSequenceNumber(text, kEpoch, 4, Context());
  ASSERT_TRUE(offset.ok()) << offset.status().ToString();
  EXPECT_EQ(*offset, 99);
}

TEST(SequenceNumberTest, ResolveRejectsPatternViolationsAsValidation) {
  for (const char* bad : {"", "01", "-5", "12a", "1.5"}) {
    KinesisResult<int64_t> r = ResolveSequenceNumber(bad, kEpoch, 0, Context());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Errc::kValidation) << bad;
  }
  KinesisResult<int64_t> r = ResolveSequenceNumber("01", kEpoch, 0, Context());
  EXPECT_EQ(r.status().message(),
            "1 validation error detected: Value '01' at 'startingSequenceNumber' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: 0|([1-9]\\d{0,128})");
  std::string too_long(130, '1');
  EXPECT_EQ(ResolveSequenceNumber(too_long, kEpoch, 0, Context()).status().code(),
            Errc::kValidation);
}

TEST(SequenceNumberTest, ResolveRejectsNumbersThatAreNotOurs) {
  KinesisResult<int64_t> r = ResolveSequenceNumber("12345", kEpoch, 2, Context());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Errc::kInvalidArgument);
  EXPECT_EQ(r.status().message(),
            "StartingSequenceNumber 12345 used in GetShardIterator on shard shardId-000000000002 "
            "in stream orders under account 000000000000 is invalid.");
}

TEST(SequenceNumberTest, ResolveRejectsAnotherShardsNumber) {
  std::string text = EncodeSequenceNumber({kEpoch, 1, 0});
  KinesisResult<int64_t> r = ResolveSequenceNumber(text, kEpoch, 2, Context());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Errc::kInvalidArgument);
  EXPECT_EQ(r.status().message(),
            "Invalid StartingSequenceNumber. It encodes shardId-000000000001, while it was used in "
            "a call to a shard with shardId-000000000002");
}

TEST(SequenceNumberTest, ResolveRejectsANumberOfAnEarlierStreamOfTheSameName) {
  std::string text = EncodeSequenceNumber({kEpoch - 60, 0, 5});
  KinesisResult<int64_t> r = ResolveSequenceNumber(text, kEpoch, 0, Context());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Errc::kInvalidArgument);
  EXPECT_EQ(r.status().message(),
            "StartingSequenceNumber " + text +
                " used in GetShardIterator on shard shardId-000000000000 in stream orders under "
                "account 000000000000 is invalid because it did not come from this stream.");
}

TEST(SequenceNumberTest, SequenceNumberForOrdering) {
  EXPECT_TRUE(CheckSequenceNumberForOrdering(EncodeSequenceNumber({kEpoch, 7, 3}), kEpoch, "orders",
                                             "000000000000")
                  .ok());
  KinesisStatus pattern = CheckSequenceNumberForOrdering("x1", kEpoch, "orders", "000000000000");
  EXPECT_EQ(pattern.code(), Errc::kValidation);
  EXPECT_NE(pattern.message().find("at 'sequenceNumberForOrdering'"), std::string::npos);
  KinesisStatus foreign = CheckSequenceNumberForOrdering("123", kEpoch, "orders", "000000000000");
  EXPECT_EQ(foreign.code(), Errc::kInvalidArgument);
  EXPECT_EQ(foreign.message(),
            "ExclusiveMinimumSequenceNumber 123 used in PutRecord on stream orders under account "
            "000000000000 is invalid.");
  EXPECT_EQ(CheckSequenceNumberForOrdering(EncodeSequenceNumber({kEpoch + 1, 0, 0}), kEpoch,
                                           "orders", "000000000000")
                .code(),
            Errc::kInvalidArgument);
}

}  // namespace
}  // namespace millrace::kinesis
