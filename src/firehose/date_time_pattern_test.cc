#include "firehose/date_time_pattern.h"

#include <gtest/gtest.h>

namespace millrace::firehose {
namespace {

constexpr int64_t kAug27 = 1535365815123;  // 2018-08-27T10:30:15.123Z, a Monday

std::string Format(std::string_view pattern, int64_t millis = kAug27, int32_t offset = 0) {
  auto compiled = DateTimePattern::Compile(pattern);
  EXPECT_TRUE(compiled.ok()) << compiled.status().ToString();
  std::string out;
  compiled->Format(millis, offset, out);
  return out;
}

TEST(DateTimePatternTest, NumericFields) {
  EXPECT_EQ(Format("yyyy/MM/dd/HH/"), "2018/08/27/10/");
  EXPECT_EQ(Format("yy-M-d H:m:s"), "18-8-27 10:30:15");
  EXPECT_EQ(Format("HH:mm:ss.SSS"), "10:30:15.123");
  EXPECT_EQ(Format("S"), "1");
  EXPECT_EQ(Format("SSSSSS"), "123000");
  EXPECT_EQ(Format("uuuu DDD"), "2018 239");
  EXPECT_EQ(Format("hh a"), "10 AM");
}

TEST(DateTimePatternTest, TextFields) {
  EXPECT_EQ(Format("EEE MMM"), "Mon Aug");
  EXPECT_EQ(Format("EEEE MMMM"), "Monday August");
}

TEST(DateTimePatternTest, QuotedLiteralsAndPunctuation) {
  EXPECT_EQ(Format("yyyy'-'MM'-'dd"), "2018-08-27");
  EXPECT_EQ(Format("'year='yyyy/'month='MM"), "year=2018/month=08");
  EXPECT_EQ(Format("''yyyy''"), "'2018'");
  EXPECT_EQ(Format("'it''s' yy"), "it's 18");
  EXPECT_EQ(Format("_/-.:=,"), "_/-.:=,");
}

TEST(DateTimePatternTest, OffsetShiftsTheLocalTime) {
  EXPECT_EQ(Format("yyyy-MM-dd HH", kAug27, 14 * 3600), "2018-08-28 00");
  EXPECT_EQ(Format("yyyy-MM-dd HH:mm", kAug27, -(10 * 3600 + 45 * 60)), "2018-08-26 23:45");
}

TEST(DateTimePatternTest, MoreJavaLetters) {
  EXPECT_EQ(Format("G yyyy QQ q"), "AD 2018 03 3");
  EXPECT_EQ(Format("k K", 1535328000000), "24 0");  // 2018-08-27T00:00:00Z
  EXPECT_EQ(Format("LLL"), "Aug");
  EXPECT_EQ(Format("Z X XX XXX x", kAug27, 9 * 3600), "+0900 +09 +0900 +09:00 +09");
  EXPECT_EQ(Format("XXX xxx", kAug27, 0), "Z +00:00");
  EXPECT_EQ(Format("XXX", kAug27, -(5 * 3600 + 30 * 60)), "-05:30");
}

TEST(DateTimePatternTest, WeekBasedYear) {
  // 2018-12-30 is a Sunday: that week holds 2019-01-01, so its week-based year is 2019.
  EXPECT_EQ(Format("YYYY yyyy", 1546171200000), "2019 2018");  // 2018-12-30T12:00Z
  EXPECT_EQ(Format("YYYY yyyy", 1546084800000), "2018 2018");  // 2018-12-29T12:00Z, Saturday
  EXPECT_EQ(Format("YYYY/MM/dd"), "2018/08/27");
  EXPECT_EQ(Format("YY"), "18");
}

TEST(DateTimePatternTest, RejectsUnsupportedPatterns) {
  EXPECT_FALSE(DateTimePattern::Compile("yyyy-w").ok());    // week of year: unsupported
  EXPECT_FALSE(DateTimePattern::Compile("yyyy[MM]").ok());  // optional sections
  EXPECT_FALSE(DateTimePattern::Compile("'unterminated").ok());
  EXPECT_FALSE(DateTimePattern::Compile("HHH").ok());
  auto bad = DateTimePattern::Compile("yyyy-n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("'n'"), std::string::npos);
}

TEST(DateTimePatternTest, BeforeTheEpoch) {
  EXPECT_EQ(Format("yyyy-MM-dd HH:mm:ss.SSS", -1), "1969-12-31 23:59:59.999");
}

}  // namespace
}  // namespace millrace::firehose
