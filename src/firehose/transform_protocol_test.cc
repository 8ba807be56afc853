#include "firehose/transform_protocol.h"

#include <gtest/gtest.h>

#include "base/json.h"
#include "base/value.h"
#include "firehose/error_record.h"

namespace millrace::firehose {
namespace {

TransformRequest TwoRecords() {
  TransformRequest request;
  request.invocation_id = "inv-1";
  request.delivery_stream_arn = "arn:aws:firehose:us-east-1:000000000000:deliverystream/s";
  request.region = "us-east-1";
  request.records.push_back({"r1", 1535365815123, "hello", std::nullopt});
  request.records.push_back({"r2", 1535365815124, std::string("\0\xff", 2), std::nullopt});
  return request;
}

TEST(TransformProtocolTest, EventShape) {
  TransformRequest request = TwoRecords();
  request.records[1].kinesis =
      KinesisRecordMetadata{"shardId-000000000001", "pk", 1535365815000, "4959033827", ""};
  request.source_kinesis_stream_arn = "arn:aws:kinesis:us-east-1:000000000000:stream/src";
  auto event = json::Parse(BuildTransformEvent(request));
  ASSERT_TRUE(event.ok());
  EXPECT_EQ(*event->GetString("invocationId"), "inv-1");
  EXPECT_EQ(*event->GetString("deliveryStreamArn"), request.delivery_stream_arn);
  EXPECT_EQ(*event->GetString("region"), "us-east-1");
  EXPECT_EQ(*event->GetString("sourceKinesisStreamArn"), request.source_kinesis_stream_arn);
  const Value::Array* records = *event->GetArray("records");
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ(*(*records)[0].GetString("recordId"), "r1");
  EXPECT_EQ(*(*records)[0].GetInt64("approximateArrivalTimestamp"), 1535365815123);
  EXPECT_EQ(*(*records)[0].GetString("data"), "aGVsbG8=");
  EXPECT_FALSE((*records)[0].Has("kinesisRecordMetadata"));
  EXPECT_EQ(*(*records)[1].GetString("data"), "AP8=");
  const Value* meta = *(*records)[1].GetObject("kinesisRecordMetadata");
  EXPECT_EQ(*meta->GetString("shardId"), "shardId-000000000001");
  EXPECT_EQ(*meta->GetString("sequenceNumber"), "4959033827");
}

TEST(TransformProtocolTest, ParsesAnswersInRequestOrder) {
  const TransformRequest request = TwoRecords();
  std::string code;
  auto answers = ParseTransformResponse(R"({"records":[
      {"recordId":"r2","result":"Dropped"},
      {"recordId":"r1","result":"Ok","data":"SEVMTE8=","metadata":{"partitionKeys":{"a":"x","n":7}}}]})",
                                        request, &code);
  ASSERT_TRUE(answers.ok()) << answers.status().ToString();
  ASSERT_EQ(answers->size(), 2u);
  EXPECT_EQ((*answers)[0].record_id, "r1");
  EXPECT_EQ((*answers)[0].result, TransformResult::kOk);
  EXPECT_EQ((*answers)[0].data, "HELLO");
  EXPECT_EQ(*(*answers)[0].partition_keys.Find("a"), "x");
  EXPECT_EQ(*(*answers)[0].partition_keys.Find("n"), "7");
  EXPECT_EQ((*answers)[1].result, TransformResult::kDropped);
}

TEST(TransformProtocolTest, ProcessingFailedRecordsCarryTheirCode) {
  auto answers = ParseTransformResponse(
      R"({"records":[{"recordId":"r1","result":"ProcessingFailed","data":""},
                     {"recordId":"r2","result":"Ok","data":""}]})",
      TwoRecords());
  ASSERT_TRUE(answers.ok());
  EXPECT_EQ((*answers)[0].result, TransformResult::kProcessingFailed);
  EXPECT_EQ((*answers)[0].error_code, kLambdaProcessingFailedStatus);
  EXPECT_EQ((*answers)[1].data, "");
}

TEST(TransformProtocolTest, RejectsBadResponses) {
  const TransformRequest request = TwoRecords();
  struct Case {
    const char* body;
    std::string_view code;
  };
  const Case cases[] = {
      {"not json", kLambdaInvalidResponse},
      {R"({"items":[]})", kLambdaInvalidResponse},
      {R"({"records":[{"recordId":"r1","result":"Ok","data":"aGk="}]})", kLambdaMissingRecordId},
      {R"({"records":[{"recordId":"r1","result":"Ok","data":"aGk="},{"recordId":"r1","result":"Ok","data":"aGk="},{"recordId":"r2","result":"Dropped"}]})",
       kLambdaDuplicatedRecordId},
      {R"({"records":[{"recordId":"r1","result":"Ok","data":"aGk="},{"recordId":"r3","result":"Ok","data":"aGk="}]})",
       kLambdaRecordIdNotInRequest},
      {R"({"records":[{"recordId":"r1","result":"Fine","data":"aGk="},{"recordId":"r2","result":"Dropped"}]})",
       kLambdaInvalidResponse},
      {R"({"records":[{"recordId":"r1","result":"Ok","data":"!!"},{"recordId":"r2","result":"Dropped"}]})",
       kLambdaInvalidResponse},
      {R"({"records":[{"recordId":"r1","result":"Ok"},{"recordId":"r2","result":"Dropped"}]})",
       kLambdaInvalidResponse},
      {R"({"records":[{"recordId":"r1","result":"Ok","data":"aGk=","metadata":{"partitionKeys":{"a":[1]}}},{"recordId":"r2","result":"Dropped"}]})",
       kLambdaInvalidResponse},
  };
  for (const Case& c : cases) {
    std::string code;
    auto answers = ParseTransformResponse(c.body, request, &code);
    EXPECT_FALSE(answers.ok()) << c.body;
    EXPECT_EQ(code, c.code) << c.body;
  }
}

}  // namespace
}  // namespace millrace::firehose
