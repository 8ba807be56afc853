// GroupCoordinator: the classic Kafka consumer-group protocol for every group on this broker
// (the only coordinator). Members join (JoinGroup, with MEMBER_ID_REQUIRED for v4+), the leader
// assigns (SyncGroup), members heartbeat; a join, a leave or a missed session timeout starts a
// rebalance that bumps the generation. Group membership is in memory (clients rejoin after a
// restart); committed offsets go to the OffsetStore.
// Thread-safe: one mutex guards all groups. Join and Sync suspend the calling coroutine until the
// rebalance step completes; Tick() (called periodically) enforces timeouts.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "kafka/protocol/messages/describe_groups_message.h"
#include "kafka/protocol/messages/heartbeat_message.h"
#include "kafka/protocol/messages/join_group_message.h"
#include "kafka/protocol/messages/leave_group_message.h"
#include "kafka/protocol/messages/list_groups_message.h"
#include "kafka/protocol/messages/sync_group_message.h"

namespace millrace::kafka {

struct GroupCoordinatorOptions {
  // How long a group that was empty waits for more members before its first generation
  // (Kafka's group.initial.rebalance.delay.ms), so consumers started together share one.
  int64_t initial_rebalance_delay_ms = 1000;
  int32_t min_session_timeout_ms = 1000;
  int32_t max_session_timeout_ms = 30 * 60 * 1000;
};

class GroupCoordinator {
 public:
  explicit GroupCoordinator(GroupCoordinatorOptions options = {});
  ~GroupCoordinator();

  // Completes once the member's join is answered: after the rebalance, or at once with an error.
  boost::asio::awaitable<JoinGroupResponse> Join(const JoinGroupRequest& request, int16_t version,
                                                 const std::string& client_id,
                                                 const std::string& client_host);
  // Completes with the member's assignment once the leader has sent it, or with an error.
  boost::asio::awaitable<SyncGroupResponse> Sync(const SyncGroupRequest& request);
  HeartbeatResponse Heartbeat(const HeartbeatRequest& request);
  LeaveGroupResponse Leave(const LeaveGroupRequest& request, int16_t version);
  // Whether an offset commit from (generation, member) is acceptable now: NONE, or the error to
  // return for every partition. generation < 0 with an empty member id is a standalone commit.
  int16_t CheckCommit(const std::string& group_id, int32_t generation,
                      const std::string& member_id);
  ListGroupsResponse ListGroups();
  DescribeGroupsResponse DescribeGroups(const DescribeGroupsRequest& request);

  // Expires members whose session ran out and finishes rebalances whose time is up.
  void Tick(int64_t now_ms);

  struct Group;
  struct Member;
  struct PendingJoin;
  struct PendingSync;

 private:
  void PrepareRebalance(Group& group, int64_t now_ms);
  void MaybeCompleteJoin(Group& group, int64_t now_ms);
  void CompleteJoin(Group& group, int64_t now_ms);
  void RemoveMember(Group& group, const std::string& member_id, int16_t error, int64_t now_ms);
  std::string NewMemberId(const std::string& client_id);

  const GroupCoordinatorOptions options_;
  std::mutex mu_;
  std::map<std::string, std::unique_ptr<Group>> groups_;
  uint64_t member_counter_ = 0;
};

}  // namespace millrace::kafka
