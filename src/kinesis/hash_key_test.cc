#include "kinesis/hash_key.h"

#include <gtest/gtest.h>

#include <random>

namespace millrace::kinesis {
namespace {

constexpr char kMaxText[] = "340282366920938463463374607431768211455";  // 2^128 - 1

HashKey Random128(std::mt19937_64& rng) {
  return (HashKey{rng()} << 64) | rng();
}

TEST(HashKeyTest, FormatsDecimal) {
  EXPECT_EQ(FormatHashKey(0), "0");
  EXPECT_EQ(FormatHashKey(7), "7");
  EXPECT_EQ(FormatHashKey(HashKey{1} << 64), "18446744073709551616");
  EXPECT_EQ(FormatHashKey(kMaxHashKey), kMaxText);
}

TEST(HashKeyTest, ParsesTheWholeRange) {
  EXPECT_EQ(ParseHashKey("0"), HashKey{0});
  EXPECT_EQ(ParseHashKey("18446744073709551616"), HashKey{1} << 64);
  EXPECT_EQ(ParseHashKey(kMaxText), kMaxHashKey);
}

TEST(HashKeyTest, RejectsAnythingButCanonicalDigits) {
  for (const char* bad : {"", "-1", "+1", " 1", "1 ", "01", "00", "1a", "0x10", "1.0", "1e3",
                          "340282366920938463463374607431768211456",      // 2^128
                          "999999999999999999999999999999999999999",      // 39 nines
                          "1000000000000000000000000000000000000000"}) {  // 40 digits
    EXPECT_FALSE(ParseHashKey(bad).has_value()) << bad;
  }
}

TEST(HashKeyTest, FormatAndParseRoundTrip) {
  std::mt19937_64 rng(42);
  for (int i = 0; i < 5000; ++i) {
    HashKey key = Random128(rng) >> (rng() % 128);
    std::string text = FormatHashKey(key);
    ASSERT_EQ(ParseHashKey(text), key) << text;
  }
}

TEST(HashKeyTest, MemberParsingUsesAwsErrorKinds) {
  EXPECT_EQ(*ParseHashKeyMember("12", "explicitHashKey", "ExplicitHashKey"), HashKey{12});

  KinesisResult<HashKey> pattern = ParseHashKeyMember("012", "explicitHashKey", "ExplicitHashKey");
  ASSERT_FALSE(pattern.ok());
  EXPECT_EQ(pattern.status().code(), Errc::kValidation);
  EXPECT_EQ(pattern.status().message(),
            "1 validation error detected: Value '012' at 'explicitHashKey' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38})");

  KinesisResult<HashKey> range = ParseHashKeyMember("340282366920938463463374607431768211456",
                                                    "explicitHashKey", "ExplicitHashKey");
  ASSERT_FALSE(range.ok());
  EXPECT_EQ(range.status().code(), Errc::kInvalidArgument);
  EXPECT_EQ(range.status().message(),
            "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. "
            "Specified value was 340282366920938463463374607431768211456");
}

// Expected values computed independently (Python hashlib, int.from_bytes(..., "big")).
TEST(HashKeyTest, PartitionKeyHashIsBigEndianMd5) {
  EXPECT_EQ(FormatHashKey(PartitionKeyHash("a")), "16955237001963240173058271559858726497");
  EXPECT_EQ(FormatHashKey(PartitionKeyHash("partitionKey")),
            "193318062818912349798954611745638949166");
  EXPECT_EQ(FormatHashKey(PartitionKeyHash("")), "281949768489412648962353822266799178366");
  EXPECT_EQ(FormatHashKey(PartitionKeyHash("\xc3\xbc")),  // "ü" in UTF-8
            "255482112228542481294366945247899473731");
}

TEST(HashKeyTest, SplitEvenlyMatchesAwsLayout) {
  std::vector<HashKeyRange> one = SplitEvenly(1);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0], (HashKeyRange{0, kMaxHashKey}));

  std::vector<HashKeyRange> two = SplitEvenly(2);
  EXPECT_EQ(FormatHashKey(two[0].end), "170141183460469231731687303715884105727");
  EXPECT_EQ(FormatHashKey(two[1].start), "170141183460469231731687303715884105728");

  std::vector<HashKeyRange> three = SplitEvenly(3);
  EXPECT_EQ(FormatHashKey(three[0].end), "113427455640312821154458202477256070484");
  EXPECT_EQ(FormatHashKey(three[2].start), "226854911280625642308916404954512140970");
  EXPECT_EQ(three[2].end, kMaxHashKey);
}

TEST(HashKeyTest, SplitEvenlyCoversTheSpaceExactlyOnce) {
  for (uint32_t n : {1u, 2u, 3u, 4u, 5u, 7u, 10u, 16u, 25u, 100u, 999u, 1024u, 10000u}) {
    std::vector<HashKeyRange> ranges = SplitEvenly(n);
    ASSERT_EQ(ranges.size(), n);
    EXPECT_EQ(ranges.front().start, HashKey{0});
    EXPECT_EQ(ranges.back().end, kMaxHashKey);
    HashKey width = ranges[0].end - ranges[0].start;
    for (uint32_t i = 0; i < n; ++i) {
      ASSERT_LE(ranges[i].start, ranges[i].end);
      if (i > 0) {
        ASSERT_EQ(ranges[i].start, ranges[i - 1].end + 1) << n << " " << i;
      }
      if (i + 1 < n) {
        ASSERT_EQ(ranges[i].end - ranges[i].start, width);  // all but the last are equal
      }
    }
    // The last range is the widest, by less than n keys.
    EXPECT_GE(ranges.back().end - ranges.back().start, width);
    EXPECT_LT(ranges.back().end - ranges.back().start - width, HashKey{n});
  }
}

TEST(HashKeyTest, RangeContains) {
  HashKeyRange r{10, 20};
  EXPECT_FALSE(r.Contains(9));
  EXPECT_TRUE(r.Contains(10));
  EXPECT_TRUE(r.Contains(20));
  EXPECT_FALSE(r.Contains(21));
}

}  // namespace
}  // namespace millrace::kinesis
