#include "kafka/group/group_coordinator.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <optional>

#include "kafka/protocol/error_codes.h"

namespace millrace::kafka {
namespace {

namespace asio = boost::asio;

int16_t E(ErrorCode c) {
  return static_cast<int16_t>(c);
}

JoinGroupRequest MakeJoin(const std::string& member_id) {
  JoinGroupRequest r;
  r.group_id = "g";
  r.session_timeout_ms = 10000;
  r.rebalance_timeout_ms = 10000;
  r.member_id = member_id;
  r.protocol_type = "consumer";
  r.protocols = {{"range", "meta-" + member_id}, {"roundrobin", "rr"}};
  return r;
}

asio::awaitable<void> DoJoin(GroupCoordinator* gc, JoinGroupRequest request,
                             std::optional<JoinGroupResponse>* out) {
  *out = co_await gc->Join(request, 5, "client", "/127.0.0.1");
}

asio::awaitable<void> DoSync(GroupCoordinator* gc, SyncGroupRequest request,
                             std::optional<SyncGroupResponse>* out) {
  *out = co_await gc->Sync(request);
}

class GroupCoordinatorTest : public ::testing::Test {
 protected:
  GroupCoordinatorTest() : gc_(GroupCoordinatorOptions{.initial_rebalance_delay_ms = 0}) {}

  std::optional<JoinGroupResponse> StartJoin(const std::string& member_id,
                                             std::optional<JoinGroupResponse>* slot) {
    asio::co_spawn(io_, DoJoin(&gc_, MakeJoin(member_id), slot), asio::detached);
    io_.poll();
    io_.restart();
    return *slot;
  }
  // Joins through MEMBER_ID_REQUIRED and returns the assigned id.
  std::string NewMemberId() {
    std::optional<JoinGroupResponse> r;
    StartJoin("", &r);
    EXPECT_TRUE(r.has_value());
    EXPECT_EQ(r->error_code, E(ErrorCode::kMemberIdRequired));
    EXPECT_FALSE(r->member_id.empty());
    return r->member_id;
  }

