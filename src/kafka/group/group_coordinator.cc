#include "kafka/group/group_coordinator.h"

#include <algorithm>
#include <boost/asio/this_coro.hpp>
#include <chrono>
#include <optional>
#include <random>

#include "base/clock.h"
#include "base/logging.h"
#include "kafka/broker/wake_signal.h"
#include "kafka/protocol/error_codes.h"

namespace millrace::kafka {
namespace {

enum class GroupState { kEmpty, kPreparingRebalance, kCompletingRebalance, kStable };

const char* StateName(GroupState s) {
  switch (s) {
    case GroupState::kEmpty:
      return "Empty";
    case GroupState::kPreparingRebalance:
      return "PreparingRebalance";
    case GroupState::kCompletingRebalance:
      return "CompletingRebalance";
    case GroupState::kStable:
      return "Stable";
  }
  return "Dead";
}

int16_t E(ErrorCode code) {
  return static_cast<int16_t>(code);
}

int64_t SteadyMillis() {
  return MonotonicNanos() / 1000000;
}

}  // namespace

struct GroupCoordinator::PendingJoin {
  std::shared_ptr<WakeSignal> signal;
  std::optional<JoinGroupResponse> response;  // set under mu_, before signal->Notify()
};

struct GroupCoordinator::PendingSync {
  std::shared_ptr<WakeSignal> signal;
  std::optional<SyncGroupResponse> response;
};

struct GroupCoordinator::Member {
  std::string id;
  std::optional<std::string> instance_id;
  std::string client_id;
  std::string client_host;
  int32_t session_timeout_ms = 0;
  int32_t rebalance_timeout_ms = 0;
  std::vector<JoinGroupRequest::Protocol> protocols;
  std::string assignment;
  int64_t last_seen_ms = 0;
  std::shared_ptr<PendingJoin> join;  // set while the member waits in JoinGroup
  std::shared_ptr<PendingSync> sync;  // set while the member waits in SyncGroup
};

struct GroupCoordinator::Group {
  std::string id;
  GroupState state = GroupState::kEmpty;
  int32_t generation = 0;
  std::string protocol_type;
  std::string protocol_name;
  std::string leader;
  std::map<std::string, Member> members;
  std::map<std::string, int64_t> pending_ids;  // issued with MEMBER_ID_REQUIRED -> expiry
  int64_t rebalance_deadline_ms = 0;
  int64_t join_not_before_ms = 0;  // initial rebalance delay of a group that was empty
};

GroupCoordinator::GroupCoordinator(GroupCoordinatorOptions options) : options_(options) {}
GroupCoordinator::~GroupCoordinator() = default;

std::string GroupCoordinator::NewMemberId(const std::string& client_id) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  char suffix[40];
  std::snprintf(suffix, sizeof(suffix), "-%llu-%016llx",
                static_cast<unsigned long long>(++member_counter_),
                static_cast<unsigned long long>(rng()));
  return (client_id.empty() ? std::string("member") : client_id) + suffix;
}

