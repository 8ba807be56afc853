#include "kafka/protocol/messages/produce_message.h"

#include <gtest/gtest.h>

#include "kafka/protocol/messages/message_test_util.h"
#include "kafka/protocol/request_header.h"

namespace millrace::kafka {
namespace {

using testing::Bytes;
using testing::DecodeMessage;
using testing::EncodeMessage;

ProduceRequest SampleRequest() {
  ProduceRequest request{.transactional_id = std::nullopt, .acks = -1, .timeout_ms = 30000};
  request.topics = {{.name = "t", .partitions = {{.index = 0, .records = "abc"}}}};
  return request;
}

// A whole Produce v3 request (header v1 + body) written by hand from the JSON specs.
TEST(ProduceMessageTest, GoldenV3Request) {
  // clang-format off
  const std::string expected = Bytes({
      0, 0, 0, 3, 0, 0, 0, 1,          // header: api_key 0, version 3, correlation_id 1
      0, 2, 'i', 'd',                  // client_id "id"
      0xFF, 0xFF,                      // transactional_id null
      0xFF, 0xFF, 0, 0, 0x75, 0x30,    // acks -1, timeout 30000
      0, 0, 0, 1, 0, 1, 't',           // topics: 1, name "t"
      0, 0, 0, 1, 0, 0, 0, 0,          // partitions: 1, index 0
      0, 0, 0, 3, 'a', 'b', 'c',       // records
  });
  // clang-format on
  WireReader r(expected);
  auto header = DecodeRequestHeader(r);
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header->key(), ApiKey::kProduce);
  ProduceRequest request;
  ASSERT_TRUE(request.Decode(r, header->api_version).ok());
  EXPECT_EQ(r.remaining(), 0u);
  EXPECT_EQ(request, SampleRequest());
  EXPECT_EQ(EncodeMessage(SampleRequest(), 3), expected.substr(12));
}

TEST(ProduceMessageTest, RoundTripsAtEveryVersion) {
  ProduceRequest request = SampleRequest();
  request.transactional_id = "txn-1";
  request.topics.push_back({.name = "u",
                            .partitions = {{.index = 1, .records = std::nullopt},
                                           {.index = 2, .records = std::string()}}});
  testing::ExpectRoundTripAllVersions(request, ApiKey::kProduce);
  EXPECT_EQ(testing::ExpectRoundTrip(request, 8), request);

  ProduceResponse response;
  response.throttle_time_ms = 12;
  ProduceResponse::Partition ok{.index = 0,
                                .error_code = 0,
                                .base_offset = 1000,
                                .log_append_time_ms = 1700000000000,
                                .log_start_offset = 5};
  ProduceResponse::Partition bad{
      .index = 1,
      .error_code = 87,
      .base_offset = -1,
      .record_errors = {{.batch_index = 3, .batch_index_error_message = "bad"}},
      .error_message = "invalid record"};
  response.topics = {{.name = "t", .partitions = {ok, bad}}};
  testing::ExpectRoundTripAllVersions(response, ApiKey::kProduce);
  EXPECT_EQ(testing::ExpectRoundTrip(response, 8), response);
}

TEST(ProduceMessageTest, ThrottleTimeComesLastFromV1) {
  ProduceResponse response;
  response.throttle_time_ms = 0x01020304;
  EXPECT_EQ(EncodeMessage(response, 0), Bytes({0, 0, 0, 0}));
  EXPECT_EQ(EncodeMessage(response, 1), Bytes({0, 0, 0, 0, 1, 2, 3, 4}));
}

TEST(ProduceMessageTest, RecordsLengthBeyondInputFails) {
  std::string bytes = EncodeMessage(SampleRequest(), 3);
  bytes[bytes.size() - 7] = 0x10;  // records length 0x10000003, only 3 bytes present
  ProduceRequest request;
  WireReader r(bytes);
  EXPECT_FALSE(request.Decode(r, 3).ok());
}

}  // namespace
}  // namespace millrace::kafka