  asio::io_context io_;
  GroupCoordinator gc_;
};

TEST_F(GroupCoordinatorTest, SingleMemberJoinsSyncsAndHeartbeats) {
  const std::string a = NewMemberId();
  std::optional<JoinGroupResponse> ja;
  StartJoin(a, &ja);
  ASSERT_TRUE(ja.has_value());
  EXPECT_EQ(ja->error_code, 0);
  EXPECT_EQ(ja->generation_id, 1);
  EXPECT_EQ(ja->leader, a);
  EXPECT_EQ(ja->protocol_name, "range");
  ASSERT_EQ(ja->members.size(), 1u);
  EXPECT_EQ(ja->members[0].metadata, "meta-" + a);

  SyncGroupRequest sync;
  sync.group_id = "g";
  sync.generation_id = 1;
  sync.member_id = a;
  sync.assignments = {{a, "assignment-a"}};
  std::optional<SyncGroupResponse> sa;
  asio::co_spawn(io_, DoSync(&gc_, sync, &sa), asio::detached);
  io_.poll();
  ASSERT_TRUE(sa.has_value());
  EXPECT_EQ(sa->error_code, 0);
  EXPECT_EQ(sa->assignment, "assignment-a");

  HeartbeatRequest hb{"g", 1, a, std::nullopt};
  EXPECT_EQ(gc_.Heartbeat(hb).error_code, 0);
  hb.generation_id = 0;
  EXPECT_EQ(gc_.Heartbeat(hb).error_code, E(ErrorCode::kIllegalGeneration));
  hb.member_id = "nobody";
  EXPECT_EQ(gc_.Heartbeat(hb).error_code, E(ErrorCode::kUnknownMemberId));
  EXPECT_EQ(gc_.CheckCommit("g", 1, a), 0);
  EXPECT_EQ(gc_.CheckCommit("g", 0, a), E(ErrorCode::kIllegalGeneration));
}

TEST_F(GroupCoordinatorTest, SecondMemberTriggersRebalanceAndLeaveAnother) {
  const std::string a = NewMemberId();
  std::optional<JoinGroupResponse> ja, jb, ja2;
  StartJoin(a, &ja);
  ASSERT_TRUE(ja.has_value());
  const std::string b = NewMemberId();
  StartJoin(b, &jb);
  EXPECT_FALSE(jb.has_value()) << "b waits until a rejoins";
  EXPECT_EQ(gc_.Heartbeat({"g", 1, a, std::nullopt}).error_code,
            E(ErrorCode::kRebalanceInProgress));
  StartJoin(a, &ja2);
  ASSERT_TRUE(ja2.has_value());
  ASSERT_TRUE(jb.has_value());
  EXPECT_EQ(ja2->generation_id, 2);
  EXPECT_EQ(jb->generation_id, 2);
  EXPECT_EQ(ja2->leader, a);
  EXPECT_EQ(ja2->members.size(), 2u);
  EXPECT_TRUE(jb->members.empty());

  // The follower waits in SyncGroup until the leader assigns.
  std::optional<SyncGroupResponse> sb, sa;
  asio::co_spawn(io_, DoSync(&gc_, {"g", 2, b, std::nullopt, {}}, &sb), asio::detached);
  io_.poll();
  io_.restart();
  EXPECT_FALSE(sb.has_value());
  asio::co_spawn(io_, DoSync(&gc_, {"g", 2, a, std::nullopt, {{a, "A"}, {b, "B"}}}, &sa),
                 asio::detached);
  io_.poll();
  io_.restart();
  ASSERT_TRUE(sa.has_value());
  ASSERT_TRUE(sb.has_value());
  EXPECT_EQ(sa->assignment, "A");
  EXPECT_EQ(sb->assignment, "B");

  // b leaves: a must rejoin and gets generation 3 alone.
  LeaveGroupRequest leave;
  leave.group_id = "g";
  leave.member_id = b;
  EXPECT_EQ(gc_.Leave(leave, 1).error_code, 0);
  EXPECT_EQ(gc_.Heartbeat({"g", 2, a, std::nullopt}).error_code,
            E(ErrorCode::kRebalanceInProgress));
  std::optional<JoinGroupResponse> ja3;
  StartJoin(a, &ja3);
  ASSERT_TRUE(ja3.has_value());
  EXPECT_EQ(ja3->generation_id, 3);
  EXPECT_EQ(ja3->members.size(), 1u);
}

TEST_F(GroupCoordinatorTest, SessionTimeoutRemovesMember) {
  const std::string a = NewMemberId();
  std::optional<JoinGroupResponse> ja;
  StartJoin(a, &ja);
  ASSERT_TRUE(ja.has_value());
  // Far in the future: the session has run out.
  gc_.Tick(int64_t{1} << 50);
  EXPECT_EQ(gc_.Heartbeat({"g", 1, a, std::nullopt}).error_code, E(ErrorCode::kUnknownMemberId));
  auto groups = gc_.DescribeGroups({{"g"}});
  ASSERT_EQ(groups.groups.size(), 1u);
  EXPECT_EQ(groups.groups[0].group_state, "Empty");
}

TEST_F(GroupCoordinatorTest, RejectsUnknownMemberAndBadSession) {
  std::optional<JoinGroupResponse> r;
  StartJoin("made-up", &r);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->error_code, E(ErrorCode::kUnknownMemberId));
  JoinGroupRequest bad = MakeJoin("");
  bad.session_timeout_ms = 1;
  std::optional<JoinGroupResponse> r2;
  asio::co_spawn(io_, DoJoin(&gc_, bad, &r2), asio::detached);
  io_.poll();
  ASSERT_TRUE(r2.has_value());
  EXPECT_EQ(r2->error_code, E(ErrorCode::kInvalidSessionTimeout));
}

}  // namespace
}  // namespace millrace::kafka
