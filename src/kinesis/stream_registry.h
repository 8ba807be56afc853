// StreamRegistry: the Kinesis streams of one server and their durable metadata.
//
// A stream named S with N shards is log topic S with partitions 0..N-1; the registry keeps what
// the log does not: the shard map, status, mode, retention, tags, consumers, encryption,
// monitoring, record size limit and resource policies, one file per stream under
// <data-dir>/kinesis/streams/, each written atomically (temp file, fsync, rename, fsync dir).
// The shard-iterator key lives in <data-dir>/kinesis/iterator.key so iterators survive restarts.
// A log topic without Kinesis metadata (made through Kafka) is adopted as a stream whose
// partitions split the hash-key range evenly.
//
// Threading: every method is thread-safe. Methods that write files block (fsync); call them off
// the event loop. A Stream's fields are guarded by its own `mu`.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "kinesis/errors.h"
#include "kinesis/shard_iterator.h"
#include "kinesis/shard_map.h"
#include "kinesis/shard_throughput.h"
#include "kinesis/stream_state.h"

namespace millrace::log {
class LogManager;
class Partition;
}  // namespace millrace::log

namespace millrace::kinesis {

struct ConsumerInfo {
  std::string name;
  int64_t created_ms = 0;  // its ARN carries created_ms / 1000
  bool operator==(const ConsumerInfo&) const = default;
};

// Everything about a stream that is persisted besides the shard map.
struct StreamMeta {
  std::string name;
  uint64_t epoch = 0;  // creation time in seconds; part of every sequence number
  int64_t created_ms = 0;
  StreamStatus status = StreamStatus::kActive;
  int64_t status_until_ms = 0;  // CREATING/UPDATING end at this time (0: now)
  StreamMode mode = StreamMode::kProvisioned;
  int32_t retention_hours = 24;
  int64_t max_record_bytes = 1 << 20;
  std::string encryption_type = "NONE";  // "NONE" or "KMS"
  std::string key_id;
  std::vector<std::string> shard_level_metrics;
  std::map<std::string, std::string> tags;
  std::vector<ConsumerInfo> consumers;
  std::map<std::string, std::string> policies;  // resource ARN -> policy document
  bool operator==(const StreamMeta&) const = default;
};

// One stream: metadata, shard map and the log partitions of its shards.
// Fields are guarded by `mu`. `partitions[i]` is shard i's partition, valid while the stream is
// registered and `active_uses > 0` (DeleteStream waits for uses to end before deleting files).
struct Stream {
  explicit Stream(ShardMap m) : map(std::move(m)) {}

  mutable std::mutex mu;
  std::condition_variable idle_cv;  // signalled when active_uses drops to 0
  StreamMeta meta;
  ShardMap map;
  std::vector<log::Partition*> partitions;
  std::vector<std::unique_ptr<ShardWriteThrottle>> write_throttles;  // by shard; when limits on
  std::vector<std::unique_ptr<ShardReadThrottle>> read_throttles;
  int active_uses = 0;     // requests holding partition pointers (see StreamUse)
  // Writers wait while a reshard closes shards; read without `mu` so that waiting writers never
  // block an event-loop thread on the mutex a reshard holds across its fsyncs.
  std::atomic<bool> resharding{false};
  bool deleted = false;
};

// Keeps a stream's partitions alive for a request. Acquire under stream.mu.
class StreamUse {
 public:
  StreamUse() = default;
  // REQUIRES: stream->mu held by the caller.
  explicit StreamUse(std::shared_ptr<Stream> stream) : stream_(std::move(stream)) {
    ++stream_->active_uses;
  }
  StreamUse(StreamUse&& o) noexcept : stream_(std::move(o.stream_)) {}
  StreamUse& operator=(StreamUse&& o) noexcept {
    Release();
    stream_ = std::move(o.stream_);
    return *this;
  }
  ~StreamUse() { Release(); }
  void Release();

 private:
  std::shared_ptr<Stream> stream_;
};

struct StreamRegistryOptions {
  std::string data_dir;               // metadata under <data_dir>/kinesis
  std::string account_id = "000000000000";
  bool shard_limits = false;          // per-shard throughput limits
  int64_t status_delay_ms = 0;        // CREATING/UPDATING last this long
  int64_t account_shard_limit = 20000;
};

struct CreateStreamRequest {
  std::string name;
  int32_t shard_count = 1;
  StreamMode mode = StreamMode::kProvisioned;
  int64_t max_record_bytes = 1 << 20;
  std::map<std::string, std::string> tags;
};

class StreamRegistry {
 public:
  // Loads every stream under <data_dir>/kinesis and the iterator key (made on first start).
  static Result<std::unique_ptr<StreamRegistry>> Open(StreamRegistryOptions options,
                                                      log::LogManager* log);
  ~StreamRegistry();

  const ShardIteratorCodec& iterators() const { return *iterators_; }
  const StreamRegistryOptions& options() const { return options_; }

  // Creates the stream's partitions and metadata. ResourceInUse if it exists; LimitExceeded past
  // the account's shard limit. Blocks (fsync).
  KinesisResult<std::shared_ptr<Stream>> Create(const CreateStreamRequest& request, int64_t now_ms);
  // The stream, or ResourceNotFound "Stream S under account A not found.". Adopts a log topic
  // that has no metadata yet (may block once to persist it).
  KinesisResult<std::shared_ptr<Stream>> Find(const std::string& name);
  // Every stream name, sorted (log topics included).
  std::vector<std::string> Names();
  // Removes the stream: metadata and partitions. Waits for requests using it to finish. Blocks.
  KinesisStatus Delete(const std::string& name);
  // Writes the stream's metadata and shard map. REQUIRES: stream.mu held. Blocks (fsync).
  KinesisStatus Persist(const Stream& stream);
  // Opens partitions for shards the map has but `partitions` lacks (after a reshard).
  // REQUIRES: stream.mu held. Blocks.
  KinesisStatus OpenNewPartitions(Stream& stream);
  // Open shards over all streams.
  int64_t OpenShardCount();
  // Moves CREATING/UPDATING to ACTIVE once their delay has passed. REQUIRES: stream.mu held.
  void SettleStatus(Stream& stream, int64_t now_ms) const;

 private:
  StreamRegistry(StreamRegistryOptions options, log::LogManager* log);
  Status Load();
  Status LoadIteratorKey();
  std::string StreamPath(const std::string& name) const;
  KinesisResult<std::shared_ptr<Stream>> Adopt(const std::string& name, int32_t partitions);
  // Adds the missing shards' throttles. Their buckets run on the monotonic clock in
  // milliseconds, the clock the handlers charge them with.
  void MakeThrottles(Stream& stream) const;

  const StreamRegistryOptions options_;
  log::LogManager* const log_;
  std::unique_ptr<ShardIteratorCodec> iterators_;
  std::mutex mu_;  // guards streams_; held across create/delete so names cannot race
  std::map<std::string, std::shared_ptr<Stream>> streams_;
};

}  // namespace millrace::kinesis
