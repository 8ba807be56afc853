#include "kinesis/stream_registry.h"

#include <openssl/rand.h>

#include <algorithm>
#include <set>

#include "base/clock.h"
#include "base/logging.h"
#include "kinesis/hash_key.h"
#include "kinesis/limits.h"
#include "kinesis/stream_meta_format.h"
#include "log/file.h"
#include "log/log_manager.h"

namespace millrace::kinesis {

namespace {

constexpr std::string_view kStreamFileSuffix = ".stream";

int64_t RetentionMs(int32_t hours) {
  return static_cast<int64_t>(hours) * 3600 * 1000;
}

KinesisStatus Internal(const Status& s) {
  return {Errc::kInternalFailure, s.ToString()};
}

}  // namespace

void StreamUse::Release() {
  if (!stream_) return;
  {
    std::lock_guard lock(stream_->mu);
    if (--stream_->active_uses == 0) stream_->idle_cv.notify_all();
  }
  stream_.reset();
}

StreamRegistry::StreamRegistry(StreamRegistryOptions options, log::LogManager* log)
    : options_(std::move(options)), log_(log) {}

StreamRegistry::~StreamRegistry() = default;

Result<std::unique_ptr<StreamRegistry>> StreamRegistry::Open(StreamRegistryOptions options,
                                                             log::LogManager* log) {
  std::unique_ptr<StreamRegistry> registry(new StreamRegistry(std::move(options), log));
  MR_RETURN_IF_ERROR(log::CreateDirs(registry->options_.data_dir + "/kinesis/streams"));
  MR_RETURN_IF_ERROR(registry->LoadIteratorKey());
  MR_RETURN_IF_ERROR(registry->Load());
  return registry;
}

Status StreamRegistry::LoadIteratorKey() {
  const std::string path = options_.data_dir + "/kinesis/iterator.key";
  Result<std::string> key = log::ReadWholeFile(path);
  if (!key.ok() || key->size() != ShardIteratorCodec::kKeySize) {
    std::string fresh(ShardIteratorCodec::kKeySize, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(fresh.data()),
                   static_cast<int>(fresh.size())) != 1) {
      return Status::Internal("no entropy for the shard-iterator key");
    }
    MR_RETURN_IF_ERROR(log::WriteFileAtomically(path, fresh));
    key = fresh;
  }
  iterators_ = std::make_unique<ShardIteratorCodec>(*key);
  return Status::Ok();
}

std::string StreamRegistry::StreamPath(const std::string& name) const {
  return options_.data_dir + "/kinesis/streams/" + name + std::string(kStreamFileSuffix);
}

Status StreamRegistry::Load() {
  const std::string dir = options_.data_dir + "/kinesis/streams";
  MR_ASSIGN_OR_RETURN(std::vector<std::string> entries, log::ListDir(dir));
  std::sort(entries.begin(), entries.end());
  for (const std::string& entry : entries) {
    if (entry.size() <= kStreamFileSuffix.size() || !entry.ends_with(kStreamFileSuffix)) continue;
    MR_ASSIGN_OR_RETURN(std::string text, log::ReadWholeFile(dir + "/" + entry));
    KinesisResult<DecodedStreamFile> decoded = DecodeStreamFile(text, options_.account_id);
    if (!decoded.ok()) {
      return Status::Corruption(entry + ": " + decoded.status().message());
    }
    auto stream = std::make_shared<Stream>(std::move(decoded->map));
    stream->meta = std::move(decoded->meta);
    const std::string& name = stream->meta.name;
    if (stream->meta.status == StreamStatus::kDeleting) {
      // A delete that did not finish: finish it.
      for (const Shard& shard : stream->map.shards()) {
        (void)log_->Delete({name, shard.index});
      }
      MR_RETURN_IF_ERROR(log::RemoveFile(dir + "/" + entry));
      continue;
    }
    for (const Shard& shard : stream->map.shards()) {
      log::PartitionId id{name, shard.index};
      Result<log::Partition*> p = log_->Get(id);
      if (!p.ok()) {
        log::PartitionConfig config;
        config.retention_ms = RetentionMs(stream->meta.retention_hours);
        p = log_->Create(id, config);
      }
      if (!p.ok()) return p.status();
      stream->partitions.push_back(*p);
    }
    MakeThrottles(*stream);
    streams_[name] = std::move(stream);
  }
  MR_LOG_INFO("kinesis: {} streams loaded", streams_.size());
  return Status::Ok();
}

