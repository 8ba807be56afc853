#include "kafka/protocol/messages/fetch_message.h"

#include <gtest/gtest.h>

#include "kafka/protocol/messages/message_test_util.h"

namespace millrace::kafka {
namespace {

using testing::Bytes;
using testing::DecodeMessage;
using testing::EncodeMessage;

FetchRequest SampleRequest() {
  FetchRequest request{.replica_id = -1,
                       .max_wait_ms = 500,
                       .min_bytes = 1,
                       .max_bytes = 52428800,
                       .isolation_level = 1,
                       .session_id = 0,
                       .session_epoch = -1};
  request.topics = {
      {.name = "orders",
       .partitions = {{.partition = 0,
                       .current_leader_epoch = 2,
                       .fetch_offset = 42,
                       .log_start_offset = -1,
                       .partition_max_bytes = 1048576},
                      {.partition = 3, .fetch_offset = 7, .partition_max_bytes = 1024}}}};
  request.forgotten_topics = {{.name = "old", .partitions = {1, 2}}};
  request.rack_id = "rack-a";
  return request;
}

TEST(FetchMessageTest, RoundTripsAtEveryVersion) {
  testing::ExpectRoundTripAllVersions(SampleRequest(), ApiKey::kFetch);
  EXPECT_EQ(testing::ExpectRoundTrip(SampleRequest(), 11), SampleRequest());

  FetchResponse response{.throttle_time_ms = 1, .error_code = 0, .session_id = 0};
  FetchResponse::Partition data{.partition = 0,
                                .error_code = 0,
                                .high_watermark = 100,
                                .last_stable_offset = 100,
                                .log_start_offset = 0,
                                .aborted_transactions = std::nullopt,
                                .preferred_read_replica = -1,
                                .records = std::string(61, '\x07')};
  FetchResponse::Partition aborted{
      .partition = 1,
      .error_code = 0,
      .high_watermark = 10,
      .last_stable_offset = 8,
      .log_start_offset = 2,
      .aborted_transactions =
          std::vector<FetchResponse::AbortedTransaction>{{.producer_id = 9, .first_offset = 4}},
      .preferred_read_replica = 1,
      .records = std::string()};
  FetchResponse::Partition error{.partition = 2, .error_code = 1, .high_watermark = -1};
  response.topics = {{.name = "orders", .partitions = {data, aborted, error}}};
  testing::ExpectRoundTripAllVersions(response, ApiKey::kFetch);
  EXPECT_EQ(testing::ExpectRoundTrip(response, 11), response);
}

TEST(FetchMessageTest, GoldenV0Request) {
  FetchRequest request{.replica_id = -1, .max_wait_ms = 100, .min_bytes = 1};
  request.topics = {
      {.name = "t",
       .partitions = {{.partition = 0, .fetch_offset = 5, .partition_max_bytes = 4096}}}};
  // clang-format off
  const std::string expected = Bytes({
      0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 100, 0, 0, 0, 1,  // replica, max_wait, min_bytes
      0, 0, 0, 1, 0, 1, 't',                             // topics: 1, "t"
      0, 0, 0, 1, 0, 0, 0, 0,                            // partitions: 1, partition 0
      0, 0, 0, 0, 0, 0, 0, 5,                            // fetch_offset 5
      0, 0, 0x10, 0,                                     // partition_max_bytes 4096
  });
  // clang-format on
  EXPECT_EQ(EncodeMessage(request, 0), expected);
  EXPECT_EQ(DecodeMessage<FetchRequest>(expected, 0), request);
}

TEST(FetchMessageTest, V4PartitionResponseLayout) {
  FetchResponse response{.throttle_time_ms = 0};
  response.topics = {{.name = "t",
                      .partitions = {{.partition = 0,
                                      .error_code = 0,
                                      .high_watermark = 2,
                                      .last_stable_offset = 2,
                                      .records = "RB"}}}};
  // clang-format off
  const std::string expected = Bytes({
      0, 0, 0, 0,                     // throttle_time_ms
      0, 0, 0, 1, 0, 1, 't',          // topics: 1, "t"
      0, 0, 0, 1, 0, 0, 0, 0, 0, 0,   // partitions: 1, partition 0, error 0
      0, 0, 0, 0, 0, 0, 0, 2,         // high_watermark
      0, 0, 0, 0, 0, 0, 0, 2,         // last_stable_offset (v4+)
      0xFF, 0xFF, 0xFF, 0xFF,         // aborted_transactions null
      0, 0, 0, 2, 'R', 'B',           // records
  });
  // clang-format on
  EXPECT_EQ(EncodeMessage(response, 4), expected);
}

}  // namespace
}  // namespace millrace::kafka

namespace millrace::kafka {
namespace {

TEST(FetchMessageTest, RecordBytesCountsEveryPartition) {
  FetchResponse response;
  response.topics = {{.name = "a", .partitions = {{.records = "123"}, {.records = std::nullopt}}},
                     {.name = "b", .partitions = {{.records = "45"}}}};
  EXPECT_EQ(response.RecordBytes(), 5u);
}

}  // namespace
}  // namespace millrace::kafka
