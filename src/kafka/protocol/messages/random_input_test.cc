// Every request and response decoder, at every advertised version, fed random and adversarial
// bytes: decoding may fail but must never read out of bounds or crash (run under ASan/UBSan).
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "kafka/protocol/messages/api_versions_message.h"
#include "kafka/protocol/messages/create_partitions_message.h"
#include "kafka/protocol/messages/create_topics_message.h"
#include "kafka/protocol/messages/delete_topics_message.h"
#include "kafka/protocol/messages/describe_configs_message.h"
#include "kafka/protocol/messages/describe_groups_message.h"
#include "kafka/protocol/messages/fetch_message.h"
#include "kafka/protocol/messages/find_coordinator_message.h"
#include "kafka/protocol/messages/heartbeat_message.h"
#include "kafka/protocol/messages/init_producer_id_message.h"
#include "kafka/protocol/messages/join_group_message.h"
#include "kafka/protocol/messages/leave_group_message.h"
#include "kafka/protocol/messages/list_groups_message.h"
#include "kafka/protocol/messages/list_offsets_message.h"
#include "kafka/protocol/messages/metadata_message.h"
#include "kafka/protocol/messages/offset_commit_message.h"
#include "kafka/protocol/messages/offset_fetch_message.h"
#include "kafka/protocol/messages/produce_message.h"
#include "kafka/protocol/messages/sync_group_message.h"

namespace millrace::kafka {
namespace {

// Random bytes biased towards values that make lengths and counts interesting: 0x00, 0xFF,
// small numbers, and the occasional huge length.
std::string RandomInput(std::mt19937& rng) {
  std::string out(rng() % 96, '\0');
  for (char& c : out) {
    switch (rng() % 6) {
      case 0:
        c = '\0';
        break;
      case 1:
        c = '\xFF';
        break;
      case 2:
        c = static_cast<char>(rng() % 4);
        break;
      case 3:
        c = '\x7F';
        break;
      default:
        c = static_cast<char>(rng());
        break;
    }
  }
  return out;
}

template <typename Request, typename Response>
void FeedRandomInputs(ApiKey key, std::mt19937& rng, int* decoded_ok) {
  const auto range = FindSupportedApi(key);
  ASSERT_TRUE(range.has_value());
  for (int16_t v = range->min_version; v <= range->max_version; ++v) {
    for (int i = 0; i < 300; ++i) {
      const std::string input = RandomInput(rng);
      Request request;
      WireReader rq(input);
      if (request.Decode(rq, v).ok()) ++*decoded_ok;
      EXPECT_LE(rq.position(), input.size());
      Response response;
      WireReader rs(input);
      if (response.Decode(rs, v).ok()) ++*decoded_ok;
      EXPECT_LE(rs.position(), input.size());
    }
  }
}

TEST(RandomInputTest, DecodersSurviveRandomBytes) {
  std::mt19937 rng(20261125);
  int decoded_ok = 0;
  FeedRandomInputs<ProduceRequest, ProduceResponse>(ApiKey::kProduce, rng, &decoded_ok);
  FeedRandomInputs<FetchRequest, FetchResponse>(ApiKey::kFetch, rng, &decoded_ok);
  FeedRandomInputs<ListOffsetsRequest, ListOffsetsResponse>(ApiKey::kListOffsets, rng, &decoded_ok);
  FeedRandomInputs<MetadataRequest, MetadataResponse>(ApiKey::kMetadata, rng, &decoded_ok);
  FeedRandomInputs<OffsetCommitRequest, OffsetCommitResponse>(ApiKey::kOffsetCommit, rng,
                                                              &decoded_ok);
  FeedRandomInputs<OffsetFetchRequest, OffsetFetchResponse>(ApiKey::kOffsetFetch, rng, &decoded_ok);
  FeedRandomInputs<FindCoordinatorRequest, FindCoordinatorResponse>(ApiKey::kFindCoordinator, rng,
                                                                    &decoded_ok);
  FeedRandomInputs<JoinGroupRequest, JoinGroupResponse>(ApiKey::kJoinGroup, rng, &decoded_ok);
  FeedRandomInputs<HeartbeatRequest, HeartbeatResponse>(ApiKey::kHeartbeat, rng, &decoded_ok);
  FeedRandomInputs<LeaveGroupRequest, LeaveGroupResponse>(ApiKey::kLeaveGroup, rng, &decoded_ok);
  FeedRandomInputs<SyncGroupRequest, SyncGroupResponse>(ApiKey::kSyncGroup, rng, &decoded_ok);
  FeedRandomInputs<DescribeGroupsRequest, DescribeGroupsResponse>(ApiKey::kDescribeGroups, rng,
                                                                  &decoded_ok);
  FeedRandomInputs<ListGroupsRequest, ListGroupsResponse>(ApiKey::kListGroups, rng, &decoded_ok);
  FeedRandomInputs<ApiVersionsRequest, ApiVersionsResponse>(ApiKey::kApiVersions, rng, &decoded_ok);
  FeedRandomInputs<CreateTopicsRequest, CreateTopicsResponse>(ApiKey::kCreateTopics, rng,
                                                              &decoded_ok);
  FeedRandomInputs<DeleteTopicsRequest, DeleteTopicsResponse>(ApiKey::kDeleteTopics, rng,
                                                              &decoded_ok);
  FeedRandomInputs<InitProducerIdRequest, InitProducerIdResponse>(ApiKey::kInitProducerId, rng,
                                                                  &decoded_ok);
  FeedRandomInputs<DescribeConfigsRequest, DescribeConfigsResponse>(ApiKey::kDescribeConfigs, rng,
                                                                    &decoded_ok);
  FeedRandomInputs<CreatePartitionsRequest, CreatePartitionsResponse>(ApiKey::kCreatePartitions,
                                                                      rng, &decoded_ok);
  // Some random inputs are valid messages (ListGroups requests are empty, for one); this keeps
  // the test honest about exercising the success path too.
  EXPECT_GT(decoded_ok, 0);
}

// A request that claims a huge number of topics in a small frame fails before allocating.
TEST(RandomInputTest, ClaimedCountsBeyondTheFrameFailFast) {
  // transactional_id null, acks 1, timeout 0, then 2^31-1 topics in 8 bytes.
  const std::string input(
      "\xFF\xFF\x00\x01\x00\x00\x00\x00\x7F\xFF\xFF\xFF"
      "\x00\x01t\x00\x00\x00\x00\x00",
      20);
  ProduceRequest request;
  WireReader r(input);
  EXPECT_FALSE(request.Decode(r, 3).ok());
  EXPECT_TRUE(request.topics.empty());
}

}  // namespace
}  // namespace millrace::kafka
