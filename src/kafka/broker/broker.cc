#include "kafka/broker/broker.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <chrono>

#include "base/endian.h"
#include "base/logging.h"
#include "kafka/broker/producer_ids.h"
#include "kafka/broker/producer_state.h"
#include "kafka/group/offset_store.h"
#include "kafka/protocol/api_versions.h"
#include "kafka/protocol/error_codes.h"
#include "kafka/protocol/messages/api_versions_message.h"
#include "kafka/protocol/response_frame.h"
#include "kafka/protocol/wire_reader.h"
#include "kafka/protocol/wire_writer.h"
#include "log/log_manager.h"

namespace millrace::kafka {

namespace asio = boost::asio;
using asio::ip::tcp;

Broker::Broker(BrokerOptions options, log::LogManager* log)
    : options_(std::move(options)),
      log_(log),
      producers_(std::make_unique<ProducerStateTable>()),
      blocking_(std::make_unique<asio::thread_pool>(2)),
      groups_(options_.groups) {}

Broker::~Broker() {
  blocking_->join();
}

Result<std::unique_ptr<Broker>> Broker::Open(BrokerOptions options, log::LogManager* log) {
  std::unique_ptr<Broker> broker(new Broker(std::move(options), log));
  MR_ASSIGN_OR_RETURN(broker->offsets_,
                      OffsetStore::Open(broker->options_.data_dir + "/kafka/offsets"));
  const auto rebuild_start = std::chrono::steady_clock::now();
  MR_ASSIGN_OR_RETURN(int64_t largest_producer_id,
                      RebuildProducerState(*log, broker->producers_.get()));
  const auto rebuild_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now() - rebuild_start)
                              .count();
  MR_ASSIGN_OR_RETURN(broker->producer_ids_,
                      ProducerIdAllocator::Open(broker->options_.data_dir + "/kafka/producer_ids",
                                                largest_producer_id + 1));
  MR_LOG_INFO("kafka: idempotent-producer state rebuilt from the log in {} ms: {} "
              "producer-partitions",
              rebuild_ms, broker->producers_->size());
  return broker;
}

void Broker::SetAdvertised(std::string host, int32_t port) {
  options_.advertised_host = std::move(host);
  options_.advertised_port = port;
}

void Broker::Start(asio::io_context& context) {
  context_ = &context;
  asio::co_spawn(asio::make_strand(context), TickLoop(context), asio::detached);
}

asio::awaitable<void> Broker::TickLoop(asio::io_context& context) {
  asio::steady_timer timer(context);
  for (;;) {
    timer.expires_after(std::chrono::milliseconds(100));
    auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
    groups_.Tick(0);
  }
}

net::ConnectionHandler Broker::Handler() {
  return [this](tcp::socket socket) -> asio::awaitable<void> { return Serve(std::move(socket)); };
}

namespace {

// The reply to a request for an API millrace does not implement: a v0 header and
// UNSUPPORTED_VERSION with an empty array, the ApiVersions v0 error layout that every client
// can at least read the error code of.
std::string UnsupportedApiFrame(int32_t correlation_id) {
  WireWriter w;
  w.WriteInt32(10);
  w.WriteInt32(correlation_id);
  w.WriteInt16(static_cast<int16_t>(ErrorCode::kUnsupportedVersion));
  w.WriteInt32(0);
  return w.Release();
}

}  // namespace

