#include "firehose/error_record.h"

#include <gtest/gtest.h>

#include "base/json.h"
#include "base/value.h"
#include "firehose/jq_partition_query.h"

namespace millrace::firehose {
namespace {

// Parses one error line back (with the project's JSON parser) and checks it is one line.
Value ParseLine(const std::string& line) {
  EXPECT_FALSE(line.empty());
  EXPECT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  auto v = json::Parse(line);
  EXPECT_TRUE(v.ok()) << line;
  return v.ok() ? *v : Value();
}

std::vector<std::string> Keys(const Value& v) {
  std::vector<std::string> keys;
  for (const auto& [k, unused] : v.object()) keys.push_back(k);
  return keys;
}

TEST(ErrorRecordTest, ProcessingFailed) {
  ProcessingFailedRecord r;
  r.attempts_made = 4;
  r.arrival_millis = 1535365815123;
  r.error_code = std::string(kLambdaProcessingFailedStatus);
  r.error_message = "The record was returned as ProcessingFailed";
  r.attempt_ending_millis = 1535365816000;
  r.raw_data = std::string("bin\0\xff\n", 6);
  r.lambda_arn = "arn:aws:lambda:us-east-1:000000000000:function:f";
  Value v = ParseLine(ProcessingFailedLine(r));
  EXPECT_EQ(Keys(v), (std::vector<std::string>{"attemptsMade", "arrivalTimestamp", "errorCode",
                                               "errorMessage", "attemptEndingTimestamp", "rawData",
                                               "lambdaArn"}));
  EXPECT_EQ(*v.GetInt64("attemptsMade"), 4);
  EXPECT_EQ(*v.GetInt64("arrivalTimestamp"), 1535365815123);
  EXPECT_EQ(*v.GetString("errorCode"), "Lambda.ProcessingFailedStatus");
  EXPECT_EQ(*v.GetString("rawData"), "YmluAP8K");  // base64 of the six bytes
  EXPECT_EQ(*v.GetString("lambdaArn"), r.lambda_arn);
}

TEST(ErrorRecordTest, ConversionFailedWithKinesisSource) {
  ConversionFailedRecord r;
  r.error_code = std::string(kConversionParseError);
  r.error_message = "Encountered malformed JSON";
  r.raw_data = "{oops";
  r.sequence_number = "49590338271490256608559692538361571095921575989136588898";
  r.sub_sequence_number = 2;
  r.table = {"000000000000", "db",     "events",
             "us-east-1",    "LATEST", "arn:aws:glue:us-east-1:000000000000:catalog"};
  Value v = ParseLine(ConversionFailedLine(r));
  EXPECT_EQ(*v.GetString("lastErrorCode"), "DataFormatConversion.ParseError");
  EXPECT_EQ(*v.GetString("lastErrorMessage"), "Encountered malformed JSON");
  EXPECT_EQ(*v.GetString("sequenceNumber"), r.sequence_number);
  EXPECT_EQ(*v.GetInt64("subSequenceNumber"), 2);
  const Value* table = *v.GetObject("dataCatalogTable");
  EXPECT_EQ(Keys(*table), (std::vector<std::string>{"catalogId", "databaseName", "tableName",
                                                    "region", "versionId", "catalogArn"}));
  EXPECT_EQ(*table->GetString("tableName"), "events");
  EXPECT_FALSE(v.Has("errorCode"));
}

TEST(ErrorRecordTest, ConversionFailedDirectPutHasNoSequenceNumber) {
  ConversionFailedRecord r;
  r.raw_data = "x";
  Value v = ParseLine(ConversionFailedLine(r));
  EXPECT_FALSE(v.Has("sequenceNumber"));
  EXPECT_FALSE(v.Has("subSequenceNumber"));
  EXPECT_TRUE(v.Has("dataCatalogTable"));
}

TEST(ErrorRecordTest, PartitioningFailedCarriesTheJqMessage) {
  auto query = JqPartitionQuery::Compile("{id:.id}");
  ASSERT_TRUE(query.ok());
  auto keys = (*query)->Evaluate("not json");
  ASSERT_FALSE(keys.ok());
  ErrorRecordBase r;
  r.error_code = std::string(kMetadataExtractionFailed);
  r.error_message = keys.status().message();
  r.raw_data = "not json";
  Value v = ParseLine(PartitioningFailedLine(r));
  EXPECT_EQ(*v.GetString("errorCode"), "DynamicPartitioning.MetadataExtractionFailed");
  EXPECT_EQ(*v.GetString("errorMessage"), "Non JSON record provided");
  EXPECT_EQ(*v.GetString("rawData"), "bm90IGpzb24=");
  EXPECT_EQ(Keys(v).size(), 6u);
}

TEST(ErrorRecordTest, MessagesWithQuotesAndNewlinesStayOnOneLine) {
  ProcessingFailedRecord r;
  r.error_message = "line one\nline \"two\"";
  Value v = ParseLine(ProcessingFailedLine(r));
  EXPECT_EQ(*v.GetString("errorMessage"), r.error_message);
}

}  // namespace
}  // namespace millrace::firehose
