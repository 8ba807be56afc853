#include "firehose/custom_time_zone.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace millrace::firehose {
namespace {

constexpr int64_t kJuly2024 = 1719835200000;     // 2024-07-01T12:00:00Z
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

TEST(CustomTimeZoneTest, FooterRuleAppliesAfterTheLastTransition) {
  auto berlin = CustomTimeZone::Parse("Europe/Berlin");
  ASSERT_TRUE(berlin.ok());
  EXPECT_EQ(berlin->OffsetSecondsAt(2540289600000), 2 * 3600);  // 2050-07-01T12:00:00Z
  EXPECT_EQ(berlin->OffsetSecondsAt(2525860800000), 1 * 3600);  // 2050-01-15T12:00:00Z
}

// A "slim" zone file, written here: no transitions at all, only the POSIX TZ footer.
TEST(CustomTimeZoneTest, SlimZoneFileUsesItsFooter) {
  auto be32 = [](std::string& out, uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(v >> shift));
  };
  auto block = [&](std::string& out) {
    out += "TZif2";
    out.append(15, '\0');
    for (uint32_t count : {0u, 0u, 0u, 0u, 1u, 4u}) be32(out, count);  // one type, "EST\0"
    be32(out, static_cast<uint32_t>(-18000));
    out.push_back('\0');  // isdst
    out.push_back('\0');  // abbreviation index
    out.append("EST", 4);
  };
  std::string file;
  block(file);
  block(file);
  file += "\nEST5EDT,M3.2.0,M11.1.0\n";
  const auto dir =
      std::filesystem::temp_directory_path() / ("millrace-zoneinfo-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir / "Test");
  std::ofstream(dir / "Test" / "Slim", std::ios::binary) << file;
  auto zone = CustomTimeZone::Parse("Test/Slim", dir.string());
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(zone.ok()) << zone.status().ToString();
  EXPECT_EQ(zone->OffsetSecondsAt(kJanuary2024), -5 * 3600);
  EXPECT_EQ(zone->OffsetSecondsAt(kJuly2024), -4 * 3600);
  EXPECT_FALSE(zone->is_utc());
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