asio::awaitable<HandlerResult> Broker::HandleRequest(const RequestHeader& h, WireReader& r,
                                                     const std::string& peer) {
  if (h.key() == ApiKey::kApiVersions) {
    HandlerResult reply = HandleApiVersions(h, r);
    co_return reply;
  }
  if (!IsSupported(h.key(), h.api_version)) {
    MR_LOG_WARN("kafka: {} from {}: unsupported API key {} version {}; UNSUPPORTED_VERSION",
                h.client_id.value_or(""), peer, h.api_key, h.api_version);
    HandlerResult reply = std::optional<std::string>(UnsupportedApiFrame(h.correlation_id));
    co_return reply;
  }
  // Each branch assigns and then co_returns: `co_return co_await f()` on a non-trivial type
  // miscompiles with GCC 12 (temporaries destroyed twice).
  HandlerResult result = std::optional<std::string>();
  switch (h.key()) {
    case ApiKey::kProduce:  // the connection starts these itself (StartProduce)
      result = Status::Internal("Produce is not handled by HandleRequest");
      break;
    case ApiKey::kFetch:  // the connection runs these itself (gather write)
      result = Status::Internal("Fetch is not handled by HandleRequest");
      break;
    case ApiKey::kListOffsets:
      result = HandleListOffsets(h, r);
      break;
    case ApiKey::kMetadata:
      result = HandleMetadata(h, r);
      break;
    case ApiKey::kOffsetCommit:
      result = co_await HandleOffsetCommit(h, r);
      break;
    case ApiKey::kOffsetFetch:
      result = HandleOffsetFetch(h, r);
      break;
    case ApiKey::kFindCoordinator:
      result = HandleFindCoordinator(h, r);
      break;
    case ApiKey::kJoinGroup:
      result = co_await HandleJoinGroup(h, r, peer);
      break;
    case ApiKey::kHeartbeat:
      result = HandleHeartbeat(h, r);
      break;
    case ApiKey::kLeaveGroup:
      result = HandleLeaveGroup(h, r);
      break;
    case ApiKey::kSyncGroup:
      result = co_await HandleSyncGroup(h, r);
      break;
    case ApiKey::kDescribeGroups:
      result = HandleDescribeGroups(h, r);
      break;
    case ApiKey::kListGroups:
      result = HandleListGroups(h, r);
      break;
    case ApiKey::kCreateTopics:
      result = HandleCreateTopics(h, r);
      break;
    case ApiKey::kDeleteTopics:
      result = HandleDeleteTopics(h, r);
      break;
    case ApiKey::kInitProducerId:
      result = co_await HandleInitProducerId(h, r);
      break;
    case ApiKey::kDescribeConfigs:
      result = HandleDescribeConfigs(h, r);
      break;
    case ApiKey::kCreatePartitions:
      result = HandleCreatePartitions(h, r);
      break;
    default:
      result = std::optional<std::string>(UnsupportedApiFrame(h.correlation_id));
      break;
  }
  co_return result;
}

HandlerResult Broker::HandleApiVersions(const RequestHeader& h, WireReader& r) {
  const int16_t version = ApiVersionsReplyVersion(h.api_version);
  if (version != h.api_version) {
    // KIP-511: do not parse the body; answer as v0 with our ranges.
    MR_ASSIGN_OR_RETURN(
        std::string frame,
        EncodeResponseFrame(ApiKey::kApiVersions, version, h.correlation_id,
                            MakeApiVersionsResponse(ErrorCode::kUnsupportedVersion)));
    return std::optional<std::string>(std::move(frame));
  }
  ApiVersionsRequest request;
  MR_RETURN_IF_ERROR(request.Decode(r, h.api_version));
  MR_ASSIGN_OR_RETURN(std::string frame,
                      EncodeResponseFrame(ApiKey::kApiVersions, version, h.correlation_id,
                                          MakeApiVersionsResponse(ErrorCode::kNone)));
  return std::optional<std::string>(std::move(frame));
}

std::map<std::string, std::vector<int32_t>> Broker::Topics() const {
  std::map<std::string, std::vector<int32_t>> topics;
  for (const log::PartitionId& id : log_->List()) topics[id.topic].push_back(id.partition);
  return topics;
}

Status Broker::CreatePartitions(const std::string& topic, int32_t first, int32_t count,
                                const log::PartitionConfig& config) {
  for (int32_t i = 0; i < count; ++i) {
    Result<log::Partition*> created = log_->Create({topic, first + i}, config);
    if (!created.ok()) {
      for (int32_t j = 0; j < i; ++j) (void)log_->Delete({topic, first + j});
      return created.status();
    }
  }
  return Status::Ok();
}

log::Partition* Broker::FindPartition(const std::string& topic, int32_t partition,
                                      bool may_create) {
  Result<log::Partition*> p = log_->Get({topic, partition});
  if (p.ok()) return *p;
  if (!may_create || !options_.auto_create_topics) return nullptr;
  std::lock_guard lock(topic_mu_);
  if (Topics().contains(topic)) {
    p = log_->Get({topic, partition});
    return p.ok() ? *p : nullptr;
  }
  if (!log::ValidatePartitionId({topic, 0}).ok()) return nullptr;
  if (Status s = CreatePartitions(topic, 0, options_.default_partitions, log::PartitionConfig{});
      !s.ok()) {
    MR_LOG_WARN("kafka: cannot auto-create topic {}: {}", topic, s.ToString());
    return nullptr;
  }
  MR_LOG_INFO("kafka: auto-created topic {} with {} partitions", topic,
              options_.default_partitions);
  p = log_->Get({topic, partition});
  return p.ok() ? *p : nullptr;
}

}  // namespace millrace::kafka
