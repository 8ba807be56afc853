// DeliveryStreamRegistry: the delivery streams of one server, their stored definitions
// (<data>/firehose/streams/<name>.json) and checkpoints (<data>/firehose/checkpoints/<name>),
// the internal log topic of each DirectPut stream, and one delivery worker per stream.
// Thread-safe. Methods that write files block (fsync): call them off the event loop.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/status.h"
#include "firehose/delivery_stream.h"
#include "firehose/errors.h"
#include "firehose/external_endpoints.h"
#include "firehose/transform_hook.h"

namespace millrace::log {
class LogManager;
class Partition;
}  // namespace millrace::log

namespace millrace::lake {
class ObjectStore;
}

namespace millrace::firehose {

class CatalogView;
class DeliveryWorker;
struct DeliveryMetrics;

// One delivery stream. `def` is guarded by `mu`; `internal` (DirectPut only) and `metrics` are
// set at creation and stay valid while the stream is registered.
struct DeliveryStream {
  std::mutex mu;
  DeliveryStreamDefinition def;
  bool deleted = false;
  log::Partition* internal = nullptr;
  // PutRecord(Batch) calls appending to `internal`; Delete waits for them to finish.
  std::atomic<int32_t> appends_in_flight{0};
  DeliveryMetrics* metrics = nullptr;
  // Set before the stream is registered; destroyed (stopped) first when the stream goes.
  std::unique_ptr<DeliveryWorker> worker;
};

struct RegistryOptions {
  std::string data_dir;
  int64_t status_delay_ms = 0;       // how long a new stream stays CREATING
  bool start_workers = true;         // false in tests of the API alone
  TransformHookMap transform_hooks;  // Lambda ARN or function name -> URL or command
  ExternalEndpoints external;        // external Kafka clusters and S3 stores
};

class DeliveryStreamRegistry {
 public:
  // Loads every stored definition, makes sure each DirectPut stream's internal topic exists and
  // starts the workers. `lake` and `catalog` (may be null: conversion then fails into the error
  // output) must outlive the registry.
  static Result<std::unique_ptr<DeliveryStreamRegistry>> Open(RegistryOptions options,
                                                              log::LogManager* log,
                                                              lake::ObjectStore* lake,
                                                              CatalogView* catalog);
  ~DeliveryStreamRegistry();  // Close()

  // Stores `def`, creates its internal topic (DirectPut), records the source's starting
  // positions (LATEST, or MSK's ReadFromTimestamp) as its first checkpoint and starts its
  // worker. A source on an external Kafka cluster is asked for them (blocks up to ~10 s;
  // InvalidArgument if the topic is not there). ResourceInUse if a stream
  // of that name exists; LimitExceeded past `max_streams`.
  ApiResult<std::shared_ptr<DeliveryStream>> Create(DeliveryStreamDefinition def);
  // ResourceNotFound "Firehose <name> under account <account> not found."
  ApiResult<std::shared_ptr<DeliveryStream>> Find(const std::string& name,
                                                  const std::string& account) const;
  // Stops the worker, removes the definition, checkpoint and internal topic.
  ApiStatus Delete(const std::string& name, const std::string& account);
  // Every stream name, sorted.
  std::vector<std::string> Names() const;
  // Snapshots of every definition, sorted by name.
  std::vector<DeliveryStreamDefinition> Definitions() const;

  // Applies `change` to the stream's definition under its lock and stores it; on failure the
  // definition is left as it was. The worker picks the new definition up before its next read.
  ApiStatus Update(DeliveryStream& stream,
                   const std::function<ApiStatus(DeliveryStreamDefinition&)>& change);

  // Stops every worker (each flushes what it buffered first). Idempotent.
  void Close();

  static constexpr size_t kMaxStreams = 5000;

 private:
  DeliveryStreamRegistry(RegistryOptions options, log::LogManager* log, lake::ObjectStore* lake,
                         CatalogView* catalog);
  Status Load();
  std::string DefinitionPath(const std::string& name) const;
  std::string CheckpointPath(const std::string& name) const;
  // Creates or opens the internal topic of a DirectPut stream.
  Result<log::Partition*> OpenInternalTopic(const std::string& name);
  // InvalidArgument when the worker could not deliver `def` (a JQ query that does not compile,
  // a Lambda ARN with no transform hook ...).
  ApiStatus CheckDeliverable(const DeliveryStreamDefinition& def) const;
  // The bootstrap servers of an MSK source on an external cluster; null for the embedded log.
  const std::string* ExternalKafkaCluster(const SourceSettings& source) const;
  // REQUIRES: mu_ held.
  void StartWorker(const std::shared_ptr<DeliveryStream>& stream);

  const RegistryOptions options_;
  log::LogManager* const log_;
  lake::ObjectStore* const lake_;
  CatalogView* const catalog_;
  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<DeliveryStream>> streams_;
  bool closed_ = false;
};

}  // namespace millrace::firehose
