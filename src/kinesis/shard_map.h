// A stream's shards: hash-key ranges, parent links and open/closed state, with resharding.
//
// Shard i of a stream is log partition i; indexes are dense and never reused. The open shards
// always partition the hash-key space 0 .. 2^128-1 exactly (no gap, no overlap), so every hash
// key routes to one open shard. Splitting or merging closes the parents (recording the log
// offset each ended at, supplied by the caller) and appends children that name their parents.
// Not thread-safe: the owner serialises access, and holds the stream's write lock across a
// reshard so no record reaches a parent after its recorded end offset.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "kinesis/errors.h"
#include "kinesis/hash_key.h"

namespace millrace::kinesis {

inline constexpr int32_t kMaxOpenShardsPerStream = 10'000;
inline constexpr int kMaxScalingsPerDay = 10;  // UpdateShardCount calls per rolling 24 hours

struct Shard {
  int32_t index = 0;                     // also the log partition; ShardId is FormatShardId(index)
  HashKeyRange range;                    // inclusive
  int64_t starting_offset = 0;           // first log offset of the shard
  std::optional<int64_t> ending_offset;  // set when closed: one past the shard's last record
  std::optional<int32_t> parent;         // ParentShardId
  std::optional<int32_t> adjacent_parent;  // AdjacentParentShardId (merges only)
  int64_t created_ms = 0;                  // wall-clock time the shard opened
  std::optional<int64_t> closed_ms;        // wall-clock time it closed

  bool open() const { return !ending_offset.has_value(); }
  bool operator==(const Shard&) const = default;
};

struct SplitOutcome {
  int32_t lower_child;  // StartingHashKey of the parent .. NewStartingHashKey - 1
  int32_t upper_child;  // NewStartingHashKey .. EndingHashKey of the parent
};

struct ScalingOutcome {
  std::vector<int32_t> closed;   // shards open before the call that are now closed
  std::vector<int32_t> created;  // every shard created, including short-lived intermediates
};

// The SequenceNumberRange a shard reports: the number of its starting offset, and once it is
// closed the number of its last record (of its starting offset if it closed empty).
std::string StartingSequenceNumber(const Shard& shard, uint64_t stream_epoch);
std::optional<std::string> EndingSequenceNumber(const Shard& shard, uint64_t stream_epoch);

// Gives the log end offset of an open shard being closed (one past its last record).
using EndOffsetFn = std::function<int64_t(int32_t shard_index)>;

// The shards of one stream and the operations that reshard it; see the file comment. Pointers
// and references to shards stay valid until the next Split, Merge or UpdateShardCount.
class ShardMap {
 public:
  // A new stream: `shard_count` open shards splitting the space evenly (SplitEvenly), indexes
  // 0 .. shard_count-1, created at `now_ms`. REQUIRES: 1 <= shard_count.
  static ShardMap Create(std::string stream_name, std::string account_id, int32_t shard_count,
                         int64_t now_ms);
  // A map rebuilt from persisted state; InternalFailure if the shards break the invariants.
  static KinesisResult<ShardMap> Restore(std::string stream_name, std::string account_id,
                                         std::vector<Shard> shards,
                                         std::vector<int64_t> scaling_times_ms);

  const std::string& stream_name() const { return stream_name_; }
  // Every shard ever created, by index: shards()[i].index == i.
  const std::vector<Shard>& shards() const { return shards_; }
  // Times of the UpdateShardCount calls in the last 24 hours (persist with the shards).
  const std::vector<int64_t>& scaling_times_ms() const { return scaling_times_ms_; }
  int32_t open_shard_count() const { return static_cast<int32_t>(open_by_start_.size()); }
  // Open shards in ascending hash-key order.
  std::vector<const Shard*> OpenShards() const;
  // Shards that were open at `time_ms` (created at or before it, not closed by then), by index.
  std::vector<const Shard*> ShardsOpenAt(int64_t time_ms) const;

  // The shard with this index, or nullptr.
  const Shard* Find(int32_t index) const;
  // The shard a ShardId names; ResourceNotFound "Could not find shard <id> in stream <s> under
  // account <a>." if there is none.
  KinesisResult<const Shard*> FindShardId(std::string_view shard_id) const;
  // The open shard whose range holds `key`. Always exists.
  const Shard& Route(HashKey key) const;
  // Shards whose parent or adjacent parent is `index`, by index.
  std::vector<const Shard*> Children(int32_t index) const;

  // SplitShard: closes the open shard `shard_id` at `parent_end_offset` and opens two children.
  // NewStartingHashKey must satisfy StartingHashKey + 1 < key < EndingHashKey of the parent.
  // Errors: ResourceNotFound (no such shard), InvalidArgument (closed shard, key out of range).
  KinesisResult<SplitOutcome> Split(std::string_view shard_id, HashKey new_starting_hash_key,
                                    int64_t parent_end_offset, int64_t now_ms);

  // MergeShards: closes two open shards with adjacent ranges (either order) and opens one child
  // with ParentShardId = `shard_id` and AdjacentParentShardId = `adjacent_shard_id`.
  // Errors: ResourceNotFound, InvalidArgument (closed shard, not adjacent).
  KinesisResult<int32_t> Merge(std::string_view shard_id, std::string_view adjacent_shard_id,
                               int64_t shard_end_offset, int64_t adjacent_end_offset,
                               int64_t now_ms);

  // UpdateShardCount with UNIFORM_SCALING: leaves `target` open shards splitting the space
  // evenly, reached as Kinesis does by splitting at the new boundaries and then merging the
  // pieces within each new range, so every child names its parents. An open shard whose range
  // is already one of the new ranges stays open. `end_offset_of` is asked for each open shard
  // it closes. Errors: LimitExceeded (more than double or below half the open count, more than
  // kMaxOpenShardsPerStream, more than kMaxScalingsPerDay calls in 24 hours).
  // REQUIRES: target >= 1.
  KinesisResult<ScalingOutcome> UpdateShardCount(int32_t target, const EndOffsetFn& end_offset_of,
                                                 int64_t now_ms);

  // OK when the invariants in the header comment hold; used by Restore and by tests.
  Status CheckInvariants() const;

 private:
  ShardMap(std::string stream_name, std::string account_id);

  int32_t AddShard(HashKeyRange range, std::optional<int32_t> parent,
                   std::optional<int32_t> adjacent_parent, int64_t now_ms);
  void Close(int32_t index, int64_t end_offset, int64_t now_ms);
  void RebuildRouting();
  KinesisStatus CheckOpen(const Shard& shard) const;
  KinesisStatus CheckEndOffset(const Shard& shard, int64_t end_offset) const;
  std::string Where() const;  // "in stream <s> under account <a>"

  std::string stream_name_;
  std::string account_id_;
  std::vector<Shard> shards_;
  std::vector<int32_t> open_by_start_;  // indexes of open shards, ascending range.start
  std::vector<int64_t> scaling_times_ms_;
};

}  // namespace millrace::kinesis
