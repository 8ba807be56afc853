#include "kinesis/shard_map.h"

#include <algorithm>

#include "kinesis/sequence_number.h"
#include "kinesis/shard_id.h"

namespace millrace::kinesis {

std::string StartingSequenceNumber(const Shard& shard, uint64_t stream_epoch) {
  return EncodeSequenceNumber({stream_epoch, shard.index, shard.starting_offset});
}

std::optional<std::string> EndingSequenceNumber(const Shard& shard, uint64_t stream_epoch) {
  if (shard.open()) return std::nullopt;
  int64_t last = std::max(*shard.ending_offset - 1, shard.starting_offset);
  return EncodeSequenceNumber({stream_epoch, shard.index, last});
}

ShardMap::ShardMap(std::string stream_name, std::string account_id)
    : stream_name_(std::move(stream_name)), account_id_(std::move(account_id)) {}

ShardMap ShardMap::Create(std::string stream_name, std::string account_id, int32_t shard_count,
                          int64_t now_ms) {
  ShardMap map(std::move(stream_name), std::move(account_id));
  for (const HashKeyRange& range : SplitEvenly(static_cast<uint32_t>(shard_count))) {
    map.AddShard(range, std::nullopt, std::nullopt, now_ms);
  }
  map.RebuildRouting();
  return map;
}

KinesisResult<ShardMap> ShardMap::Restore(std::string stream_name, std::string account_id,
                                          std::vector<Shard> shards,
                                          std::vector<int64_t> scaling_times_ms) {
  ShardMap map(std::move(stream_name), std::move(account_id));
  map.shards_ = std::move(shards);
  map.scaling_times_ms_ = std::move(scaling_times_ms);
  map.RebuildRouting();
  Status invariants = map.CheckInvariants();
  if (!invariants.ok()) {
    return KinesisStatus(Errc::kInternalFailure, "shard map of stream " + map.stream_name_ +
                                                     " is corrupt: " + invariants.message());
  }
  return map;
}

std::vector<const Shard*> ShardMap::OpenShards() const {
  std::vector<const Shard*> out;
  out.reserve(open_by_start_.size());
  for (int32_t index : open_by_start_) out.push_back(&shards_[index]);
  return out;
}

std::vector<const Shard*> ShardMap::ShardsOpenAt(int64_t time_ms) const {
  std::vector<const Shard*> out;
  for (const Shard& shard : shards_) {
    if (shard.created_ms <= time_ms && (shard.open() || *shard.closed_ms > time_ms)) {
      out.push_back(&shard);
    }
  }
  return out;
}

const Shard* ShardMap::Find(int32_t index) const {
  if (index < 0 || static_cast<size_t>(index) >= shards_.size()) return nullptr;
  return &shards_[index];
}

KinesisResult<const Shard*> ShardMap::FindShardId(std::string_view shard_id) const {
  std::optional<int32_t> index = ParseShardId(shard_id);
  const Shard* shard = index ? Find(*index) : nullptr;
  if (shard == nullptr) {
    return ResourceNotFound("Could not find shard " + std::string(shard_id) + " " + Where() + ".");
  }
  return shard;
}

const Shard& ShardMap::Route(HashKey key) const {
  // The last open shard starting at or below `key`; the first one starts at 0.
  auto it = std::upper_bound(open_by_start_.begin(), open_by_start_.end(), key,
                             [this](HashKey k, int32_t i) { return k < shards_[i].range.start; });
  return shards_[*(it - 1)];
}

std::vector<const Shard*> ShardMap::Children(int32_t index) const {
  std::vector<const Shard*> out;
  for (const Shard& shard : shards_) {
    if (shard.parent == index || shard.adjacent_parent == index) out.push_back(&shard);
  }
  return out;
}

KinesisResult<SplitOutcome> ShardMap::Split(std::string_view shard_id,
                                            HashKey new_starting_hash_key,
                                            int64_t parent_end_offset, int64_t now_ms) {
  MR_ASSIGN_OR_RETURN(const Shard* parent, FindShardId(shard_id));
  MR_KINESIS_RETURN_IF_ERROR(CheckOpen(*parent));
  const HashKeyRange range = parent->range;
  // The rule exactly as Kinesis states it in its error message.
  if (new_starting_hash_key <= range.start + 1 || new_starting_hash_key >= range.end) {
    return InvalidArgument(
        "NewStartingHashKey " + FormatHashKey(new_starting_hash_key) +
        " used in SplitShard() on shard " + FormatShardId(parent->index) + " " + Where() +
        " is not both greater than one plus the shard's StartingHashKey " +
        FormatHashKey(range.start) + " and less than the shard's EndingHashKey " +
        FormatHashKey(range.end) + ".");
  }
  MR_KINESIS_RETURN_IF_ERROR(CheckEndOffset(*parent, parent_end_offset));
  int32_t parent_index = parent->index;
  Close(parent_index, parent_end_offset, now_ms);
  SplitOutcome outcome;
  outcome.lower_child =
      AddShard({range.start, new_starting_hash_key - 1}, parent_index, std::nullopt, now_ms);
  outcome.upper_child =
      AddShard({new_starting_hash_key, range.end}, parent_index, std::nullopt, now_ms);
  RebuildRouting();
  return outcome;
}

KinesisResult<int32_t> ShardMap::Merge(std::string_view shard_id,
                                       std::string_view adjacent_shard_id, int64_t shard_end_offset,
                                       int64_t adjacent_end_offset, int64_t now_ms) {
  MR_ASSIGN_OR_RETURN(const Shard* first, FindShardId(shard_id));
  MR_ASSIGN_OR_RETURN(const Shard* second, FindShardId(adjacent_shard_id));
  MR_KINESIS_RETURN_IF_ERROR(CheckOpen(*first));
  MR_KINESIS_RETURN_IF_ERROR(CheckOpen(*second));
  bool first_below = first->range.end != kMaxHashKey && first->range.end + 1 == second->range.start;
  bool second_below =
      second->range.end != kMaxHashKey && second->range.end + 1 == first->range.start;
  if (first == second || (!first_below && !second_below)) {
    return InvalidArgument("Shards " + FormatShardId(first->index) + " and " +
                           FormatShardId(second->index) + " " + Where() +
                           " are not an adjacent pair of shards eligible for merging");
  }
  MR_KINESIS_RETURN_IF_ERROR(CheckEndOffset(*first, shard_end_offset));
  MR_KINESIS_RETURN_IF_ERROR(CheckEndOffset(*second, adjacent_end_offset));
  HashKeyRange merged = first_below ? HashKeyRange{first->range.start, second->range.end}
                                    : HashKeyRange{second->range.start, first->range.end};
  int32_t a = first->index, b = second->index;
  Close(a, shard_end_offset, now_ms);
  Close(b, adjacent_end_offset, now_ms);
  int32_t child = AddShard(merged, a, b, now_ms);
  RebuildRouting();
  return child;
}

Status ShardMap::CheckInvariants() const {
  for (size_t i = 0; i < shards_.size(); ++i) {
    const Shard& s = shards_[i];
    std::string id = FormatShardId(static_cast<int32_t>(i));
    if (s.index != static_cast<int32_t>(i)) return Status::Corruption(id + " has another index");
    if (s.range.start > s.range.end) return Status::Corruption(id + " has an empty range");
    if (s.starting_offset < 0) return Status::Corruption(id + " starts below offset 0");
    if (s.ending_offset.has_value() != s.closed_ms.has_value()) {
      return Status::Corruption(id + " is half closed");
    }
    if (s.ending_offset && *s.ending_offset < s.starting_offset) {
      return Status::Corruption(id + " ends before it starts");
    }
    for (std::optional<int32_t> p : {s.parent, s.adjacent_parent}) {
      if (!p) continue;
      if (*p < 0 || static_cast<size_t>(*p) >= i) {
        return Status::Corruption(id + " has a parent that is not older than it");
      }
      if (shards_[*p].open()) return Status::Corruption(id + " has an open parent");
    }
    if (s.adjacent_parent && !s.parent) return Status::Corruption(id + " lacks its parent");
  }
  if (open_by_start_.empty()) return Status::Corruption("no open shard");
  HashKey next = 0;
  for (size_t k = 0; k < open_by_start_.size(); ++k) {
    const HashKeyRange& r = shards_[open_by_start_[k]].range;
    if (r.start != next) return Status::Corruption("open shards leave a gap or overlap");
    if (r.end == kMaxHashKey) {
      if (k + 1 != open_by_start_.size()) return Status::Corruption("open shards overlap");
    } else {
      next = r.end + 1;
    }
  }
  if (shards_[open_by_start_.back()].range.end != kMaxHashKey) {
    return Status::Corruption("open shards do not reach the end of the hash-key space");
  }
  return Status::Ok();
}

int32_t ShardMap::AddShard(HashKeyRange range, std::optional<int32_t> parent,
                           std::optional<int32_t> adjacent_parent, int64_t now_ms) {
  Shard shard;
  shard.index = static_cast<int32_t>(shards_.size());
  shard.range = range;
  shard.parent = parent;
  shard.adjacent_parent = adjacent_parent;
  shard.created_ms = now_ms;
  shards_.push_back(shard);
  return shard.index;
}

void ShardMap::Close(int32_t index, int64_t end_offset, int64_t now_ms) {
  shards_[index].ending_offset = end_offset;
  shards_[index].closed_ms = now_ms;
}

void ShardMap::RebuildRouting() {
  open_by_start_.clear();
  for (const Shard& shard : shards_) {
    if (shard.open()) open_by_start_.push_back(shard.index);
  }
  std::sort(open_by_start_.begin(), open_by_start_.end(), [this](int32_t a, int32_t b) {
    return shards_[a].range.start < shards_[b].range.start;
  });
}

KinesisStatus ShardMap::CheckOpen(const Shard& shard) const {
  if (shard.open()) return KinesisStatus::Ok();
  return InvalidArgument("Shard " + FormatShardId(shard.index) + " " + Where() +
                         " has already been merged or split, and thus is not eligible for "
                         "merging or splitting.");
}

KinesisStatus ShardMap::CheckEndOffset(const Shard& shard, int64_t end_offset) const {
  if (end_offset >= shard.starting_offset) return KinesisStatus::Ok();
  return KinesisStatus(Errc::kInternalFailure, "end offset " + std::to_string(end_offset) + " of " +
                                                   FormatShardId(shard.index) +
                                                   " is below its starting offset");
}

std::string ShardMap::Where() const {
  return "in stream " + stream_name_ + " under account " + account_id_;
}

}  // namespace millrace::kinesis
