#include "parquet/json_time.h"

#include <gtest/gtest.h>

namespace millrace::parquet {
namespace {

TEST(JsonTime, Dates) {
  EXPECT_EQ(ParseDate("1970-01-01"), 0);
  EXPECT_EQ(ParseDate("1969-12-31"), -1);
  EXPECT_EQ(ParseDate("2000-03-01"), 11017);
  EXPECT_EQ(ParseDate("2024-02-29"), 19782);
  EXPECT_EQ(ParseDate("2023-02-29"), std::nullopt);
  EXPECT_EQ(ParseDate("2023-13-01"), std::nullopt);
  EXPECT_EQ(ParseDate("2023-1-01"), std::nullopt);
  EXPECT_EQ(ParseDate("2023-01-01x"), std::nullopt);
  EXPECT_EQ(ParseDate(""), std::nullopt);
}

TEST(JsonTime, Timestamps) {
  EXPECT_EQ(ParseTimestamp("1970-01-01 00:00:01", TimeUnit::kMillis), 1000);
  EXPECT_EQ(ParseTimestamp("1970-01-01T00:00:01.5Z", TimeUnit::kMillis), 1500);
  EXPECT_EQ(ParseTimestamp("1970-01-01T00:00:01.123456789", TimeUnit::kMicros), 1123456);
  EXPECT_EQ(ParseTimestamp("2024-02-29 12:00:00", TimeUnit::kMicros), 1709208000000000);
  EXPECT_EQ(ParseTimestamp("2024-02-29T14:30:00+02:30", TimeUnit::kMillis), 1709208000000);
  EXPECT_EQ(ParseTimestamp("2024-02-29T10:30:00-02:00", TimeUnit::kMillis),
            1709208000000 + 1800000);
  EXPECT_EQ(ParseTimestamp("1969-12-31 23:59:59.999", TimeUnit::kMillis), -1);
  EXPECT_EQ(ParseTimestamp("2024-02-29", TimeUnit::kMillis), 1709164800000);
  EXPECT_EQ(ParseTimestamp("2024-02-29 25:00:00", TimeUnit::kMillis), std::nullopt);
  EXPECT_EQ(ParseTimestamp("2024-02-29 12:00", TimeUnit::kMillis), std::nullopt);
  EXPECT_EQ(ParseTimestamp("2024-02-29 12:00:00.", TimeUnit::kMillis), std::nullopt);
  EXPECT_EQ(ParseTimestamp("yesterday", TimeUnit::kMillis), std::nullopt);
}

// "yyyy-mm-dd hh:mm:ss" has a fixed-layout fast path: it must reject what the general parser
// rejects and read what it reads.
TEST(JsonTime, FixedLayoutTimestamps) {
  EXPECT_EQ(ParseTimestamp("2023-11-14 22:13:20.001", TimeUnit::kMillis), 1700000000001);
  EXPECT_EQ(ParseTimestamp("2023-11-14T22:13:20Z", TimeUnit::kMillis), 1700000000000);
  EXPECT_EQ(ParseTimestamp("0000-01-01 00:00:00", TimeUnit::kMillis), -62167219200000);
  EXPECT_EQ(ParseTimestamp("2000-02-29 00:00:60", TimeUnit::kMillis), 951782460000);
  for (const char* bad : {"2023-02-29 00:00:00", "2023-04-31 00:00:00", "2023-00-10 00:00:00",
                          "2023-13-10 00:00:00", "2023-01-00 00:00:00", "2023-01-01 24:00:00",
                          "2023-01-01 00:60:00", "2023-01-01 00:00:61", "2023-01-01x00:00:00",
                          "2023-01-01 00-00:00", "+023-01-01 00:00:00", "2023-0a-01 00:00:00",
                          "2023-01-01 00:00:00 ", "1900-02-29 00:00:00"}) {
    EXPECT_EQ(ParseTimestamp(bad, TimeUnit::kMillis), std::nullopt) << bad;
  }
  // The last date is remembered: the same date text again, then another, then the first.
  EXPECT_EQ(ParseTimestamp("2024-03-01 00:00:01", TimeUnit::kMillis), 1709251201000);
  EXPECT_EQ(ParseTimestamp("2024-03-01 00:00:02", TimeUnit::kMillis), 1709251202000);
  EXPECT_EQ(ParseTimestamp("2024-03-01 25:00:02", TimeUnit::kMillis), std::nullopt);
  EXPECT_EQ(ParseTimestamp("2024-03-02 00:00:00", TimeUnit::kMillis), 1709337600000);
  EXPECT_EQ(ParseTimestamp("2024-03-01T00:00:03Z", TimeUnit::kMillis), 1709251203000);
  EXPECT_EQ(ParseTimestamp("2023-02-29 00:00:00", TimeUnit::kMillis), std::nullopt);
  EXPECT_EQ(ParseTimestamp("2024-03-01 00:00:04", TimeUnit::kMillis), 1709251204000);
}

}  // namespace
}  // namespace millrace::parquet