boost::asio::awaitable<JoinGroupResponse> GroupCoordinator::Join(const JoinGroupRequest& request,
                                                                 int16_t version,
                                                                 const std::string& client_id,
                                                                 const std::string& client_host) {
  JoinGroupResponse error_response;
  error_response.member_id = request.member_id;
  if (request.group_id.empty()) {
    error_response.error_code = E(ErrorCode::kInvalidGroupId);
    co_return error_response;
  }
  if (request.session_timeout_ms < options_.min_session_timeout_ms ||
      request.session_timeout_ms > options_.max_session_timeout_ms) {
    error_response.error_code = E(ErrorCode::kInvalidSessionTimeout);
    co_return error_response;
  }
  if (request.protocols.empty() || request.protocol_type.empty()) {
    error_response.error_code = E(ErrorCode::kInconsistentGroupProtocol);
    co_return error_response;
  }
  auto executor = co_await boost::asio::this_coro::executor;
  auto pending = std::make_shared<PendingJoin>();
  pending->signal = WakeSignal::Make(executor);
  int64_t wait_ms = 0;
  {
    std::lock_guard lock(mu_);
    const int64_t now = SteadyMillis();
    auto& slot = groups_[request.group_id];
    if (!slot) {
      slot = std::make_unique<Group>();
      slot->id = request.group_id;
    }
    Group& group = *slot;
    if (!group.members.empty()) {
      bool common = false;
      if (group.protocol_type != request.protocol_type) {
        error_response.error_code = E(ErrorCode::kInconsistentGroupProtocol);
        co_return error_response;
      }
      for (const auto& p : request.protocols) {
        common = common || std::all_of(group.members.begin(), group.members.end(), [&](auto& m) {
                   return m.first == request.member_id ||
                          std::any_of(m.second.protocols.begin(), m.second.protocols.end(),
                                      [&](auto& q) { return q.name == p.name; });
                 });
      }
      if (!common) {
        error_response.error_code = E(ErrorCode::kInconsistentGroupProtocol);
        co_return error_response;
      }
    }
    std::string member_id = request.member_id;
    if (member_id.empty()) {
      member_id = NewMemberId(client_id);
      if (version >= 4) {
        group.pending_ids[member_id] = now + request.session_timeout_ms;
        error_response.error_code = E(ErrorCode::kMemberIdRequired);
        error_response.member_id = member_id;
        co_return error_response;
      }
    } else if (!group.members.contains(member_id)) {
      if (group.pending_ids.erase(member_id) == 0) {
        error_response.error_code = E(ErrorCode::kUnknownMemberId);
        co_return error_response;
      }
    }
    Member& m = group.members[member_id];
    m.id = member_id;
    m.instance_id = request.group_instance_id;
    m.client_id = client_id;
    m.client_host = client_host;
    m.session_timeout_ms = request.session_timeout_ms;
    m.rebalance_timeout_ms = request.rebalance_timeout_ms > 0 ? request.rebalance_timeout_ms
                                                              : request.session_timeout_ms;
    m.protocols = request.protocols;
    m.last_seen_ms = now;
    if (m.join) {  // a duplicate join from the same member replaces the older one
      m.join->response = error_response;
      m.join->response->error_code = E(ErrorCode::kUnknownMemberId);
      m.join->signal->Notify();
    }
    m.join = pending;
    if (group.members.size() == 1) group.protocol_type = request.protocol_type;
    if (group.state != GroupState::kPreparingRebalance) PrepareRebalance(group, now);
    MaybeCompleteJoin(group, now);
    wait_ms = std::max<int64_t>(group.rebalance_deadline_ms - now, 0) + 1000;
  }
  co_await pending->signal->Wait(std::chrono::steady_clock::now() +
                                 std::chrono::milliseconds(wait_ms));
  std::lock_guard lock(mu_);
  if (pending->response) co_return *pending->response;
  error_response.error_code = E(ErrorCode::kRebalanceInProgress);
  co_return error_response;
}

void GroupCoordinator::PrepareRebalance(Group& group, int64_t now_ms) {
  const bool was_empty = group.state == GroupState::kEmpty;
  group.state = GroupState::kPreparingRebalance;
  int64_t timeout = 0;
  for (auto& [id, m] : group.members) {
    timeout = std::max<int64_t>(timeout, m.rebalance_timeout_ms);
    if (m.sync) {
      m.sync->response = SyncGroupResponse{};
      m.sync->response->error_code = E(ErrorCode::kRebalanceInProgress);
      m.sync->signal->Notify();
      m.sync.reset();
    }
  }
  group.rebalance_deadline_ms = now_ms + timeout;
  group.join_not_before_ms =
      was_empty ? now_ms + std::min(options_.initial_rebalance_delay_ms, timeout) : now_ms;
}

