#include "parquet/decimal.h"

#include <gtest/gtest.h>

#include <random>

#include "parquet/file_reader.h"
#include "parquet/file_writer.h"
#include "parquet/statistics.h"
#include "parquet/test_util.h"

namespace millrace::parquet {
namespace {

Int128 Parse(std::string_view text, int32_t p, int32_t s) {
  auto r = ParseDecimal(text, p, s);
  EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
  return r.ok() ? *r : 0;
}

TEST(Decimal, ParsesTextAtScale) {
  EXPECT_EQ(Parse("12.5", 10, 2), 1250);
  EXPECT_EQ(Parse("-0.01", 10, 2), -1);
  EXPECT_EQ(Parse("+7", 5, 0), 7);
  EXPECT_EQ(Parse("1e3", 10, 2), 100000);
  EXPECT_EQ(Parse("1.50000", 10, 2), 150);  // trailing zeros are exact
  EXPECT_EQ(Parse("0.000", 3, 3), 0);
  Int128 big = Parse("99999999999999999999999999999999999999", 38, 0);
  EXPECT_EQ(DecimalToString(big, 0), "99999999999999999999999999999999999999");
}

TEST(Decimal, RejectsWhatDoesNotFit) {
  EXPECT_FALSE(ParseDecimal("1.234", 10, 2).ok());  // would round
  EXPECT_FALSE(ParseDecimal("123456", 5, 0).ok());  // too many digits
  EXPECT_FALSE(ParseDecimal("12a", 5, 0).ok());
  EXPECT_FALSE(ParseDecimal("", 5, 0).ok());
  EXPECT_FALSE(ParseDecimal("1e", 5, 0).ok());
  EXPECT_FALSE(ParseDecimal("1", 39, 0).ok());
}

// Plain short text takes a fast path; an "e0" suffix sends the same number through the general
// parser. Both must agree on every value and on every rejection.
TEST(Decimal, ShortTextAgreesWithTheGeneralParser) {
  std::mt19937_64 rng(7);
  const char* kDigits = "0123456789";
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    if (rng() % 3 == 0) text += rng() % 2 ? '-' : '+';
    const int length = static_cast<int>(rng() % 22);
    const int point = rng() % 2 ? static_cast<int>(rng() % (length + 1)) : -1;
    for (int d = 0; d < length; ++d) {
      if (d == point) text += '.';
      // Zeros are common so that leading and trailing zeros get exercised.
      text += rng() % 3 == 0 ? '0' : kDigits[rng() % 10];
    }
    if (point == length) text += '.';
    const int32_t precision = 1 + static_cast<int32_t>(rng() % 38);
    const int32_t scale = static_cast<int32_t>(rng() % (precision + 1));
    auto fast = ParseDecimal(text, precision, scale);
    auto general = ParseDecimal(text + "e0", precision, scale);
    ASSERT_EQ(fast.ok(), general.ok()) << text << " (" << precision << ", " << scale << ")";
    if (fast.ok()) {
      ASSERT_TRUE(*fast == *general) << text << " (" << precision << ", " << scale << ")";
    }
  }
}

TEST(Decimal, BigEndianBytesRoundTrip) {
  for (Int128 v : {Int128{0}, Int128{1}, Int128{-1}, Int128{255}, Int128{-256},
                   Parse("-12345678901234567890123456789", 38, 0)}) {
    std::string bytes = DecimalToBigEndian(v, 16);
    EXPECT_EQ(DecimalFromBigEndian(bytes), v);
    EXPECT_EQ(DecimalFromBigEndian(DecimalToBigEndian(v, 13)), v);
  }
  EXPECT_EQ(DecimalToBigEndian(-2, 2), std::string("\xff\xfe", 2));
  EXPECT_EQ(DecimalToString(-1250, 2), "-12.50");
  EXPECT_EQ(DecimalToString(5, 3), "0.005");
}

TEST(Decimal, WideDecimalColumnRoundTripsWithStatistics) {
  auto schema = Schema::Make({schema::Decimal("amount", 38, 6)});
  ASSERT_TRUE(schema.ok());
  const SchemaNode& leaf = schema->columns()[0];
  std::vector<std::string> texts = {"-5.25", "123456789012345678901234567890.5", "0", "-0.000001"};
  std::vector<Value> rows;
  for (const auto& t : texts) {
    rows.push_back(
        Value::Struct({Value::Bytes(DecimalToBigEndian(Parse(t, 38, 6), leaf.type_length))}));
  }
  auto bytes = testing::WriteToString(*schema, rows, WriterOptions{});
  ASSERT_TRUE(bytes.ok());
  StringSource source(*bytes);
  ASSERT_TRUE(VerifyFile(source).ok());
  auto reader = FileReader::Open(&source);
  ASSERT_TRUE(reader.ok());
  const Statistics& stats = *(*reader)->metadata().row_groups[0].columns[0].meta_data->statistics;
  auto lo = StatisticValue((*reader)->schema().columns()[0], *stats.min_value);
  auto hi = StatisticValue((*reader)->schema().columns()[0], *stats.max_value);
  ASSERT_TRUE(lo && hi);
  EXPECT_EQ(DecimalToString(DecimalFromBigEndian(lo->bytes()), 6), "-5.250000");
  EXPECT_EQ(DecimalToString(DecimalFromBigEndian(hi->bytes()), 6),
            "123456789012345678901234567890.500000");
  auto back = (*reader)->ReadAll();
  ASSERT_TRUE(back.ok());
  testing::ExpectSameRows(rows, *back);
}

TEST(Statistics, ValuesDecodeFromBytes) {
  auto schema = Schema::Make({schema::Int64("n"), schema::Float("f"), schema::Boolean("b")});
  ASSERT_TRUE(schema.ok());
  const auto& cols = schema->columns();
  EXPECT_EQ(StatisticValue(cols[0], StatisticBytes(cols[0], Value::Int64(-9))), Value::Int64(-9));
  EXPECT_EQ(StatisticValue(cols[1], StatisticBytes(cols[1], Value::Float(2.5f))),
            Value::Float(2.5f));
  EXPECT_EQ(StatisticValue(cols[2], std::string(1, '\1')), Value::Bool(true));
  EXPECT_FALSE(StatisticValue(cols[0], "abc").has_value());
}

}  // namespace
}  // namespace millrace::parquet
