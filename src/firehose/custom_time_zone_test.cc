#include "firehose/custom_time_zone.h"

#include <gtest/gtest.h>

namespace millrace::firehose {
namespace {

constexpr int64_t kJuly2024 = 1719835200000;    // 2024-07-01T12:00:00Z
constexpr int64_t kJanuary2024 = 1705320000000;  // 2024-01-15T12:00:00Z

TEST(CustomTimeZoneTest, UtcNames) {
  for (const char* name : {"", "UTC", "Etc/UTC", "GMT"}) {
    auto zone = CustomTimeZone::Parse(name);
    ASSERT_TRUE(zone.ok()) << name;
    EXPECT_TRUE(zone->is_utc());
    EXPECT_EQ(zone->OffsetSecondsAt(kJuly2024), 0);
  }
}

TEST(CustomTimeZoneTest, FixedOffsets) {
  EXPECT_EQ(CustomTimeZone::Parse("+09:00")->OffsetSecondsAt(0), 9 * 3600);
  EXPECT_EQ(CustomTimeZone::Parse("-0530")->OffsetSecondsAt(0), -(5 * 3600 + 30 * 60));
  EXPECT_EQ(CustomTimeZone::Parse("UTC+2")->OffsetSecondsAt(0), 2 * 3600);
  EXPECT_EQ(CustomTimeZone::Parse("UTC-05:30")->OffsetSecondsAt(0), -(5 * 3600 + 30 * 60));
  EXPECT_FALSE(CustomTimeZone::Parse("+19:00").ok());
  EXPECT_FALSE(CustomTimeZone::Parse("+09:7").ok());
}

TEST(CustomTimeZoneTest, IanaZonesFollowDaylightSaving) {
  auto berlin = CustomTimeZone::Parse("Europe/Berlin");
  ASSERT_TRUE(berlin.ok()) << berlin.status().ToString();
  EXPECT_EQ(berlin->OffsetSecondsAt(kJuly2024), 2 * 3600);
  EXPECT_EQ(berlin->OffsetSecondsAt(kJanuary2024), 1 * 3600);
  auto tokyo = CustomTimeZone::Parse("Asia/Tokyo");
  ASSERT_TRUE(tokyo.ok());
  EXPECT_EQ(tokyo->OffsetSecondsAt(kJuly2024), 9 * 3600);
  EXPECT_EQ(tokyo->name(), "Asia/Tokyo");
  auto new_york = CustomTimeZone::Parse("America/New_York");
  ASSERT_TRUE(new_york.ok());
  EXPECT_EQ(new_york->OffsetSecondsAt(kJanuary2024), -5 * 3600);
  EXPECT_EQ(new_york->OffsetSecondsAt(kJuly2024), -4 * 3600);
}

TEST(CustomTimeZoneTest, RejectsUnknownAndUnsafeNames) {
  auto unknown = CustomTimeZone::Parse("Mars/Olympus_Mons");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(unknown.status().message().find("Mars/Olympus_Mons"), std::string::npos);
  EXPECT_FALSE(CustomTimeZone::Parse("../../etc/passwd").ok());
  EXPECT_FALSE(CustomTimeZone::Parse("/etc/passwd").ok());
  EXPECT_FALSE(CustomTimeZone::Parse("Europe/Berlin", "/nonexistent").ok());
}

}  // namespace
}  // namespace millrace::firehose
