#include "catalog/partition_filter.h"

#include <gtest/gtest.h>

namespace millrace::catalog {
namespace {

std::vector<PartitionKey> Keys() {
  return {{"year", *ParseHiveType("int")},
          {"region", *ParseHiveType("string")},
          {"dt", *ParseHiveType("date")},
          {"score", *ParseHiveType("decimal(5,2)")}};
}

// Whether a partition (year, region, dt, score) passes `expression`.
bool Match(std::string_view expression, std::vector<std::string> values) {
  Result<PartitionFilter> f = PartitionFilter::Parse(expression, Keys());
  EXPECT_TRUE(f.ok()) << expression << ": " << f.status().ToString();
  return f.ok() && f->Matches(values);
}

const std::vector<std::string> kP = {"2024", "eu-west", "2024-03-05", "7.50"};

TEST(PartitionFilterTest, EmptyExpressionMatchesEverything) {
  EXPECT_TRUE(Match("", kP));
  EXPECT_TRUE(Match("   ", kP));
}

TEST(PartitionFilterTest, ComparisonsOnStringKeys) {
  EXPECT_TRUE(Match("region = 'eu-west'", kP));
  EXPECT_FALSE(Match("region = 'eu'", kP));
  EXPECT_TRUE(Match("region <> 'eu'", kP));
  EXPECT_TRUE(Match("region != 'eu'", kP));
  EXPECT_TRUE(Match("region > 'eu'", kP));
  EXPECT_TRUE(Match("region >= 'eu-west'", kP));
  EXPECT_FALSE(Match("region < 'eu-west'", kP));
  EXPECT_TRUE(Match("region <= 'eu-west'", kP));
  EXPECT_TRUE(Match("REGION = \"eu-west\"", kP));
  EXPECT_TRUE(Match("`region` = 'eu-west'", kP));
}

TEST(PartitionFilterTest, IntegerKeysCompareNumerically) {
  // As strings "9" > "10"; typed by the key, 9 < 10.
  std::vector<std::string> p = {"9", "x", "2024-01-01", "1"};
  EXPECT_TRUE(Match("year < 10", p));
  EXPECT_FALSE(Match("year > 10", p));
  EXPECT_TRUE(Match("year < '10'", p));  // quoted numbers are numbers for int keys
  EXPECT_TRUE(Match("year = 9.0", p));
  EXPECT_TRUE(Match("year = 09", p));
  EXPECT_TRUE(Match("year > -3", p));
  EXPECT_TRUE(Match("year BETWEEN 8 AND 10", p));
  EXPECT_TRUE(Match("year IN (1, 9, 100)", p));
  EXPECT_FALSE(Match("year IN (90, 900)", p));
  // The same comparison on a string key is lexicographic.
  std::vector<PartitionKey> string_keys = {{"year", *ParseHiveType("string")}};
  Result<PartitionFilter> f = PartitionFilter::Parse("year < '10'", string_keys);
  ASSERT_TRUE(f.ok());
  EXPECT_FALSE(f->Matches({"9"}));
}

TEST(PartitionFilterTest, DecimalKeysCompareNumerically) {
  EXPECT_TRUE(Match("score = 7.5", kP));
  EXPECT_TRUE(Match("score > 7.49", kP));
  EXPECT_FALSE(Match("score > 10", kP));
}

TEST(PartitionFilterTest, DateKeysCompareAsIsoStrings) {
  EXPECT_TRUE(Match("dt >= '2024-03-01' AND dt < '2024-04-01'", kP));
  EXPECT_TRUE(Match("dt = DATE '2024-03-05'", kP));
  EXPECT_FALSE(Match("dt BETWEEN '2024-01-01' AND '2024-02-29'", kP));
}

TEST(PartitionFilterTest, LiteralOnTheLeftFlipsTheComparison) {
  EXPECT_TRUE(Match("2000 < year", kP));
  EXPECT_FALSE(Match("2030 <= year", kP));
  EXPECT_TRUE(Match("'eu-west' = region", kP));
}

TEST(PartitionFilterTest, BooleanOperatorsAndPrecedence) {
  // AND binds tighter than OR.
  EXPECT_TRUE(Match("region = 'x' AND year = 1 OR year = 2024", kP));
  EXPECT_FALSE(Match("region = 'x' AND (year = 1 OR year = 2024)", kP));
  EXPECT_TRUE(Match("NOT region = 'x'", kP));
  EXPECT_FALSE(Match("NOT (region = 'eu-west' OR year = 1)", kP));
  EXPECT_TRUE(Match("not not year = 2024", kP));
  EXPECT_TRUE(Match("((year = 2024))", kP));
  EXPECT_TRUE(Match("year = 2024 and region = 'eu-west' and dt = '2024-03-05'", kP));
}

TEST(PartitionFilterTest, NegatedPredicates) {
  EXPECT_TRUE(Match("year NOT BETWEEN 2000 AND 2010", kP));
  EXPECT_FALSE(Match("year NOT IN (2024)", kP));
  EXPECT_TRUE(Match("region NOT LIKE 'us%'", kP));
  EXPECT_TRUE(Match("region IS NOT NULL", kP));
  EXPECT_FALSE(Match("region IS NULL", kP));
}

TEST(PartitionFilterTest, InAndBetweenOnStrings) {
  EXPECT_TRUE(Match("region IN ('us-east', 'eu-west')", kP));
  EXPECT_FALSE(Match("region IN ('us-east')", kP));
  EXPECT_TRUE(Match("region BETWEEN 'eu' AND 'ev'", kP));
}

TEST(PartitionFilterTest, Like) {
  EXPECT_TRUE(Match("region LIKE 'eu-%'", kP));
  EXPECT_TRUE(Match("region LIKE '%west'", kP));
  EXPECT_TRUE(Match("region LIKE 'eu_west'", kP));
  EXPECT_FALSE(Match("region LIKE 'eu_'", kP));
  EXPECT_TRUE(LikeMatches("", "%"));
  EXPECT_TRUE(LikeMatches("abc", "a%c"));
  EXPECT_TRUE(LikeMatches("abcbc", "a%bc"));
  EXPECT_FALSE(LikeMatches("abcbd", "a%bc"));
  EXPECT_TRUE(LikeMatches("a%b", "a%%b"));
  EXPECT_FALSE(LikeMatches("ab", "a_b"));
  EXPECT_TRUE(LikeMatches("axxb", "a__b"));
  EXPECT_FALSE(LikeMatches("abc", "ABC"));
}

TEST(PartitionFilterTest, EscapedQuotesInLiterals) {
  std::vector<PartitionKey> keys = {{"name", *ParseHiveType("string")}};
  Result<PartitionFilter> f = PartitionFilter::Parse("name = 'it''s'", keys);
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_TRUE(f->Matches({"it's"}));
}

TEST(PartitionFilterTest, NonNumericValueOfNumericKeyMatchesNoComparison) {
  std::vector<std::string> p = {"unknown", "x", "2024-01-01", "1"};
  EXPECT_FALSE(Match("year = 1", p));
  EXPECT_FALSE(Match("year <> 1", p));
  EXPECT_FALSE(Match("year IN (1, 2)", p));
  EXPECT_TRUE(Match("NOT year = 1", p));
}

TEST(PartitionFilterTest, ErrorsAreInvalidArgumentWithAPosition) {
  for (const char* bad :
       {"year =", "year = 1 AND", "(year = 1", "year = 1)", "color = 'red'", "year == 1",
        "year = 'abc'", "year BETWEEN 1", "year IN 1", "year IN (1,", "region LIKE 5",
        "region = 'open", "year = 1 year = 2", "1 = 1", "year = region", "region IS 'x'",
        "year ~ 1", "AND", "region", "year = 1.2.3", "year = 12abc"}) {
    Result<PartitionFilter> f = PartitionFilter::Parse(bad, Keys());
    ASSERT_FALSE(f.ok()) << "accepted: " << bad;
    EXPECT_EQ(f.status().code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(f.status().message().find("position"), std::string::npos)
        << bad << ": " << f.status().message();
  }
}

TEST(PartitionFilterTest, UnknownKeyIsNamed) {
  Result<PartitionFilter> f = PartitionFilter::Parse("colour = 'red'", Keys());
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.status().message().find("colour"), std::string::npos);
}

TEST(PartitionFilterTest, DeepNestingIsRejected) {
  std::string deep(5000, '(');
  deep += "year = 1";
  deep += std::string(5000, ')');
  EXPECT_FALSE(PartitionFilter::Parse(deep, Keys()).ok());
  std::string nots;
  for (int i = 0; i < 5000; ++i) nots += "NOT ";
  EXPECT_FALSE(PartitionFilter::Parse(nots + "year = 1", Keys()).ok());
}

}  // namespace
}  // namespace millrace::catalog
