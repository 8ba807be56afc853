// Round trips and version-dependent layouts of OffsetCommit and OffsetFetch.
#include <gtest/gtest.h>

#include "kafka/protocol/messages/message_test_util.h"
#include "kafka/protocol/messages/offset_commit_message.h"
#include "kafka/protocol/messages/offset_fetch_message.h"

namespace millrace::kafka {
namespace {

using testing::Bytes;
using testing::DecodeMessage;
using testing::EncodeMessage;
using testing::ExpectRoundTrip;
using testing::ExpectRoundTripAllVersions;

OffsetCommitRequest SampleCommit() {
  OffsetCommitRequest request{.group_id = "g",
                              .generation_id = 4,
                              .member_id = "m",
                              .group_instance_id = "static",
                              .retention_time_ms = 86400000};
  request.topics = {
      {.name = "t",
       .partitions = {
           {.partition_index = 0,
            .committed_offset = 100,
            .committed_leader_epoch = 2,
            .commit_timestamp = 1234,
            .committed_metadata = "meta"},
           {.partition_index = 1, .committed_offset = 5, .committed_metadata = std::nullopt}}}};
  return request;
}

TEST(OffsetMessagesTest, OffsetCommitRoundTrips) {
  ExpectRoundTripAllVersions(SampleCommit(), ApiKey::kOffsetCommit);
  OffsetCommitResponse response{.throttle_time_ms = 0};
  response.topics = {{.name = "t",
                      .partitions = {{.partition_index = 0, .error_code = 0},
                                     {.partition_index = 1, .error_code = 22}}}};
  ExpectRoundTripAllVersions(response, ApiKey::kOffsetCommit);
  EXPECT_EQ(ExpectRoundTrip(response, 7), response);
}

TEST(OffsetMessagesTest, OffsetCommitFieldsComeAndGoByVersion) {
  const OffsetCommitRequest request = SampleCommit();
  const auto v1 = DecodeMessage<OffsetCommitRequest>(EncodeMessage(request, 1), 1);
  EXPECT_EQ(v1.topics[0].partitions[0].commit_timestamp, 1234);
  EXPECT_EQ(v1.retention_time_ms, -1);
  const auto v2 = DecodeMessage<OffsetCommitRequest>(EncodeMessage(request, 2), 2);
  EXPECT_EQ(v2.topics[0].partitions[0].commit_timestamp, -1);
  EXPECT_EQ(v2.retention_time_ms, 86400000);
  const auto v5 = DecodeMessage<OffsetCommitRequest>(EncodeMessage(request, 5), 5);
  EXPECT_EQ(v5.retention_time_ms, -1);
  EXPECT_EQ(v5.topics[0].partitions[0].committed_leader_epoch, -1);
  const auto v7 = DecodeMessage<OffsetCommitRequest>(EncodeMessage(request, 7), 7);
  EXPECT_EQ(v7.topics[0].partitions[0].committed_leader_epoch, 2);
  EXPECT_EQ(v7.group_instance_id, "static");
  EXPECT_EQ(v7.generation_id, 4);
  // v0 is group, topics only: 3 bytes of group id + 4 bytes of topic count + the topic.
  const auto v0 = DecodeMessage<OffsetCommitRequest>(EncodeMessage(request, 0), 0);
  EXPECT_EQ(v0.member_id, "");
  EXPECT_EQ(v0.generation_id, -1);
}

TEST(OffsetMessagesTest, OffsetFetchRoundTrips) {
  OffsetFetchRequest request{.group_id = "g"};
  request.topics =
      std::vector<OffsetFetchRequest::Topic>{{.name = "t", .partition_indexes = {0, 1, 2}}};
  ExpectRoundTripAllVersions(request, ApiKey::kOffsetFetch);
  EXPECT_EQ(ExpectRoundTrip(request, 5), request);

  OffsetFetchResponse response{.throttle_time_ms = 0, .error_code = 0};
  response.topics = {{.name = "t",
                      .partitions = {{.partition_index = 0,
                                      .committed_offset = 100,
                                      .committed_leader_epoch = 1,
                                      .metadata = "",
                                      .error_code = 0},
                                     {.partition_index = 1,
                                      .committed_offset = -1,
                                      .metadata = std::nullopt,
                                      .error_code = 0}}}};
  ExpectRoundTripAllVersions(response, ApiKey::kOffsetFetch);
  EXPECT_EQ(ExpectRoundTrip(response, 5), response);
}

TEST(OffsetMessagesTest, OffsetFetchAllTopicsNeedsV2) {
  OffsetFetchRequest all{.group_id = "g", .topics = std::nullopt};
  EXPECT_EQ(EncodeMessage(all, 2), Bytes({0, 1, 'g', 0xFF, 0xFF, 0xFF, 0xFF}));
  // clang-format off
  EXPECT_FALSE(DecodeMessage<OffsetFetchRequest>(Bytes({0, 1, 'g', 0xFF, 0xFF, 0xFF, 0xFF}), 2)
                   .topics.has_value());
  WireWriter w;
  EXPECT_FALSE(all.Encode(w, 1).ok());
  // In v1 a null topic array is malformed.
  OffsetFetchRequest decoded;
  const std::string v1_null = Bytes({0, 1, 'g', 0xFF, 0xFF, 0xFF, 0xFF});
  // clang-format on
  WireReader r(v1_null);
  EXPECT_FALSE(decoded.Decode(r, 1).ok());
}

}  // namespace
}  // namespace millrace::kafka
