#include "kafka/protocol/messages/list_offsets_message.h"

#include <gtest/gtest.h>

#include "kafka/protocol/messages/message_test_util.h"

namespace millrace::kafka {
namespace {

using testing::DecodeMessage;
using testing::EncodeMessage;

TEST(ListOffsetsMessageTest, RoundTripsAtEveryVersion) {
  ListOffsetsRequest request{.replica_id = -1, .isolation_level = 1};
  request.topics = {{.name = "t",
                     .partitions = {{.partition_index = 0,
                                     .current_leader_epoch = 3,
                                     .timestamp = kListOffsetsEarliest,
                                     .max_num_offsets = 1},
                                    {.partition_index = 1, .timestamp = 1700000000000}}}};
  testing::ExpectRoundTripAllVersions(request, ApiKey::kListOffsets);

  ListOffsetsResponse response{.throttle_time_ms = 2};
  response.topics = {{.name = "t",
                      .partitions = {{.partition_index = 0,
                                      .error_code = 0,
                                      .old_style_offsets = {10},
                                      .timestamp = -1,
                                      .offset = 10,
                                      .leader_epoch = 0},
                                     {.partition_index = 1, .error_code = 3}}}};
  testing::ExpectRoundTripAllVersions(response, ApiKey::kListOffsets);
}

TEST(ListOffsetsMessageTest, V0UsesOldStyleOffsetsAndMaxNumOffsets) {
  ListOffsetsResponse response;
  response.topics = {
      {.name = "t",
       .partitions = {
           {.partition_index = 0, .error_code = 0, .old_style_offsets = {7, 0}, .offset = 99}}}};
  const auto v0 = DecodeMessage<ListOffsetsResponse>(EncodeMessage(response, 0), 0);
  EXPECT_EQ(v0.topics[0].partitions[0].old_style_offsets, (std::vector<int64_t>{7, 0}));
  EXPECT_EQ(v0.topics[0].partitions[0].offset, -1);
  const auto v1 = DecodeMessage<ListOffsetsResponse>(EncodeMessage(response, 1), 1);
  EXPECT_TRUE(v1.topics[0].partitions[0].old_style_offsets.empty());
  EXPECT_EQ(v1.topics[0].partitions[0].offset, 99);

  ListOffsetsRequest request;
  request.topics = {{.name = "t", .partitions = {{.partition_index = 0, .max_num_offsets = 5}}}};
  EXPECT_EQ(DecodeMessage<ListOffsetsRequest>(EncodeMessage(request, 0), 0)
                .topics[0]
                .partitions[0]
                .max_num_offsets,
            5);
  EXPECT_EQ(EncodeMessage(request, 0).size(), EncodeMessage(request, 1).size() + 4);
}

}  // namespace
}  // namespace millrace::kafka
