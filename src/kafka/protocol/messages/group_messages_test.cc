// Round trips and layouts of the consumer-group APIs: FindCoordinator, JoinGroup, SyncGroup,
// Heartbeat, LeaveGroup, DescribeGroups, ListGroups.
#include <gtest/gtest.h>

#include "kafka/protocol/messages/describe_groups_message.h"
#include "kafka/protocol/messages/find_coordinator_message.h"
#include "kafka/protocol/messages/heartbeat_message.h"
#include "kafka/protocol/messages/join_group_message.h"
#include "kafka/protocol/messages/leave_group_message.h"
#include "kafka/protocol/messages/list_groups_message.h"
#include "kafka/protocol/messages/message_test_util.h"
#include "kafka/protocol/messages/sync_group_message.h"

namespace millrace::kafka {
namespace {

using testing::Bytes;
using testing::DecodeMessage;
using testing::EncodeMessage;
using testing::ExpectRoundTrip;
using testing::ExpectRoundTripAllVersions;

TEST(GroupMessagesTest, FindCoordinator) {
  FindCoordinatorRequest request{.key = "grp", .key_type = kCoordinatorTypeTransaction};
  ExpectRoundTripAllVersions(request, ApiKey::kFindCoordinator);
  EXPECT_EQ(EncodeMessage(request, 0), Bytes({0, 3, 'g', 'r', 'p'}));
  EXPECT_EQ(EncodeMessage(request, 1), Bytes({0, 3, 'g', 'r', 'p', 1}));

  FindCoordinatorResponse response{.throttle_time_ms = 0,
                                   .error_code = 0,
                                   .error_message = std::nullopt,
                                   .node_id = 1,
                                   .host = "h",
                                   .port = 9092};
  ExpectRoundTripAllVersions(response, ApiKey::kFindCoordinator);
  EXPECT_EQ(EncodeMessage(response, 0), Bytes({0, 0, 0, 0, 0, 1, 0, 1, 'h', 0, 0, 0x23, 0x84}));
  EXPECT_EQ(EncodeMessage(response, 1),
            Bytes({0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0, 0, 1, 0, 1, 'h', 0, 0, 0x23, 0x84}));
  response.error_message = "not ready";
  EXPECT_EQ(ExpectRoundTrip(response, 2), response);
}

TEST(GroupMessagesTest, JoinGroup) {
  JoinGroupRequest request{.group_id = "g",
                           .session_timeout_ms = 30000,
                           .rebalance_timeout_ms = 60000,
                           .member_id = "",
                           .group_instance_id = "static-1",
                           .protocol_type = "consumer"};
  request.protocols = {{.name = "range", .metadata = std::string("\0\1topic", 7)},
                       {.name = "roundrobin", .metadata = ""}};
  ExpectRoundTripAllVersions(request, ApiKey::kJoinGroup);
  EXPECT_EQ(ExpectRoundTrip(request, 5), request);
  // v0 has neither the rebalance timeout nor the instance id.
  const auto v0 = DecodeMessage<JoinGroupRequest>(EncodeMessage(request, 0), 0);
  EXPECT_EQ(v0.rebalance_timeout_ms, -1);
  EXPECT_EQ(v0.group_instance_id, std::nullopt);
  EXPECT_EQ(v0.protocols, request.protocols);

  JoinGroupResponse response{.throttle_time_ms = 0,
                             .error_code = 0,
                             .generation_id = 3,
                             .protocol_name = "range",
                             .leader = "m-1",
                             .member_id = "m-1"};
  response.members = {{.member_id = "m-1", .group_instance_id = std::nullopt, .metadata = "a"},
                      {.member_id = "m-2", .group_instance_id = "static-2", .metadata = "b"}};
  ExpectRoundTripAllVersions(response, ApiKey::kJoinGroup);
  EXPECT_EQ(ExpectRoundTrip(response, 5), response);
  // The MEMBER_ID_REQUIRED reply of v4+: an error, the assigned member id, no members.
  JoinGroupResponse required{.error_code = 79, .member_id = "m-9"};
  EXPECT_EQ(ExpectRoundTrip(required, 4), required);
}

TEST(GroupMessagesTest, SyncGroup) {
  SyncGroupRequest request{
      .group_id = "g", .generation_id = 3, .member_id = "m-1", .group_instance_id = "static-1"};
  request.assignments = {{.member_id = "m-1", .assignment = "A1"},
                         {.member_id = "m-2", .assignment = "A2"}};
  ExpectRoundTripAllVersions(request, ApiKey::kSyncGroup);
  EXPECT_EQ(ExpectRoundTrip(request, 3), request);

  SyncGroupResponse response{.throttle_time_ms = 0, .error_code = 0, .assignment = "A1"};
  ExpectRoundTripAllVersions(response, ApiKey::kSyncGroup);
  EXPECT_EQ(EncodeMessage(response, 0), Bytes({0, 0, 0, 0, 0, 2, 'A', '1'}));
}

TEST(GroupMessagesTest, Heartbeat) {
  HeartbeatRequest request{
      .group_id = "g", .generation_id = 3, .member_id = "m", .group_instance_id = std::nullopt};
  ExpectRoundTripAllVersions(request, ApiKey::kHeartbeat);
  EXPECT_EQ(EncodeMessage(request, 0), Bytes({0, 1, 'g', 0, 0, 0, 3, 0, 1, 'm'}));
  EXPECT_EQ(EncodeMessage(request, 3), Bytes({0, 1, 'g', 0, 0, 0, 3, 0, 1, 'm', 0xFF, 0xFF}));

  HeartbeatResponse response{.throttle_time_ms = 0, .error_code = 27};
  ExpectRoundTripAllVersions(response, ApiKey::kHeartbeat);
  EXPECT_EQ(EncodeMessage(response, 0), Bytes({0, 27}));
  EXPECT_EQ(EncodeMessage(response, 1), Bytes({0, 0, 0, 0, 0, 27}));
}

TEST(GroupMessagesTest, LeaveGroup) {
  LeaveGroupRequest single{.group_id = "g", .member_id = "m"};
  for (int16_t v = 0; v <= 2; ++v) EXPECT_EQ(ExpectRoundTrip(single, v), single);
  LeaveGroupRequest batch{.group_id = "g"};
  batch.members = {{.member_id = "m1", .group_instance_id = std::nullopt},
                   {.member_id = "", .group_instance_id = "static"}};
  EXPECT_EQ(ExpectRoundTrip(batch, 3), batch);
  ExpectRoundTripAllVersions(batch, ApiKey::kLeaveGroup);

  LeaveGroupResponse response{.throttle_time_ms = 0, .error_code = 0};
  response.members = {{.member_id = "m1", .group_instance_id = std::nullopt, .error_code = 25}};
  ExpectRoundTripAllVersions(response, ApiKey::kLeaveGroup);
  EXPECT_EQ(ExpectRoundTrip(response, 3), response);
  EXPECT_TRUE(DecodeMessage<LeaveGroupResponse>(EncodeMessage(response, 2), 2).members.empty());
}

TEST(GroupMessagesTest, DescribeGroups) {
  DescribeGroupsRequest request{.groups = {"g1", "g2"}};
  ExpectRoundTripAllVersions(request, ApiKey::kDescribeGroups);
  EXPECT_EQ(ExpectRoundTrip(request, 2), request);

  DescribeGroupsResponse response{.throttle_time_ms = 0};
  DescribeGroupsResponse::Group group{.error_code = 0,
                                      .group_id = "g1",
                                      .group_state = "Stable",
                                      .protocol_type = "consumer",
                                      .protocol_data = "range"};
  group.members = {{.member_id = "m-1",
                    .client_id = "rdkafka",
                    .client_host = "/127.0.0.1",
                    .member_metadata = "meta",
                    .member_assignment = "assign"}};
  response.groups = {group, {.error_code = 69, .group_id = "g2"}};
  ExpectRoundTripAllVersions(response, ApiKey::kDescribeGroups);
  EXPECT_EQ(ExpectRoundTrip(response, 2), response);
}

TEST(GroupMessagesTest, ListGroups) {
  ExpectRoundTripAllVersions(ListGroupsRequest{}, ApiKey::kListGroups);
  EXPECT_EQ(EncodeMessage(ListGroupsRequest{}, 2), "");
  ListGroupsResponse response{.throttle_time_ms = 0, .error_code = 0};
  response.groups = {{.group_id = "g1", .protocol_type = "consumer"},
                     {.group_id = "g2", .protocol_type = ""}};
  ExpectRoundTripAllVersions(response, ApiKey::kListGroups);
  EXPECT_EQ(ExpectRoundTrip(response, 2), response);
}

}  // namespace
}  // namespace millrace::kafka
