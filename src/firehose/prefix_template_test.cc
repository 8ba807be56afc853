#include "firehose/prefix_template.h"

#include <gtest/gtest.h>

#include <regex>

namespace millrace::firehose {
namespace {

constexpr int64_t kAug27 = 1535365815123;  // 2018-08-27T10:30:15.123Z

PrefixTemplate MustParse(std::string_view text, PrefixKind kind = PrefixKind::kPrefix) {
  auto parsed = PrefixTemplate::Parse(text, kind);
  EXPECT_TRUE(parsed.ok()) << text << ": " << parsed.status().ToString();
  return parsed.ok() ? std::move(parsed).value() : PrefixTemplate{};
}

std::string Eval(const PrefixTemplate& t, const PrefixContext& context) {
  auto out = t.Evaluate(context);
  EXPECT_TRUE(out.ok()) << out.status().ToString();
  return out.ok() ? *out : std::string();
}

std::string ErrorOf(std::string_view prefix, const std::string* error_prefix, bool dp = false) {
  Status status = ValidatePrefixPair(prefix, error_prefix, dp);
  EXPECT_FALSE(status.ok()) << prefix;
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  return status.message();
}

TEST(PrefixTemplateTest, EvaluatesTimestampsAndLiterals) {
  PrefixContext context{.arrival_millis = kAug27};
  EXPECT_EQ(Eval(MustParse("logs/!{timestamp:yyyy}/!{timestamp:MM}/x"), context), "logs/2018/08/x");
  EXPECT_EQ(Eval(MustParse("dt=!{timestamp:yyyy'-'MM'-'dd}/h=!{timestamp:HH}/"), context),
            "dt=2018-08-27/h=10/");
  EXPECT_EQ(Eval(MustParse("plain/"), context), "plain/");
  EXPECT_EQ(Eval(MustParse("a!b{c}/"), context), "a!b{c}/");  // only "!{" starts an expression
}

TEST(PrefixTemplateTest, TimestampUsesTheTimeZone) {
  auto tokyo = CustomTimeZone::Parse("Asia/Tokyo");
  ASSERT_TRUE(tokyo.ok());
  PrefixContext context{.arrival_millis = kAug27, .time_zone = &*tokyo};
  EXPECT_EQ(Eval(MustParse("!{timestamp:yyyy/MM/dd/HH}"), context), "2018/08/27/19");
}

TEST(PrefixTemplateTest, RandomStringIsNewPerUse) {
  const std::string out =
      Eval(MustParse("!{firehose:random-string}/!{firehose:random-string}"), {});
  ASSERT_EQ(out.size(), 23u);
  EXPECT_TRUE(std::regex_match(out, std::regex("[0-9a-zA-Z]{11}/[0-9a-zA-Z]{11}")));
  EXPECT_NE(out.substr(0, 11), out.substr(12));
}

TEST(PrefixTemplateTest, PartitionKeys) {
  PrefixTemplate t =
      MustParse("cust=!{partitionKeyFromQuery:customer}/src=!{partitionKeyFromLambda:source}/");
  EXPECT_TRUE(t.UsesPartitionKeys());
  EXPECT_EQ(t.QueryKeyNames(), std::vector<std::string>{"customer"});
  EXPECT_EQ(t.LambdaKeyNames(), std::vector<std::string>{"source"});
  PartitionKeys query;
  query.Set("customer", "42");
  PartitionKeys lambda;
  lambda.Set("source", "web");
  EXPECT_EQ(Eval(t, {.query_keys = &query, .lambda_keys = &lambda}), "cust=42/src=web/");
  auto missing = t.Evaluate({.query_keys = &query});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("'source'"), std::string::npos);
}

TEST(PrefixTemplateTest, ErrorOutputType) {
  PrefixTemplate t =
      MustParse("err/!{firehose:error-output-type}/", PrefixKind::kErrorOutputPrefix);
  EXPECT_EQ(Eval(t, {.error_output_type = kProcessingFailed}), "err/processing-failed/");
  EXPECT_FALSE(PrefixTemplate::Parse("!{firehose:error-output-type}", PrefixKind::kPrefix).ok());
  EXPECT_FALSE(
      PrefixTemplate::Parse("!{partitionKeyFromQuery:a}", PrefixKind::kErrorOutputPrefix).ok());
}

TEST(PrefixTemplateTest, RejectsMalformedExpressions) {
  for (const char* bad : {"a/!{timestamp:yyyy", "!{unknown:x}", "!{firehose:nope}", "!{timestamp:}",
                          "!{timestamp:yyyy-ww}", "!{noColon}", "!{partitionKeyFromQuery:}",
                          "!{timestamp:!{timestamp:yyyy}}"}) {
    EXPECT_FALSE(PrefixTemplate::Parse(bad, PrefixKind::kPrefix).ok()) << bad;
  }
  EXPECT_FALSE(PrefixTemplate::Parse(std::string(1025, 'a'), PrefixKind::kPrefix).ok());
  EXPECT_TRUE(PrefixTemplate::Parse(std::string(1024, 'a'), PrefixKind::kPrefix).ok());
}

TEST(PrefixTemplateTest, EvaluatedLengthLimit) {
  PrefixTemplate t = MustParse(std::string(510, 'a') + "!{timestamp:yyyy}");
  auto out = t.Evaluate({.arrival_millis = kAug27});
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("512"), std::string::npos);
  EXPECT_TRUE(MustParse(std::string(508, 'a') + "!{timestamp:yyyy}")
                  .Evaluate({.arrival_millis = kAug27})
                  .ok());
}