void GroupCoordinator::MaybeCompleteJoin(Group& group, int64_t now_ms) {
  if (group.state != GroupState::kPreparingRebalance) return;
  const bool all_joined = std::all_of(group.members.begin(), group.members.end(),
                                      [](auto& m) { return m.second.join != nullptr; });
  if ((all_joined && now_ms >= group.join_not_before_ms) || now_ms >= group.rebalance_deadline_ms) {
    CompleteJoin(group, now_ms);
  }
}

void GroupCoordinator::CompleteJoin(Group& group, int64_t now_ms) {
  // Members that did not rejoin in time leave the group.
  for (auto it = group.members.begin(); it != group.members.end();) {
    if (it->second.join == nullptr) {
      MR_LOG_INFO("kafka group {}: member {} did not rejoin in time; removed", group.id, it->first);
      it = group.members.erase(it);
    } else {
      ++it;
    }
  }
  ++group.generation;
  if (group.members.empty()) {
    group.state = GroupState::kEmpty;
    group.leader.clear();
    group.protocol_name.clear();
    return;
  }
  if (!group.members.contains(group.leader)) group.leader = group.members.begin()->first;
  // The protocol: the first of the leader's choices that every member supports.
  group.protocol_name.clear();
  for (const auto& p : group.members[group.leader].protocols) {
    bool everyone = std::all_of(group.members.begin(), group.members.end(), [&](auto& m) {
      return std::any_of(m.second.protocols.begin(), m.second.protocols.end(),
                         [&](auto& q) { return q.name == p.name; });
    });
    if (everyone) {
      group.protocol_name = p.name;
      break;
    }
  }
  group.state = GroupState::kCompletingRebalance;
  MR_LOG_INFO("kafka group {}: generation {} with {} members, protocol {}", group.id,
              group.generation, group.members.size(), group.protocol_name);
  for (auto& [id, m] : group.members) {
    JoinGroupResponse r;
    r.generation_id = group.generation;
    r.protocol_name = group.protocol_name;
    r.leader = group.leader;
    r.member_id = id;
    if (id == group.leader) {
      for (auto& [other_id, other] : group.members) {
        JoinGroupResponse::Member jm;
        jm.member_id = other_id;
        jm.group_instance_id = other.instance_id;
        for (const auto& p : other.protocols) {
          if (p.name == group.protocol_name) jm.metadata = p.metadata;
        }
        r.members.push_back(std::move(jm));
      }
    }
    m.assignment.clear();
    m.last_seen_ms = now_ms;
    m.join->response = std::move(r);
    m.join->signal->Notify();
    m.join.reset();
  }
}

boost::asio::awaitable<SyncGroupResponse> GroupCoordinator::Sync(const SyncGroupRequest& request) {
  SyncGroupResponse response;
  auto executor = co_await boost::asio::this_coro::executor;
  auto pending = std::make_shared<PendingSync>();
  pending->signal = WakeSignal::Make(executor);
  int64_t wait_ms = 0;
  {
    std::lock_guard lock(mu_);
    const int64_t now = SteadyMillis();
    auto git = groups_.find(request.group_id);
    if (git == groups_.end() || !git->second->members.contains(request.member_id)) {
      response.error_code = E(ErrorCode::kUnknownMemberId);
      co_return response;
    }
    Group& group = *git->second;
    Member& member = group.members[request.member_id];
    member.last_seen_ms = now;
    if (request.generation_id != group.generation) {
      response.error_code = E(ErrorCode::kIllegalGeneration);
      co_return response;
    }
    if (group.state == GroupState::kPreparingRebalance || group.state == GroupState::kEmpty) {
      response.error_code = E(ErrorCode::kRebalanceInProgress);
      co_return response;
    }
    if (group.state == GroupState::kStable) {
      response.assignment = member.assignment;
      co_return response;
    }
    // CompletingRebalance.
    if (request.member_id == group.leader) {
      for (const auto& a : request.assignments) {
        auto it = group.members.find(a.member_id);
        if (it != group.members.end()) it->second.assignment = a.assignment;
      }
      group.state = GroupState::kStable;
      for (auto& [id, m] : group.members) {
        if (!m.sync) continue;
        m.sync->response = SyncGroupResponse{};
        m.sync->response->assignment = m.assignment;
        m.sync->signal->Notify();
        m.sync.reset();
      }
      response.assignment = member.assignment;
      co_return response;
    }
    if (member.sync) {
      member.sync->response = SyncGroupResponse{};
      member.sync->response->error_code = E(ErrorCode::kRebalanceInProgress);
      member.sync->signal->Notify();
    }
    member.sync = pending;
    wait_ms = member.session_timeout_ms;
  }
  co_await pending->signal->Wait(std::chrono::steady_clock::now() +
                                 std::chrono::milliseconds(wait_ms));
  std::lock_guard lock(mu_);
  if (pending->response) co_return *pending->response;
  // The leader never sent the assignment: start over.
  auto git = groups_.find(request.group_id);
  if (git != groups_.end()) {
    auto mit = git->second->members.find(request.member_id);
    if (mit != git->second->members.end() && mit->second.sync == pending) mit->second.sync.reset();
  }
  response.error_code = E(ErrorCode::kRebalanceInProgress);
  co_return response;
}

