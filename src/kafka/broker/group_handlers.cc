// Consumer-group and producer-id APIs: FindCoordinator, JoinGroup, SyncGroup, Heartbeat,
// LeaveGroup, OffsetCommit, OffsetFetch, ListGroups, DescribeGroups, InitProducerId. The group
// logic lives in GroupCoordinator, committed offsets in OffsetStore.
#include "base/logging.h"
#include "kafka/broker/broker.h"
#include "kafka/broker/handler_util.h"
#include "kafka/broker/producer_ids.h"
#include "kafka/broker/producer_state.h"
#include "kafka/group/offset_store.h"
#include "kafka/protocol/messages/describe_groups_message.h"
#include "kafka/protocol/messages/find_coordinator_message.h"
#include "kafka/protocol/messages/heartbeat_message.h"
#include "kafka/protocol/messages/init_producer_id_message.h"
#include "kafka/protocol/messages/join_group_message.h"
#include "kafka/protocol/messages/leave_group_message.h"
#include "kafka/protocol/messages/list_groups_message.h"
#include "kafka/protocol/messages/offset_commit_message.h"
#include "kafka/protocol/messages/offset_fetch_message.h"
#include "kafka/protocol/messages/sync_group_message.h"
#include "log/log_manager.h"
#include "net/run_blocking.h"

