#include "kafka/protocol/messages/metadata_message.h"

#include <gtest/gtest.h>

#include "kafka/protocol/messages/message_test_util.h"

namespace millrace::kafka {
namespace {

using testing::Bytes;
using testing::DecodeMessage;
using testing::EncodeMessage;

MetadataResponse OneTopicResponse() {
  MetadataResponse response;
  response.brokers = {{.node_id = 1, .host = "h", .port = 9092, .rack = std::nullopt}};
  response.cluster_id = "c";
  response.controller_id = 1;
  MetadataResponse::Topic topic{.error_code = 0, .name = "t"};
  topic.partitions = {{.error_code = 0,
                       .partition_index = 0,
                       .leader_id = 1,
                       .replica_nodes = {1},
                       .isr_nodes = {1}}};
  response.topics = {topic};
  return response;
}

// Written by hand from MetadataResponse.json: v2 has rack (v1+), cluster_id (v2+),
// controller_id (v1+) and is_internal (v1+), but no throttle time or leader epoch.
TEST(MetadataMessageTest, GoldenV2Response) {
  // clang-format off
  const std::string expected = Bytes({
      0, 0, 0, 1,                     // brokers: 1
      0, 0, 0, 1, 0, 1, 'h',          // node_id 1, host "h"
      0, 0, 0x23, 0x84, 0xFF, 0xFF,   // port 9092, rack null
      0, 1, 'c',                      // cluster_id "c"
      0, 0, 0, 1,                     // controller_id 1
      0, 0, 0, 1,                     // topics: 1
      0, 0, 0, 1, 't', 0,             // error 0, name "t", is_internal false
      0, 0, 0, 1,                     // partitions: 1
      0, 0, 0, 0, 0, 0, 0, 0, 0, 1,   // error 0, index 0, leader 1
      0, 0, 0, 1, 0, 0, 0, 1,         // replicas [1]
      0, 0, 0, 1, 0, 0, 0, 1,         // isr [1]
  });
  // clang-format on
  EXPECT_EQ(EncodeMessage(OneTopicResponse(), 2), expected);
  EXPECT_EQ(DecodeMessage<MetadataResponse>(expected, 2), OneTopicResponse());
}

TEST(MetadataMessageTest, RequestTopicsNullVersusEmpty) {
  // v0: an empty array means all topics.
  EXPECT_EQ(EncodeMessage(MetadataRequest{}, 0), Bytes({0, 0, 0, 0}));
  EXPECT_FALSE(DecodeMessage<MetadataRequest>(Bytes({0, 0, 0, 0}), 0).topics.has_value());
  // v1+: null means all, empty means none.
  EXPECT_EQ(EncodeMessage(MetadataRequest{}, 1), Bytes({0xFF, 0xFF, 0xFF, 0xFF}));
  auto none = DecodeMessage<MetadataRequest>(Bytes({0, 0, 0, 0}), 1);
  ASSERT_TRUE(none.topics.has_value());
  EXPECT_TRUE(none.topics->empty());
  // v4 adds the auto-create flag.
  EXPECT_EQ(EncodeMessage(MetadataRequest{.allow_auto_topic_creation = false}, 4),
            Bytes({0xFF, 0xFF, 0xFF, 0xFF, 0}));
}

TEST(MetadataMessageTest, RoundTripsAtEveryVersion) {
  MetadataRequest request{.topics = std::vector<std::string>{"orders", "clicks"},
                          .allow_auto_topic_creation = false,
                          .include_cluster_authorized_operations = true,
                          .include_topic_authorized_operations = true};
  testing::ExpectRoundTripAllVersions(request, ApiKey::kMetadata);
  EXPECT_EQ(testing::ExpectRoundTrip(request, 8), request);
  testing::ExpectRoundTripAllVersions(MetadataRequest{}, ApiKey::kMetadata);

  MetadataResponse response = OneTopicResponse();
  response.throttle_time_ms = 3;
  response.brokers.push_back({.node_id = 2, .host = "b2", .port = 1, .rack = "r1"});
  response.topics[0].is_internal = true;
  response.topics[0].topic_authorized_operations = 0x0F;
  response.topics[0].partitions[0].leader_epoch = 4;
  response.topics[0].partitions[0].offline_replicas = {3};
  response.topics.push_back({.error_code = 3, .name = "missing"});
  response.cluster_authorized_operations = 0x70;
  testing::ExpectRoundTripAllVersions(response, ApiKey::kMetadata);
  EXPECT_EQ(testing::ExpectRoundTrip(response, 8), response);
}

TEST(MetadataMessageTest, FieldsOutsideTheVersionAreNotEncoded) {
  MetadataResponse response = OneTopicResponse();
  response.topics[0].partitions[0].leader_epoch = 9;
  const auto v6 = DecodeMessage<MetadataResponse>(EncodeMessage(response, 6), 6);
  EXPECT_EQ(v6.topics[0].partitions[0].leader_epoch, -1);
  const auto v7 = DecodeMessage<MetadataResponse>(EncodeMessage(response, 7), 7);
  EXPECT_EQ(v7.topics[0].partitions[0].leader_epoch, 9);
  // v0 has no rack, cluster id or controller id.
  response.brokers[0].rack = "r";
  const auto v0 = DecodeMessage<MetadataResponse>(EncodeMessage(response, 0), 0);
  EXPECT_EQ(v0.brokers[0].rack, std::nullopt);
  EXPECT_EQ(v0.cluster_id, std::nullopt);
  EXPECT_EQ(v0.controller_id, -1);
}

}  // namespace
}  // namespace millrace::kafka