HeartbeatResponse GroupCoordinator::Heartbeat(const HeartbeatRequest& request) {
  HeartbeatResponse response;
  std::lock_guard lock(mu_);
  auto git = groups_.find(request.group_id);
  if (git == groups_.end() || !git->second->members.contains(request.member_id)) {
    response.error_code = E(ErrorCode::kUnknownMemberId);
    return response;
  }
  Group& group = *git->second;
  group.members[request.member_id].last_seen_ms = SteadyMillis();
  if (request.generation_id != group.generation) {
    response.error_code = E(ErrorCode::kIllegalGeneration);
  } else if (group.state == GroupState::kPreparingRebalance) {
    response.error_code = E(ErrorCode::kRebalanceInProgress);
  }
  return response;
}

void GroupCoordinator::RemoveMember(Group& group, const std::string& member_id, int16_t error,
                                    int64_t now_ms) {
  auto it = group.members.find(member_id);
  if (it == group.members.end()) return;
  Member& m = it->second;
  if (m.join) {
    m.join->response = JoinGroupResponse{};
    m.join->response->error_code = error;
    m.join->response->member_id = member_id;
    m.join->signal->Notify();
  }
  if (m.sync) {
    m.sync->response = SyncGroupResponse{};
    m.sync->response->error_code = error;
    m.sync->signal->Notify();
  }
  group.members.erase(it);
  if (group.members.empty() && group.state != GroupState::kPreparingRebalance) {
    ++group.generation;
    group.state = GroupState::kEmpty;
    group.leader.clear();
    group.protocol_name.clear();
    return;
  }
  if (group.state != GroupState::kPreparingRebalance) PrepareRebalance(group, now_ms);
  MaybeCompleteJoin(group, now_ms);
}

LeaveGroupResponse GroupCoordinator::Leave(const LeaveGroupRequest& request, int16_t version) {
  LeaveGroupResponse response;
  std::vector<std::string> ids;
  if (version >= 3) {
    for (const auto& m : request.members) ids.push_back(m.member_id);
  } else {
    ids.push_back(request.member_id);
  }
  std::lock_guard lock(mu_);
  const int64_t now = SteadyMillis();
  auto git = groups_.find(request.group_id);
  for (size_t i = 0; i < ids.size(); ++i) {
    int16_t error = E(ErrorCode::kNone);
    if (git == groups_.end() || !git->second->members.contains(ids[i])) {
      error = E(ErrorCode::kUnknownMemberId);
    } else {
      MR_LOG_INFO("kafka group {}: member {} left", request.group_id, ids[i]);
      RemoveMember(*git->second, ids[i], E(ErrorCode::kUnknownMemberId), now);
    }
    if (version >= 3) {
      LeaveGroupResponse::Member rm;
      rm.member_id = ids[i];
      rm.group_instance_id = request.members[i].group_instance_id;
      rm.error_code = error;
      response.members.push_back(std::move(rm));
    } else {
      response.error_code = error;
    }
  }
  return response;
}

