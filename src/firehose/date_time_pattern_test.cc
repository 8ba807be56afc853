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

TEST(DateTimePatternTest, RejectsUnsupportedPatterns) {
  EXPECT_FALSE(DateTimePattern::Compile("yyyy-QQ").ok());       // quarter: unsupported
  EXPECT_FALSE(DateTimePattern::Compile("yyyy[MM]").ok());      // optional sections
  EXPECT_FALSE(DateTimePattern::Compile("'unterminated").ok());
  EXPECT_FALSE(DateTimePattern::Compile("HHH").ok());
  auto bad = DateTimePattern::Compile("yyyy-x");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("'x'"), std::string::npos);
}

TEST(DateTimePatternTest, BeforeTheEpoch) {
  EXPECT_EQ(Format("yyyy-MM-dd HH:mm:ss.SSS", -1), "1969-12-31 23:59:59.999");
}

}  // namespace
}  // namespace millrace::firehose