namespace millrace::kafka {

namespace asio = boost::asio;

namespace {
constexpr size_t kMaxCommitMetadataBytes = 4096;  // Kafka's offset.metadata.max.bytes
}  // namespace

HandlerResult Broker::HandleFindCoordinator(const RequestHeader& h, WireReader& r) {
  FindCoordinatorRequest request;
  MR_RETURN_IF_ERROR(request.Decode(r, h.api_version));
  FindCoordinatorResponse response;
  if (request.key_type == kCoordinatorTypeGroup) {
    response.node_id = 0;
    response.host = options_.advertised_host;
    response.port = options_.advertised_port;
  } else {
    // Transactions are not implemented: a non-retriable answer (what Kafka gives a transactional
    // id the client may not use), so transactional clients fail at once instead of retrying
    // COORDINATOR_NOT_AVAILABLE until they time out.
    response.error_code = ErrorValue(ErrorCode::kTransactionalIdAuthorizationFailed);
    response.error_message = "transactions are not supported";
  }
  return Reply(h, response);
}

asio::awaitable<HandlerResult> Broker::HandleJoinGroup(const RequestHeader& h, WireReader& r,
                                                       const std::string& peer) {
  JoinGroupRequest request;
  if (Status s = request.Decode(r, h.api_version); !s.ok()) co_return s;
  const std::string client_host = "/" + peer.substr(0, peer.rfind(':'));
  const std::string client_id = h.client_id.value_or("");
  JoinGroupResponse response =
      co_await groups_.Join(request, h.api_version, client_id, client_host);
  HandlerResult reply = Reply(h, response);
  co_return reply;
}

asio::awaitable<HandlerResult> Broker::HandleSyncGroup(const RequestHeader& h, WireReader& r) {
  SyncGroupRequest request;
  if (Status s = request.Decode(r, h.api_version); !s.ok()) co_return s;
  SyncGroupResponse response = co_await groups_.Sync(request);
  HandlerResult reply = Reply(h, response);
  co_return reply;
}

HandlerResult Broker::HandleHeartbeat(const RequestHeader& h, WireReader& r) {
  HeartbeatRequest request;
  MR_RETURN_IF_ERROR(request.Decode(r, h.api_version));
  return Reply(h, groups_.Heartbeat(request));
}

HandlerResult Broker::HandleLeaveGroup(const RequestHeader& h, WireReader& r) {
  LeaveGroupRequest request;
  MR_RETURN_IF_ERROR(request.Decode(r, h.api_version));
  return Reply(h, groups_.Leave(request, h.api_version));
}

asio::awaitable<HandlerResult> Broker::HandleOffsetCommit(const RequestHeader& h,
                                                          WireReader& r) {
  OffsetCommitRequest request;
  if (Status s = request.Decode(r, h.api_version); !s.ok()) co_return s;
  OffsetCommitResponse response;
  int16_t group_error =
      request.group_id.empty()
          ? ErrorValue(ErrorCode::kInvalidGroupId)
          : groups_.CheckCommit(request.group_id, request.generation_id, request.member_id);
  std::map<TopicPartition, CommittedOffset> offsets;
  for (const auto& topic : request.topics) {
    OffsetCommitResponse::Topic& rt = response.topics.emplace_back();
    rt.name = topic.name;
    for (const auto& partition : topic.partitions) {
      OffsetCommitResponse::Partition& rp = rt.partitions.emplace_back();
      rp.partition_index = partition.partition_index;
      if (group_error != 0) {
        rp.error_code = group_error;
      } else if (!log_->Get({topic.name, partition.partition_index}).ok()) {
        rp.error_code = ErrorValue(ErrorCode::kUnknownTopicOrPartition);
      } else if (partition.committed_metadata &&
                 partition.committed_metadata->size() > kMaxCommitMetadataBytes) {
        rp.error_code = ErrorValue(ErrorCode::kOffsetMetadataTooLarge);
      } else {
        offsets[{topic.name, partition.partition_index}] =
            CommittedOffset{partition.committed_offset, partition.committed_leader_epoch,
                            partition.committed_metadata.value_or("")};
      }
    }
  }
  if (!offsets.empty()) {
    // Durable (file and directory fsynced) before the answer; the fsyncs run off the loop.
    OffsetStore* store = offsets_.get();
    auto commit = [store, group = request.group_id, offsets = std::move(offsets)] {
      return store->Commit(group, offsets);
    };
    Status s = co_await net::RunBlocking(*blocking_, std::move(commit));
    if (!s.ok()) {
      MR_LOG_ERROR("kafka: committing offsets of group {}: {}", request.group_id, s.ToString());
      for (auto& topic : response.topics) {
        for (auto& p : topic.partitions) {
          if (p.error_code == 0) p.error_code = ErrorValue(ErrorCode::kKafkaStorageError);
        }
      }
    }
  }
  HandlerResult reply = Reply(h, response);
  co_return reply;
}

HandlerResult Broker::HandleOffsetFetch(const RequestHeader& h, WireReader& r) {
  OffsetFetchRequest request;
  MR_RETURN_IF_ERROR(request.Decode(r, h.api_version));
  OffsetFetchResponse response;
  auto fill = [](OffsetFetchResponse::Partition& rp, const std::optional<CommittedOffset>& c) {
    if (!c) {
      rp.metadata = "";
      return;
    }
    rp.committed_offset = c->offset;
    rp.committed_leader_epoch = c->leader_epoch;
    rp.metadata = c->metadata;
  };
  if (!request.topics) {
    std::map<std::string, OffsetFetchResponse::Topic> by_topic;
    for (const auto& [tp, c] : offsets_->GetAll(request.group_id)) {
      OffsetFetchResponse::Topic& rt = by_topic[tp.first];
      rt.name = tp.first;
      OffsetFetchResponse::Partition& rp = rt.partitions.emplace_back();
      rp.partition_index = tp.second;
      fill(rp, c);
    }
    for (auto& [name, t] : by_topic) response.topics.push_back(std::move(t));
  } else {
    for (const auto& topic : *request.topics) {
      OffsetFetchResponse::Topic& rt = response.topics.emplace_back();
      rt.name = topic.name;
      for (int32_t index : topic.partition_indexes) {
        OffsetFetchResponse::Partition& rp = rt.partitions.emplace_back();
        rp.partition_index = index;
        fill(rp, offsets_->Get(request.group_id, {topic.name, index}));
      }
    }
  }
  return Reply(h, response);
}

HandlerResult Broker::HandleListGroups(const RequestHeader& h, WireReader& r) {
  ListGroupsRequest request;
  MR_RETURN_IF_ERROR(request.Decode(r, h.api_version));
  return Reply(h, groups_.ListGroups());
}

HandlerResult Broker::HandleDescribeGroups(const RequestHeader& h, WireReader& r) {
  DescribeGroupsRequest request;
  MR_RETURN_IF_ERROR(request.Decode(r, h.api_version));
  return Reply(h, groups_.DescribeGroups(request));
}

asio::awaitable<HandlerResult> Broker::HandleInitProducerId(const RequestHeader& h,
                                                            WireReader& r) {
  InitProducerIdRequest request;
  if (Status s = request.Decode(r, h.api_version); !s.ok()) co_return s;
  InitProducerIdResponse response;
  if (request.transactional_id) {
    // Transactions are not implemented; idempotence without them is.
    response.error_code = ErrorValue(ErrorCode::kTransactionalIdAuthorizationFailed);
  } else if (request.producer_id >= 0) {
    // A producer bumping its epoch after an error keeps its id.
    response.producer_id = request.producer_id;
    response.producer_epoch = static_cast<int16_t>(request.producer_epoch + 1);
  } else {
    // Once per block of ids this fsyncs the block end: run it off the loop.
    ProducerIdAllocator* ids = producer_ids_.get();
    auto allocate = [ids] { return ids->Allocate(); };
    Result<int64_t> id = co_await net::RunBlocking(*blocking_, std::move(allocate));
    if (id.ok()) {
      response.producer_id = *id;
      response.producer_epoch = 0;
    } else {
      MR_LOG_ERROR("kafka: allocating a producer id: {}", id.status().ToString());
      response.error_code = ErrorValue(ErrorCode::kKafkaStorageError);
    }
  }
  HandlerResult reply = Reply(h, response);
  co_return reply;
}

}  // namespace millrace::kafka
