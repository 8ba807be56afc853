// DeliveryWorker: delivers one delivery stream on a thread of its own. It reads the source
// topic's partitions from their checkpoints, routes each record into a buffer (one per output
// partition, one per error-output type), and when a buffer is due (SizeInMBs or
// IntervalInSeconds) builds the object (Parquet conversion or compression), publishes it into
// the lake, registers its partition in the catalog, and only then moves the source checkpoints
// past its records. A crash re-delivers at most what was buffered and unpublished.
// Threading: Start/Stop/Notify from any thread; everything else runs on the worker's thread,
// where blocking file I/O is allowed (it is not an event-loop thread).
#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "base/status.h"
#include "firehose/checkpoint.h"
#include "firehose/delivery_buffer.h"
#include "firehose/delivery_stream.h"
#include "firehose/external_endpoints.h"
#include "firehose/partition_keys.h"
#include "firehose/record_source.h"
#include "firehose/transform_hook.h"

namespace millrace::log {
class LogManager;
}
namespace millrace::lake {
class ObjectStore;
}
namespace millrace::parquet {
class Schema;
}

namespace millrace::firehose {

class CatalogView;
struct CatalogTable;
class DeliveryPlan;
struct DeliveryStream;

struct WorkerEnvironment {
  log::LogManager* log = nullptr;
  lake::ObjectStore* lake = nullptr;
  CatalogView* catalog = nullptr;  // may be null
  std::string checkpoint_path;
  const TransformHookMap* transform_hooks = nullptr;  // may be null: no configured hooks
  const ExternalEndpoints* external = nullptr;        // may be null: log and lake only
  // Longest wait for new data before the worker looks again (it is also woken by Notify).
  int64_t poll_ms = 100;
};

class DeliveryWorker {
 public:
  // REQUIRES: `stream` outlives the worker (it owns it).
  DeliveryWorker(DeliveryStream* stream, WorkerEnvironment env);
  ~DeliveryWorker();  // Stop(false)

  void Start();
  // Stops the thread. With `flush`, delivers every open buffer first (best effort).
  // Idempotent.
  void Stop(bool flush);
  // Wakes the worker: new records were appended to its source.
  void Notify();

 private:
  struct OpenBuffer;
  void Run();
  // Reloads the definition and everything derived from it when its version changed.
  void RefreshPlan();
  void RefreshPartitions(int64_t now_ms);
  // The source of the current definition: an external Kafka cluster or the embedded log.
  Result<std::unique_ptr<RecordSource>> OpenSource() const;
  // Reads what is new in every partition into buffers; true if anything was read.
  bool ReadSources();
  // One source record: KPL and RecordDeAggregation splitting, then Route for each piece.
  void Ingest(int32_t partition, int64_t offset, int64_t arrival_ms, std::string_view data);
  // Records waiting for the transform (Lambda processor): sent in batches of the processor's
  // buffer size, and always before the checkpoint is next computed.
  void Transform(const RecordOrigin& origin, std::string_view data);
  void FlushTransforms();
  // One (sub-)record after the transform: delimiter, partition keys, into its buffer.
  void Route(const RecordOrigin& origin, std::string_view data, const PartitionKeys* lambda_keys);
  void AddToBuffer(const std::string& id, const PartitionKeys* keys,
                   const PartitionKeys* lambda_keys, std::string_view error_type,
                   const RecordOrigin& origin, std::string_view data);
  // Puts an error-output line (already formatted) into the buffer of `error_type`.
  void AddErrorLine(std::string_view error_type, const RecordOrigin& origin, std::string line);
  void AddProcessingError(std::string_view code, std::string_view message,
                          const RecordOrigin& origin, std::string_view raw);
  void AddPartitioningError(std::string_view code, std::string_view message,
                            const RecordOrigin& origin, std::string_view raw);
  void AddConversionError(std::string_view code, std::string_view message,
                          const RecordOrigin& origin, std::string_view raw);
  // Flushes every due buffer (all of them when `all`); returns false if a publish failed.
  bool FlushDue(bool all);
  Status Flush(OpenBuffer& buffer);
  Status FlushData(OpenBuffer& buffer);
  Status FlushErrors(OpenBuffer& buffer);
  Status Publish(const std::string& key, const std::string& bytes, int64_t records);
  // Adds the object's partition to the conversion table once per partition (best effort).
  void RegisterPartition(const CatalogTable& table, const PartitionKeys& keys,
                         const std::string& prefix);
  void CommitCheckpoint(bool force);
  int64_t WaitMillis(int64_t now_ms) const;
  void UpdateFreshness(int64_t wall_ms);

  DeliveryStream* const stream_;
  const WorkerEnvironment env_;

  std::mutex wake_mu_;
  std::condition_variable wake_cv_;
  bool wake_ = false;
  std::atomic<bool> stopping_{false};
  bool flush_on_stop_ = false;
  std::thread thread_;

  // Worker thread only.
  std::unique_ptr<DeliveryPlan> plan_;
  std::string topic_;
  std::unique_ptr<RecordSource> source_;
  std::map<int32_t, int64_t> read_positions_;
  std::map<std::string, std::unique_ptr<OpenBuffer>> buffers_;
  size_t data_buffers_ = 0;  // buffers_ that are not error buffers
  SourceCheckpoint committed_;
  int64_t next_partition_refresh_ms_ = 0;
  int64_t retry_after_ms_ = 0;  // monotonic; after a failed publish
  int64_t retry_delay_ms_ = 0;  // back-off: doubles per failed round, reset by a success
  int64_t last_commit_ms_ = 0;
  std::set<std::string> registered_partitions_;
  struct PendingTransform {
    RecordOrigin origin;
    std::string data;
  };
  std::vector<PendingTransform> pending_transform_;
  size_t pending_transform_bytes_ = 0;
};

}  // namespace millrace::firehose