void StreamRegistry::MakeThrottles(Stream& stream) const {
  if (!options_.shard_limits) return;
  // Not the wall clock: a bucket made at a wall time would never refill when charged at
  // (smaller) monotonic times.
  const int64_t now_ms = MonotonicNanos() / 1'000'000;
  ThroughputLimits limits;
  while (stream.write_throttles.size() < stream.map.shards().size()) {
    stream.write_throttles.push_back(std::make_unique<ShardWriteThrottle>(limits, now_ms));
    stream.read_throttles.push_back(std::make_unique<ShardReadThrottle>(limits, now_ms));
  }
}

KinesisResult<std::shared_ptr<Stream>> StreamRegistry::Create(const CreateStreamRequest& request,
                                                              int64_t now_ms) {
  std::lock_guard lock(mu_);
  if (streams_.count(request.name) != 0) {
    return ResourceInUse("Stream " + request.name + " under account " + options_.account_id +
                         " already exists.");
  }
  for (const log::PartitionId& id : log_->List()) {
    if (id.topic == request.name) {
      return ResourceInUse("Stream " + request.name + " under account " + options_.account_id +
                           " already exists.");
    }
  }
  int64_t open = 0;
  for (const auto& [name, s] : streams_) {
    std::lock_guard slock(s->mu);
    open += s->map.open_shard_count();
  }
  MR_KINESIS_RETURN_IF_ERROR(CheckAccountShardLimit(options_.account_id, "us-east-1", open,
                                                    options_.account_shard_limit,
                                                    request.shard_count));
  auto stream = std::make_shared<Stream>(
      ShardMap::Create(request.name, options_.account_id, request.shard_count, now_ms));
  StreamMeta& meta = stream->meta;
  meta.name = request.name;
  meta.epoch = static_cast<uint64_t>(now_ms / 1000);
  meta.created_ms = now_ms;
  meta.mode = request.mode;
  meta.max_record_bytes = request.max_record_bytes;
  meta.tags = request.tags;
  if (options_.status_delay_ms > 0) {
    meta.status = StreamStatus::kCreating;
    meta.status_until_ms = now_ms + options_.status_delay_ms;
  }
  log::PartitionConfig config;
  config.retention_ms = RetentionMs(meta.retention_hours);
  for (int32_t i = 0; i < request.shard_count; ++i) {
    Result<log::Partition*> p = log_->Create({request.name, i}, config);
    if (!p.ok()) {
      for (int32_t j = 0; j < i; ++j) (void)log_->Delete({request.name, j});
      return Internal(p.status());
    }
    stream->partitions.push_back(*p);
  }
  {
    std::lock_guard slock(stream->mu);
    KinesisStatus s = Persist(*stream);
    if (!s.ok()) {
      for (int32_t j = 0; j < request.shard_count; ++j) (void)log_->Delete({request.name, j});
      return s;
    }
  }
  MakeThrottles(*stream);
  streams_[request.name] = stream;
  return stream;
}

KinesisResult<std::shared_ptr<Stream>> StreamRegistry::Find(const std::string& name) {
  {
    std::lock_guard lock(mu_);
    auto it = streams_.find(name);
    if (it != streams_.end()) return it->second;
  }
  int32_t partitions = 0;
  for (const log::PartitionId& id : log_->List()) {
    if (id.topic == name) partitions = std::max(partitions, id.partition + 1);
  }
  if (partitions > 0) return Adopt(name, partitions);
  return ResourceNotFound("Stream " + name + " under account " + options_.account_id +
                          " not found.");
}

