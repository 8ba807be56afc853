// ShardMap::UpdateShardCount: uniform scaling as a sequence of splits and merges.
#include <string>

#include "kinesis/shard_map.h"

namespace millrace::kinesis {

namespace {
constexpr int64_t kDayMs = 24LL * 3600 * 1000;
}  // namespace

KinesisResult<ScalingOutcome> ShardMap::UpdateShardCount(int32_t target,
                                                         const EndOffsetFn& end_offset_of,
                                                         int64_t now_ms) {
  const int32_t open = open_shard_count();
  const std::string counts = "Current open shard count: " + std::to_string(open) +
                             ", Target shard count: " + std::to_string(target);
  if (target > kMaxOpenShardsPerStream) {
    return LimitExceeded("Target shard count or number of open shards cannot be greater than " +
                         std::to_string(kMaxOpenShardsPerStream) + ". " + counts);
  }
  if (int64_t{target} > 2 * int64_t{open}) {
    return LimitExceeded(
        "UpdateShardCount cannot scale up over double your current open shard count. " + counts);
  }
  if (2 * int64_t{target} < int64_t{open}) {
    return LimitExceeded(
        "UpdateShardCount cannot scale down below half your current open shard count. " + counts);
  }
  std::vector<int64_t> recent;
  for (int64_t t : scaling_times_ms_) {
    if (now_ms - t < kDayMs) recent.push_back(t);
  }
  if (recent.size() >= static_cast<size_t>(kMaxScalingsPerDay)) {
    return LimitExceeded("UpdateShardCount has been called " + std::to_string(recent.size()) +
                         " times in the last 24 hours on stream " + stream_name_ +
                         " under account " + account_id_ + "; the limit is " +
                         std::to_string(kMaxScalingsPerDay) + ".");
  }

  // Work on a copy so that a failure leaves *this untouched.
  ShardMap next = *this;
  const int32_t first_new = static_cast<int32_t>(shards_.size());
  ScalingOutcome outcome;
  // Closes `index` at its end: the log's end for a shard open before this call, its (empty)
  // start for a short-lived one created by it.
  auto close = [&](int32_t index) -> KinesisStatus {
    const Shard& shard = next.shards_[index];
    int64_t end = shard.starting_offset;
    if (index < first_new) {
      end = end_offset_of(index);
      MR_KINESIS_RETURN_IF_ERROR(next.CheckEndOffset(shard, end));
      outcome.closed.push_back(index);
    }
    next.Close(index, end, now_ms);
    return KinesisStatus::Ok();
  };

  // 1. Split every open shard at each new boundary strictly inside it, in hash-key order.
  const std::vector<HashKeyRange> targets = SplitEvenly(static_cast<uint32_t>(target));
  std::vector<int32_t> pieces;  // open shards after splitting, ascending hash-key order
  size_t t = 0;
  for (int32_t index : open_by_start_) {
    HashKeyRange range = next.shards_[index].range;
    while (!targets[t].Contains(range.start)) ++t;
    int32_t current = index;
    for (size_t u = t; u + 1 < targets.size() && targets[u + 1].start <= range.end; ++u) {
      HashKey boundary = targets[u + 1].start;
      MR_KINESIS_RETURN_IF_ERROR(close(current));
      int32_t lower = next.AddShard({range.start, boundary - 1}, current, std::nullopt, now_ms);
      int32_t upper = next.AddShard({boundary, range.end}, current, std::nullopt, now_ms);
      pieces.push_back(lower);
      current = upper;
      range.start = boundary;
    }
    pieces.push_back(current);
  }

  // 2. Within each new range, merge its pieces left to right into one shard.
  size_t p = 0;
  for (const HashKeyRange& goal : targets) {
    int32_t accumulated = pieces[p++];
    while (p < pieces.size() && goal.Contains(next.shards_[pieces[p]].range.start)) {
      int32_t piece = pieces[p++];
      MR_KINESIS_RETURN_IF_ERROR(close(accumulated));
      MR_KINESIS_RETURN_IF_ERROR(close(piece));
      HashKeyRange merged{next.shards_[accumulated].range.start, next.shards_[piece].range.end};
      accumulated = next.AddShard(merged, accumulated, piece, now_ms);
    }
  }

  next.RebuildRouting();
  recent.push_back(now_ms);
  next.scaling_times_ms_ = std::move(recent);
  for (int32_t i = first_new; i < static_cast<int32_t>(next.shards_.size()); ++i) {
    outcome.created.push_back(i);
  }
  *this = std::move(next);
  return outcome;
}

}  // namespace millrace::kinesis