TEST(PrefixPairTest, DefaultPrefixIsHourlyUtc) {
  auto pair = BuildPrefixPair("", nullptr, false);
  ASSERT_TRUE(pair.ok()) << pair.status().ToString();
  PrefixContext context{.arrival_millis = kAug27, .error_output_type = kProcessingFailed};
  EXPECT_EQ(Eval(pair->prefix, context), "2018/08/27/10/");
  EXPECT_EQ(Eval(pair->error_prefix, context), "processing-failed/2018/08/27/10/");
}

TEST(PrefixPairTest, LiteralPrefixGetsTheTimestampAppended) {
  auto pair = BuildPrefixPair("logs/", nullptr, false);
  ASSERT_TRUE(pair.ok());
  PrefixContext context{.arrival_millis = kAug27, .error_output_type = kFormatConversionFailed};
  EXPECT_EQ(Eval(pair->prefix, context), "logs/2018/08/27/10/");
  EXPECT_EQ(Eval(pair->error_prefix, context), "logs/format-conversion-failed/2018/08/27/10/");
}

TEST(PrefixPairTest, CustomPrefixes) {
  const std::string error = "failed/!{firehose:error-output-type}/";
  auto pair = BuildPrefixPair("data/!{timestamp:yyyy}/", &error, false);
  ASSERT_TRUE(pair.ok()) << pair.status().ToString();
  PrefixContext context{.arrival_millis = kAug27, .error_output_type = kProcessingFailed};
  EXPECT_EQ(Eval(pair->prefix, context), "data/2018/");
  EXPECT_EQ(Eval(pair->error_prefix, context), "failed/processing-failed/2018/08/27/10/");

  const std::string literal_error = "errors/";
  auto literal = BuildPrefixPair("data/", &literal_error, false);
  ASSERT_TRUE(literal.ok());
  EXPECT_EQ(Eval(literal->error_prefix, context), "errors/processing-failed/2018/08/27/10/");
}

TEST(PrefixPairTest, Rules) {
  EXPECT_NE(ErrorOf("data/!{timestamp:yyyy}/", nullptr).find("ErrorOutputPrefix must be"),
            std::string::npos);
  const std::string no_type = "err/!{timestamp:yyyy}/";
  EXPECT_NE(ErrorOf("data/", &no_type).find("error-output-type"), std::string::npos);
  const std::string error = "err/!{firehose:error-output-type}/";
  EXPECT_NE(ErrorOf("k=!{partitionKeyFromQuery:k}/", &error).find("dynamic partitioning"),
            std::string::npos);
  EXPECT_NE(ErrorOf("data/!{timestamp:yyyy}/", &error, true).find("partitionKeyFrom"),
            std::string::npos);
  EXPECT_NE(ErrorOf("k=!{partitionKeyFromQuery:k}/", nullptr, true).find("required"),
            std::string::npos);
  const std::string empty;
  EXPECT_NE(ErrorOf("data/!{timestamp:yyyy}/", &empty).find("ErrorOutputPrefix must be"),
            std::string::npos);
  const std::string keyed_error = "err/!{partitionKeyFromLambda:k}/";
  ErrorOf("data/", &keyed_error);
}

TEST(PrefixPairTest, DynamicPartitioningKeepsThePrefixAsWritten) {
  const std::string error = "err/!{firehose:error-output-type}/";
  auto pair = BuildPrefixPair("k=!{partitionKeyFromQuery:k}/", &error, true);
  ASSERT_TRUE(pair.ok()) << pair.status().ToString();
  PartitionKeys keys;
  keys.Set("k", "v");
  EXPECT_EQ(Eval(pair->prefix, {.arrival_millis = kAug27, .query_keys = &keys}), "k=v/");
}

}  // namespace
}  // namespace millrace::firehose
