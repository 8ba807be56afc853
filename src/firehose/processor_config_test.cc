#include "firehose/processor_config.h"

#include <gtest/gtest.h>

#include "base/json.h"
#include "base/value.h"

namespace millrace::firehose {
namespace {

Result<ProcessingConfiguration> ParseText(std::string_view text) {
  auto document = json::Parse(text);
  EXPECT_TRUE(document.ok()) << text;
  return ParseProcessingConfiguration(*document);
}

TEST(ProcessorConfigTest, ParsesTheApiShape) {
  auto config = ParseText(R"({"Enabled":true,"Processors":[
    {"Type":"RecordDeAggregation","Parameters":[{"ParameterName":"SubRecordType","ParameterValue":"DELIMITED"},
                                                  {"ParameterName":"Delimiter","ParameterValue":"IyMjIw=="}]},
    {"Type":"MetadataExtraction","Parameters":[
      {"ParameterName":"MetadataExtractionQuery","ParameterValue":"{id:.id}"},
      {"ParameterName":"JsonParsingEngine","ParameterValue":"JQ-1.6"}]},
    {"Type":"Lambda","Parameters":[{"ParameterName":"LambdaArn","ParameterValue":"arn:aws:lambda:us-east-1:000000000000:function:f"},
                                    {"ParameterName":"NumberOfRetries","ParameterValue":"5"}]},
    {"Type":"AppendDelimiterToRecord"}]})");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_TRUE(config->enabled);
  ASSERT_EQ(config->processors.size(), 4u);
  auto dea = DeAggregationFrom(*config->Find(ProcessorType::kRecordDeAggregation));
  ASSERT_TRUE(dea.ok());
  EXPECT_EQ(dea->sub_record_type, SubRecordType::kDelimited);
  EXPECT_EQ(dea->delimiter, "####");
  EXPECT_EQ(MetadataExtractionFrom(*config->Find(ProcessorType::kMetadataExtraction))->query,
            "{id:.id}");
  auto lambda = LambdaFrom(*config->Find(ProcessorType::kLambda));
  ASSERT_TRUE(lambda.ok());
  EXPECT_EQ(lambda->number_of_retries, 5);
  EXPECT_EQ(lambda->buffer_interval_seconds, 60);
  EXPECT_EQ(*AppendDelimiterFrom(*config->Find(ProcessorType::kAppendDelimiterToRecord)), "\n");
}

TEST(ProcessorConfigTest, CloudWatchLogsProcessors) {
  auto config = ParseText(R"({"Enabled":true,"Processors":[
    {"Type":"Decompression","Parameters":[{"ParameterName":"CompressionFormat","ParameterValue":"GZIP"}]},
    {"Type":"CloudWatchLogProcessing","Parameters":[{"ParameterName":"DataMessageExtraction","ParameterValue":"true"}]}]})");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_TRUE(DecompressionFrom(*config->Find(ProcessorType::kDecompression)).ok());
  EXPECT_TRUE(*DataMessageExtractionFrom(*config->Find(ProcessorType::kCloudWatchLogProcessing)));
  EXPECT_FALSE(
      ParseText(
          R"({"Enabled":true,"Processors":[{"Type":"Decompression","Parameters":[{"ParameterName":"CompressionFormat","ParameterValue":"ZIP"}]}]})")
          .ok());
  EXPECT_FALSE(
      ParseText(
          R"({"Enabled":true,"Processors":[{"Type":"CloudWatchLogProcessing","Parameters":[{"ParameterName":"DataMessageExtraction","ParameterValue":"yes"}]}]})")
          .ok());
}

TEST(ProcessorConfigTest, DisabledConfigurationFindsNothing) {
  auto config = ParseText(R"({"Enabled":false,"Processors":[{"Type":"AppendDelimiterToRecord"}]})");
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->Find(ProcessorType::kAppendDelimiterToRecord), nullptr);
}

TEST(ProcessorConfigTest, Rejections) {
  const char* bad[] = {
      R"({"Enabled":true,"Processors":[{"Type":"Nope"}]})",
      R"({"Enabled":true,"Processors":[{"Type":"Lambda"}]})",
      R"({"Enabled":true,"Processors":[{"Type":"Lambda","Parameters":[{"ParameterName":"LambdaArn","ParameterValue":"x"},{"ParameterName":"NumberOfRetries","ParameterValue":"301"}]}]})",
      R"({"Enabled":true,"Processors":[{"Type":"Lambda","Parameters":[{"ParameterName":"LambdaArn","ParameterValue":"x"},{"ParameterName":"BufferSizeInMBs","ParameterValue":"9"}]}]})",
      R"({"Enabled":true,"Processors":[{"Type":"MetadataExtraction","Parameters":[{"ParameterName":"MetadataExtractionQuery","ParameterValue":"{id:.id"},{"ParameterName":"JsonParsingEngine","ParameterValue":"JQ-1.6"}]}]})",
      R"({"Enabled":true,"Processors":[{"Type":"MetadataExtraction","Parameters":[{"ParameterName":"MetadataExtractionQuery","ParameterValue":"{id:.id}"},{"ParameterName":"JsonParsingEngine","ParameterValue":"JQ-1.5"}]}]})",
      R"({"Enabled":true,"Processors":[{"Type":"RecordDeAggregation","Parameters":[{"ParameterName":"SubRecordType","ParameterValue":"DELIMITED"}]}]})",
      R"({"Enabled":true,"Processors":[{"Type":"RecordDeAggregation","Parameters":[{"ParameterName":"SubRecordType","ParameterValue":"XML"}]}]})",
      R"({"Enabled":true,"Processors":[{"Type":"AppendDelimiterToRecord","Parameters":[{"ParameterName":"Delimiter","ParameterValue":"not base64!"}]}]})",
      R"({"Enabled":true,"Processors":[{"Type":"AppendDelimiterToRecord","Parameters":[{"ParameterName":"Bogus","ParameterValue":"x"}]}]})",
      R"({"Enabled":true,"Processors":[{"Type":"AppendDelimiterToRecord","Parameters":[{"ParameterName":"Delimiter","ParameterValue":"   "}]}]})",
      R"({"Enabled":true,"Processors":[{"Type":"AppendDelimiterToRecord"},{"Type":"AppendDelimiterToRecord"}]})",
  };
  for (const char* text : bad) {
    auto config = ParseText(text);
    EXPECT_FALSE(config.ok()) << text;
    if (!config.ok()) {
      EXPECT_EQ(config.status().code(), StatusCode::kInvalidArgument);
    }
  }
}

}  // namespace
}  // namespace millrace::firehose
