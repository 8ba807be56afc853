#include "firehose/stream_registry.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "base/clock.h"
#include "base/json.h"
#include "base/logging.h"
#include "firehose/checkpoint.h"
#include "firehose/delivery_metrics.h"
#include "firehose/delivery_plan.h"
#include "firehose/delivery_worker.h"
#include "firehose/kafka_record_source.h"
#include "firehose/log_record_source.h"
#include "log/file.h"
#include "log/log_manager.h"

namespace millrace::firehose {

namespace {

constexpr std::string_view kDefinitionSuffix = ".json";

// The internal topic: durable before PutRecord answers, kept 24 hours as Firehose keeps
// undeliverable data, in segments small enough for retention to reclaim.
log::PartitionConfig InternalTopicConfig() {
  log::PartitionConfig config;
  config.fsync = log::FsyncPolicy::kAlways;
  config.retention_ms = 24LL * 3600 * 1000;
  config.segment_bytes = 128LL << 20;
  config.segment_ms = 3600LL * 1000;
  return config;
}

std::string NotFoundMessage(const std::string& name, const std::string& account) {
  return "Firehose " + name + " under account " + account + " not found.";
}

// MSKSourceConfiguration.ReadFromTimestamp (epoch seconds in JSON, or a CBOR timestamp) in ms.
std::optional<int64_t> ReadFromTimestampMs(const SourceSettings& source) {
  if (source.type != SourceType::kMsk || !source.raw.is_object()) return std::nullopt;
  const Value* ts = source.raw.Find("ReadFromTimestamp");
  if (ts == nullptr || ts->is_null()) return std::nullopt;
  if (ts->kind() == Value::Kind::kTimestamp) return ts->timestamp_millis();
  Result<double> seconds = ts->AsDouble("ReadFromTimestamp");
  if (!seconds.ok()) return std::nullopt;
  return static_cast<int64_t>(*seconds * 1000.0);
}

}  // namespace

DeliveryStreamRegistry::DeliveryStreamRegistry(RegistryOptions options, log::LogManager* log,
                                               lake::ObjectStore* lake, CatalogView* catalog)
    : options_(std::move(options)), log_(log), lake_(lake), catalog_(catalog) {}

DeliveryStreamRegistry::~DeliveryStreamRegistry() {
  Close();
}

Result<std::unique_ptr<DeliveryStreamRegistry>> DeliveryStreamRegistry::Open(
    RegistryOptions options, log::LogManager* log, lake::ObjectStore* lake, CatalogView* catalog) {
  std::unique_ptr<DeliveryStreamRegistry> registry(
      new DeliveryStreamRegistry(std::move(options), log, lake, catalog));
  MR_RETURN_IF_ERROR(registry->Load());
  return registry;
}

std::string DeliveryStreamRegistry::DefinitionPath(const std::string& name) const {
  return options_.data_dir + "/firehose/streams/" + name + std::string(kDefinitionSuffix);
}

std::string DeliveryStreamRegistry::CheckpointPath(const std::string& name) const {
  return options_.data_dir + "/firehose/checkpoints/" + name;
}

Result<log::Partition*> DeliveryStreamRegistry::OpenInternalTopic(const std::string& name) {
  log::PartitionId id{InternalTopic(name), 0};
  Result<log::Partition*> existing = log_->Get(id);
  if (existing.ok()) return existing;
  return log_->Create(id, InternalTopicConfig());
}

Status DeliveryStreamRegistry::Load() {
  MR_RETURN_IF_ERROR(log::CreateDirs(options_.data_dir + "/firehose/streams"));
  MR_RETURN_IF_ERROR(log::CreateDirs(options_.data_dir + "/firehose/checkpoints"));
  MR_ASSIGN_OR_RETURN(std::vector<std::string> names,
                      log::ListDir(options_.data_dir + "/firehose/streams"));
  std::lock_guard lock(mu_);
  for (const std::string& file : names) {
    if (file.size() <= kDefinitionSuffix.size() ||
        file.substr(file.size() - kDefinitionSuffix.size()) != kDefinitionSuffix) {
      continue;  // a temporary left by a crash
    }
    std::string path = options_.data_dir + "/firehose/streams/" + file;
    MR_ASSIGN_OR_RETURN(std::string text, log::ReadWholeFile(path));
    Result<Value> doc = json::Parse(text);
    if (!doc.ok()) return Status::Corruption(path + ": " + doc.status().message());
    Result<DeliveryStreamDefinition> def = DecodeDefinition(*doc);
    if (!def.ok()) return Status::Corruption(path + ": " + def.status().message());
    auto stream = std::make_shared<DeliveryStream>();
    stream->def = std::move(def).value();
    stream->metrics = MetricsFor(stream->def.name);
    if (stream->def.source.type == SourceType::kDirectPut) {
      MR_ASSIGN_OR_RETURN(stream->internal, OpenInternalTopic(stream->def.name));
    }
    streams_[stream->def.name] = stream;
    StartWorker(stream);
  }
  return Status::Ok();
}

const std::string* DeliveryStreamRegistry::ExternalKafkaCluster(
    const SourceSettings& source) const {
  if (source.type != SourceType::kMsk) return nullptr;
  return options_.external.KafkaCluster(source.source_arn);
}

void DeliveryStreamRegistry::StartWorker(const std::shared_ptr<DeliveryStream>& stream) {
  if (!options_.start_workers) return;
  WorkerEnvironment env;
  env.log = log_;
  env.lake = lake_;
  env.catalog = catalog_;
  env.checkpoint_path = CheckpointPath(stream->def.name);
  env.transform_hooks = &options_.transform_hooks;
  env.external = &options_.external;
  stream->worker = std::make_unique<DeliveryWorker>(stream.get(), std::move(env));
  stream->worker->Start();
}

ApiStatus DeliveryStreamRegistry::CheckDeliverable(const DeliveryStreamDefinition& def) const {
  Result<std::unique_ptr<DeliveryPlan>> plan = DeliveryPlan::Make(def, options_.transform_hooks);
  if (!plan.ok()) return InvalidArgument(plan.status().message());
  return std::nullopt;
}

ApiResult<std::shared_ptr<DeliveryStream>> DeliveryStreamRegistry::Create(
    DeliveryStreamDefinition def) {
  if (ApiStatus e = CheckDeliverable(def)) return *e;
  // An external cluster is asked for its offsets before the registry is locked (it may block).
  std::optional<PartitionOffsets> external_start;
  if (const std::string* cluster = ExternalKafkaCluster(def.source)) {
    Result<PartitionOffsets> start = KafkaRecordSource::StartingOffsets(
        *cluster, def.source.topic, ReadFromTimestampMs(def.source));
    if (!start.ok()) {
      if (start.status().code() == StatusCode::kNotFound) {
        return InvalidArgument("Topic " + def.source.topic + " does not exist in MSK cluster " +
                               def.source.source_arn + ".");
      }
      return InvalidArgument("MSK cluster " + def.source.source_arn +
                             " is not reachable: " + start.status().ToString());
    }
    external_start = std::move(start).value();
  }
  std::lock_guard lock(mu_);
  if (closed_) return FromStorage(Status::Unavailable("the server is shutting down"));
  if (streams_.count(def.name) != 0) {
    return ResourceInUse("Firehose " + def.name + " under accountId " + def.account_id +
                         " already exists");
  }
  if (streams_.size() >= kMaxStreams) {
    return LimitExceeded("You have already consumed your firehose quota of " +
                         std::to_string(kMaxStreams) + " hoses. Firehose names: ...");
  }
  auto stream = std::make_shared<DeliveryStream>();
  stream->metrics = MetricsFor(def.name);

  // The first checkpoint: the source's current end (Firehose starts a stream source at
  // LATEST); a DirectPut stream's own topic starts empty.
  SourceCheckpoint checkpoint;
  checkpoint.topic = def.source.topic;
  if (def.source.type == SourceType::kDirectPut) {
    // A topic left by a stream of the same name that was deleted is removed first.
    (void)log_->Delete({def.source.topic, 0});
    Result<log::Partition*> internal = OpenInternalTopic(def.name);
    if (!internal.ok()) return FromStorage(internal.status());
    stream->internal = *internal;
    checkpoint.offsets[0] = stream->internal->HighWatermark();
  } else if (external_start) {
    checkpoint.offsets = std::move(external_start).value();
  } else {
    checkpoint.offsets =
        LogRecordSource::StartingOffsets(*log_, def.source.topic, ReadFromTimestampMs(def.source));
  }
  Status s = SaveCheckpoint(CheckpointPath(def.name), checkpoint);
  if (s.ok())
    s = log::WriteFileAtomically(DefinitionPath(def.name), json::Write(EncodeDefinition(def)));
  if (!s.ok()) {
    (void)log::RemoveFile(CheckpointPath(def.name));
    if (stream->internal != nullptr) (void)log_->Delete({def.source.topic, 0});
    return FromStorage(s);
  }
  stream->def = std::move(def);
  streams_[stream->def.name] = stream;
  StartWorker(stream);
  return stream;
}

ApiResult<std::shared_ptr<DeliveryStream>> DeliveryStreamRegistry::Find(
    const std::string& name, const std::string& account) const {
  std::lock_guard lock(mu_);
  auto it = streams_.find(name);
  if (it == streams_.end()) return ResourceNotFound(NotFoundMessage(name, account));
  return it->second;
}

ApiStatus DeliveryStreamRegistry::Delete(const std::string& name, const std::string& account) {
  std::shared_ptr<DeliveryStream> stream;
  {
    std::lock_guard lock(mu_);
    auto it = streams_.find(name);
    if (it == streams_.end()) return ResourceNotFound(NotFoundMessage(name, account));
    stream = it->second;
    streams_.erase(it);
  }
  {
    std::lock_guard slock(stream->mu);
    stream->deleted = true;
  }
  if (stream->worker) stream->worker->Stop(/*flush=*/false);
  while (stream->appends_in_flight.load() > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  Status s = log::RemoveFile(DefinitionPath(name));
  if (s.ok()) s = log::RemoveFile(CheckpointPath(name));
  if (s.ok() && stream->def.source.type == SourceType::kDirectPut) {
    // PutRecord calls still holding the stream see `deleted` first; an append racing the
    // deletion fails inside the log.
    s = log_->Delete({stream->def.source.topic, 0});
  }
  if (!s.ok()) return FromStorage(s);
  return std::nullopt;
}

std::vector<std::string> DeliveryStreamRegistry::Names() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> names;
  for (const auto& [name, s] : streams_) names.push_back(name);
  return names;
}

std::vector<DeliveryStreamDefinition> DeliveryStreamRegistry::Definitions() const {
  std::vector<std::shared_ptr<DeliveryStream>> streams;
  {
    std::lock_guard lock(mu_);
    for (const auto& [name, s] : streams_) streams.push_back(s);
  }
  std::vector<DeliveryStreamDefinition> defs;
  for (const auto& s : streams) {
    std::lock_guard slock(s->mu);
    defs.push_back(s->def);
  }
  return defs;
}

ApiStatus DeliveryStreamRegistry::Update(
    DeliveryStream& stream, const std::function<ApiStatus(DeliveryStreamDefinition&)>& change) {
  std::lock_guard lock(stream.mu);
  if (stream.deleted) {
    return ResourceNotFound(NotFoundMessage(stream.def.name, stream.def.account_id));
  }
  DeliveryStreamDefinition next = stream.def;
  if (ApiStatus e = change(next)) return e;
  if (ApiStatus e = CheckDeliverable(next)) return e;
  Status s =
      log::WriteFileAtomically(DefinitionPath(next.name), json::Write(EncodeDefinition(next)));
  if (!s.ok()) return FromStorage(s);
  stream.def = std::move(next);
  return std::nullopt;
}

void DeliveryStreamRegistry::Close() {
  std::map<std::string, std::shared_ptr<DeliveryStream>> streams;
  {
    std::lock_guard lock(mu_);
    if (closed_) return;
    closed_ = true;
    streams = streams_;
  }
  for (auto& [name, stream] : streams) {
    if (stream->worker) stream->worker->Stop(/*flush=*/true);
  }
}

}  // namespace millrace::firehose
