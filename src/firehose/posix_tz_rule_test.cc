#include "firehose/posix_tz_rule.h"

#include <gtest/gtest.h>

namespace millrace::firehose {
namespace {

constexpr int32_t kHour = 3600;

TEST(PosixTzRuleTest, NorthernDaylightSavingBoundaries) {
  auto us = PosixTzRule::Parse("EST5EDT,M3.2.0,M11.1.0");
  ASSERT_TRUE(us.has_value());
  constexpr int64_t kDstStarts = 1710054000;  // 2024-03-10T07:00:00Z (02:00 EST)
  constexpr int64_t kDstEnds = 1730613600;    // 2024-11-03T06:00:00Z (02:00 EDT)
  EXPECT_EQ(us->OffsetSecondsAt(kDstStarts - 1), -5 * kHour);
  EXPECT_EQ(us->OffsetSecondsAt(kDstStarts), -4 * kHour);
  EXPECT_EQ(us->OffsetSecondsAt(kDstEnds - 1), -4 * kHour);
  EXPECT_EQ(us->OffsetSecondsAt(kDstEnds), -5 * kHour);
}

TEST(PosixTzRuleTest, SouthernHemisphere) {
  auto sydney = PosixTzRule::Parse("AEST-10AEDT,M10.1.0,M4.1.0/3");
  ASSERT_TRUE(sydney.has_value());
  constexpr int64_t kDstEnds = 1712419200;                     // 2024-04-06T16:00:00Z (03:00 AEDT)
  constexpr int64_t kDstStarts = 1728144000;                   // 2024-10-05T16:00:00Z (02:00 AEST)
  EXPECT_EQ(sydney->OffsetSecondsAt(1705276800), 11 * kHour);  // January
  EXPECT_EQ(sydney->OffsetSecondsAt(1721001600), 10 * kHour);  // July
  EXPECT_EQ(sydney->OffsetSecondsAt(kDstEnds - 1), 11 * kHour);
  EXPECT_EQ(sydney->OffsetSecondsAt(kDstEnds), 10 * kHour);
  EXPECT_EQ(sydney->OffsetSecondsAt(kDstStarts - 1), 10 * kHour);
  EXPECT_EQ(sydney->OffsetSecondsAt(kDstStarts), 11 * kHour);
}

TEST(PosixTzRuleTest, FixedAndQuotedNames) {
  EXPECT_EQ(PosixTzRule::Parse("JST-9")->OffsetSecondsAt(0), 9 * kHour);
  EXPECT_EQ(PosixTzRule::Parse("<+0530>-5:30")->OffsetSecondsAt(0), 5 * kHour + 30 * 60);
  EXPECT_EQ(PosixTzRule::Parse("<-03>3")->OffsetSecondsAt(0), -3 * kHour);
  EXPECT_EQ(PosixTzRule::Parse("UTC0")->OffsetSecondsAt(0), 0);
}

TEST(PosixTzRuleTest, JulianDayRules) {
  // Daylight time from day 60 (March 1, leap or not) to day 300 (October 27 in any year).
  auto rule = PosixTzRule::Parse("AAA0BBB,J60/0,J300/0");
  ASSERT_TRUE(rule.has_value());
  constexpr int64_t kMarch1_2024 = 1709251200;  // 2024-03-01T00:00:00Z, a leap year
  EXPECT_EQ(rule->OffsetSecondsAt(kMarch1_2024 - 1), 0);
  EXPECT_EQ(rule->OffsetSecondsAt(kMarch1_2024), kHour);
}

TEST(PosixTzRuleTest, RejectsGarbage) {
  for (const char* bad : {"", "E5", "EST", "EST5EDT,M13.1.0,M11.1.0", "EST5EDT,M3.2.0",
                          "EST5EDT,M3.6.0,M11.1.0", "EST5EDT,M3.2.0,M11.1.0 trailing"}) {
    EXPECT_FALSE(PosixTzRule::Parse(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace millrace::firehose