int16_t GroupCoordinator::CheckCommit(const std::string& group_id, int32_t generation,
                                      const std::string& member_id) {
  std::lock_guard lock(mu_);
  auto git = groups_.find(group_id);
  if (generation < 0 && member_id.empty()) {
    // A standalone commit (no group membership) is fine unless the group has live members.
    if (git == groups_.end() || git->second->members.empty()) return E(ErrorCode::kNone);
    return E(ErrorCode::kIllegalGeneration);
  }
  if (git == groups_.end()) return E(ErrorCode::kIllegalGeneration);
  Group& group = *git->second;
  auto mit = group.members.find(member_id);
  if (mit == group.members.end()) return E(ErrorCode::kUnknownMemberId);
  mit->second.last_seen_ms = SteadyMillis();
  if (generation != group.generation) return E(ErrorCode::kIllegalGeneration);
  if (group.state == GroupState::kPreparingRebalance) return E(ErrorCode::kRebalanceInProgress);
  return E(ErrorCode::kNone);
}

ListGroupsResponse GroupCoordinator::ListGroups() {
  ListGroupsResponse response;
  std::lock_guard lock(mu_);
  for (const auto& [id, g] : groups_) {
    ListGroupsResponse::Group lg;
    lg.group_id = id;
    lg.protocol_type = g->protocol_type;
    response.groups.push_back(std::move(lg));
  }
  return response;
}

DescribeGroupsResponse GroupCoordinator::DescribeGroups(const DescribeGroupsRequest& request) {
  DescribeGroupsResponse response;
  std::lock_guard lock(mu_);
  for (const auto& id : request.groups) {
    DescribeGroupsResponse::Group dg;
    dg.group_id = id;
    auto git = groups_.find(id);
    if (git == groups_.end()) {
      dg.group_state = "Dead";
    } else {
      const Group& g = *git->second;
      dg.group_state = StateName(g.state);
      dg.protocol_type = g.protocol_type;
      dg.protocol_data = g.protocol_name;
      for (const auto& [mid, m] : g.members) {
        DescribeGroupsResponse::Member dm;
        dm.member_id = mid;
        dm.client_id = m.client_id;
        dm.client_host = m.client_host;
        for (const auto& p : m.protocols) {
          if (p.name == g.protocol_name) dm.member_metadata = p.metadata;
        }
        dm.member_assignment = m.assignment;
        dg.members.push_back(std::move(dm));
      }
    }
    response.groups.push_back(std::move(dg));
  }
  return response;
}

void GroupCoordinator::Tick(int64_t now_ms) {
  if (now_ms == 0) now_ms = SteadyMillis();
  std::lock_guard lock(mu_);
  for (auto& [id, slot] : groups_) {
    Group& group = *slot;
    for (auto it = group.pending_ids.begin(); it != group.pending_ids.end();) {
      it = it->second < now_ms ? group.pending_ids.erase(it) : std::next(it);
    }
    if (group.state == GroupState::kPreparingRebalance) {
      MaybeCompleteJoin(group, now_ms);
      continue;
    }
    std::vector<std::string> expired;
    for (const auto& [mid, m] : group.members) {
      if (!m.join && !m.sync && now_ms - m.last_seen_ms > m.session_timeout_ms) {
        expired.push_back(mid);
      }
    }
    for (const auto& mid : expired) {
      MR_LOG_INFO("kafka group {}: member {} session timed out", id, mid);
      RemoveMember(group, mid, E(ErrorCode::kUnknownMemberId), now_ms);
    }
  }
}

}  // namespace millrace::kafka