KinesisResult<std::shared_ptr<Stream>> StreamRegistry::Adopt(const std::string& name,
                                                             int32_t partitions) {
  std::lock_guard lock(mu_);
  auto it = streams_.find(name);
  if (it != streams_.end()) return it->second;
  const int64_t now_ms = WallMillis();
  auto stream =
      std::make_shared<Stream>(ShardMap::Create(name, options_.account_id, partitions, now_ms));
  stream->meta.name = name;
  stream->meta.epoch = static_cast<uint64_t>(now_ms / 1000);
  stream->meta.created_ms = now_ms;
  for (int32_t i = 0; i < partitions; ++i) {
    Result<log::Partition*> p = log_->Get({name, i});
    if (!p.ok()) {
      return ResourceNotFound("Stream " + name + " under account " + options_.account_id +
                              " not found.");
    }
    stream->partitions.push_back(*p);
  }
  {
    std::lock_guard slock(stream->mu);
    MR_KINESIS_RETURN_IF_ERROR(Persist(*stream));
  }
  MakeThrottles(*stream);
  streams_[name] = stream;
  return stream;
}

std::vector<std::string> StreamRegistry::Names() {
  std::set<std::string> names;
  for (const log::PartitionId& id : log_->List()) names.insert(id.topic);
  std::lock_guard lock(mu_);
  for (const auto& [name, s] : streams_) names.insert(name);
  return {names.begin(), names.end()};
}

KinesisStatus StreamRegistry::Delete(const std::string& name) {
  KinesisResult<std::shared_ptr<Stream>> found = Find(name);
  if (!found.ok()) return found.status();
  std::shared_ptr<Stream> stream = *found;
  // Wait for requests using the stream without holding mu_: they may need Find() to finish.
  {
    std::unique_lock slock(stream->mu);
    if (stream->deleted) {
      return ResourceNotFound("Stream " + name + " under account " + options_.account_id +
                              " not found.");
    }
    const StreamStatus before = stream->meta.status;
    stream->meta.status = StreamStatus::kDeleting;
    KinesisStatus persisted = Persist(*stream);
    if (!persisted.ok()) {
      stream->meta.status = before;
      return persisted;
    }
    stream->deleted = true;
    stream->idle_cv.wait(slock, [&] { return stream->active_uses == 0; });
  }
  std::lock_guard lock(mu_);
  streams_.erase(name);
  for (const Shard& shard : stream->map.shards()) {
    Status s = log_->Delete({name, shard.index});
    if (!s.ok() && s.code() != StatusCode::kNotFound) return Internal(s);
  }
  Status s = log::RemoveFile(StreamPath(name));
  if (s.ok()) s = log::SyncDir(options_.data_dir + "/kinesis/streams");
  if (!s.ok()) return Internal(s);
  return KinesisStatus::Ok();
}

KinesisStatus StreamRegistry::Persist(const Stream& stream) {
  Status s = log::WriteFileAtomically(StreamPath(stream.meta.name),
                                      EncodeStreamFile(stream.meta, stream.map));
  if (!s.ok()) return Internal(s);
  return KinesisStatus::Ok();
}

KinesisStatus StreamRegistry::OpenNewPartitions(Stream& stream) {
  log::PartitionConfig config;
  config.retention_ms = RetentionMs(stream.meta.retention_hours);
  while (stream.partitions.size() < stream.map.shards().size()) {
    log::PartitionId id{stream.meta.name, static_cast<int32_t>(stream.partitions.size())};
    Result<log::Partition*> p = log_->Get(id);
    if (!p.ok()) p = log_->Create(id, config);
    if (!p.ok()) return Internal(p.status());
    stream.partitions.push_back(*p);
  }
  MakeThrottles(stream);
  return KinesisStatus::Ok();
}

int64_t StreamRegistry::OpenShardCount() {
  std::lock_guard lock(mu_);
  int64_t open = 0;
  for (const auto& [name, s] : streams_) {
    std::lock_guard slock(s->mu);
    open += s->map.open_shard_count();
  }
  return open;
}

void StreamRegistry::SettleStatus(Stream& stream, int64_t now_ms) const {
  if ((stream.meta.status == StreamStatus::kCreating ||
       stream.meta.status == StreamStatus::kUpdating) &&
      now_ms >= stream.meta.status_until_ms) {
    stream.meta.status = StreamStatus::kActive;
  }
}

}  // namespace millrace::kinesis
