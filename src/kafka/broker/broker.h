// Broker: the Kafka protocol over the durable log. One advertised broker (node 0) that leads
// every partition and coordinates every group. Serves connections handed over by the Kafka
// listener (Handler()); each connection reads size-prefixed frames and answers them in order,
// with Produce requests pipelined (see connection.cc).
// Thread-safe: connections run concurrently on the event-loop threads; shared state (log,
// groups, offsets, producer ids) is thread-safe.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "kafka/broker/gather_frame.h"
#include "kafka/group/group_coordinator.h"
#include "kafka/protocol/request_header.h"
#include "kafka/protocol/wire_writer.h"
#include "log/partition_config.h"
#include "net/tcp_listener.h"

namespace boost::asio {
class thread_pool;
}  // namespace boost::asio

namespace millrace::log {
class LogManager;
class Partition;
}  // namespace millrace::log

namespace millrace::kafka {

class OffsetStore;
class ProducerIdAllocator;
class ProducerStateTable;
class WireReader;

struct BrokerOptions {
  std::string data_dir;  // committed offsets live in <data_dir>/kafka/offsets
  std::string advertised_host = "127.0.0.1";
  int32_t advertised_port = 9092;
  bool auto_create_topics = false;  // Metadata/Produce for an unknown topic creates it
  int32_t default_partitions = 1;   // for auto-created topics and CreateTopics with -1
  int32_t max_frame_bytes = kMaxRequestFrameBytes;
  GroupCoordinatorOptions groups;
};

// The response to one request: a whole frame, or nothing (Produce with acks=0). An error means
// the request could not be understood and the connection must close.
using HandlerResult = Result<std::optional<std::string>>;

class Broker {
 public:
  // Opens the committed-offset store and the producer id blocks, and rebuilds idempotent-producer
  // state from the log's batch headers. `log` must outlive the broker.
  static Result<std::unique_ptr<Broker>> Open(BrokerOptions options, log::LogManager* log);
  ~Broker();

  // The host and port put in Metadata and FindCoordinator. REQUIRES: before connections arrive.
  void SetAdvertised(std::string host, int32_t port);
  // Starts the group coordinator's timeout timer on `context`.
  void Start(boost::asio::io_context& context);

  // The connection handler for the Kafka listener. The broker must outlive every connection.
  net::ConnectionHandler Handler();

  // Handles one request (any but Produce and Fetch, which the connection runs itself) whose
  // header is decoded and whose body `body` is positioned at.
  boost::asio::awaitable<HandlerResult> HandleRequest(const RequestHeader& header, WireReader& body,
                                                      const std::string& peer);

  // Starts a Produce request: decodes it, validates and places every partition's batches in
  // the log before returning (so requests started one after another are appended in that
  // order), and calls `done` once, on `executor`, with the reply when the appends are durable.
  // An error return means the request could not be decoded (`done` is then never called).
  using ReplyCallback = std::function<void(HandlerResult)>;
  Status StartProduce(const RequestHeader& h, WireReader& r, boost::asio::any_io_executor executor,
                      ReplyCallback done);

  const BrokerOptions& options() const { return options_; }

 private:
  Broker(BrokerOptions options, log::LogManager* log);
  boost::asio::awaitable<void> Serve(boost::asio::ip::tcp::socket socket);
  boost::asio::awaitable<void> TickLoop(boost::asio::io_context& context);

  // Topics and their partition numbers, from the log.
  std::map<std::string, std::vector<int32_t>> Topics() const;
  // Creates `partitions` partitions (numbered from `first`) of `topic` with `config`; on error
  // removes the ones it created.
  Status CreatePartitions(const std::string& topic, int32_t first, int32_t count,
                          const log::PartitionConfig& config);
  // The partition, creating the topic if auto-creation is on and the topic does not exist.
  log::Partition* FindPartition(const std::string& topic, int32_t partition, bool may_create);

  // One per API (topic_handlers.cc, produce_handler.cc, fetch_handler.cc, group_handlers.cc).
  HandlerResult HandleApiVersions(const RequestHeader& h, WireReader& r);
  HandlerResult HandleMetadata(const RequestHeader& h, WireReader& r);
  HandlerResult HandleCreateTopics(const RequestHeader& h, WireReader& r);
  HandlerResult HandleDeleteTopics(const RequestHeader& h, WireReader& r);
  HandlerResult HandleCreatePartitions(const RequestHeader& h, WireReader& r);
  HandlerResult HandleDescribeConfigs(const RequestHeader& h, WireReader& r);
  // Fetch answers with the log's record bytes by reference (no copy into the frame).
  boost::asio::awaitable<Result<GatherFrame>> HandleFetch(const RequestHeader& h, WireReader& r);
  HandlerResult HandleListOffsets(const RequestHeader& h, WireReader& r);
  HandlerResult HandleFindCoordinator(const RequestHeader& h, WireReader& r);
  boost::asio::awaitable<HandlerResult> HandleJoinGroup(const RequestHeader& h, WireReader& r,
                                                        const std::string& peer);
  boost::asio::awaitable<HandlerResult> HandleSyncGroup(const RequestHeader& h, WireReader& r);
  HandlerResult HandleHeartbeat(const RequestHeader& h, WireReader& r);
  HandlerResult HandleLeaveGroup(const RequestHeader& h, WireReader& r);
  boost::asio::awaitable<HandlerResult> HandleOffsetCommit(const RequestHeader& h, WireReader& r);
  HandlerResult HandleOffsetFetch(const RequestHeader& h, WireReader& r);
  HandlerResult HandleListGroups(const RequestHeader& h, WireReader& r);
  HandlerResult HandleDescribeGroups(const RequestHeader& h, WireReader& r);
  boost::asio::awaitable<HandlerResult> HandleInitProducerId(const RequestHeader& h, WireReader& r);

  BrokerOptions options_;
  log::LogManager* const log_;
  std::unique_ptr<OffsetStore> offsets_;
  std::unique_ptr<ProducerStateTable> producers_;
  std::unique_ptr<ProducerIdAllocator> producer_ids_;
  // Blocking file work (offset commits, producer id blocks), off the event loop.
  std::unique_ptr<boost::asio::thread_pool> blocking_;
  GroupCoordinator groups_;
  std::mutex topic_mu_;  // serializes topic creation and deletion
  // The event loop's plain (non-strand) executor: log appends and data waits run on it (see
  // produce_handler.cc). Set by Start().
  boost::asio::io_context* context_ = nullptr;
};

}  // namespace millrace::kafka
