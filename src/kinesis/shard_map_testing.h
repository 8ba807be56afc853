// Checks shared by the ShardMap tests: a fake log's end offsets and a full consistency check.
#pragma once

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "kinesis/shard_id.h"
#include "kinesis/shard_map.h"

namespace millrace::kinesis::test_support {

inline constexpr int64_t kT0 = 1'764'065'400'000;
inline constexpr char kAccount[] = "000000000000";

inline HashKey Random128(std::mt19937_64& rng) {
  return (HashKey{rng()} << 64) | rng();
}

// The end offset a fake log reports for shard `index`.
inline int64_t FakeEnd(int32_t index) {
  return int64_t{index} * 10 + 3;
}

// The open shard holding `key`, found the slow way.
inline const Shard* SlowRoute(const ShardMap& map, HashKey key) {
  const Shard* found = nullptr;
  for (const Shard& s : map.shards()) {
    if (s.open() && s.range.Contains(key)) {
      EXPECT_EQ(found, nullptr) << "two open shards hold one key";
      found = &s;
    }
  }
  return found;
}

inline void ExpectConsistent(const ShardMap& map, std::mt19937_64& rng) {
  ASSERT_TRUE(map.CheckInvariants().ok()) << map.CheckInvariants().ToString();
  std::vector<HashKey> keys = {0, kMaxHashKey};
  for (const Shard* s : map.OpenShards()) {
    keys.push_back(s->range.start);
    keys.push_back(s->range.end);
  }
  for (int i = 0; i < 200; ++i) keys.push_back(Random128(rng));
  for (HashKey key : keys) {
    const Shard& routed = map.Route(key);
    ASSERT_TRUE(routed.open());
    ASSERT_TRUE(routed.range.Contains(key));
    ASSERT_EQ(&routed, SlowRoute(map, key));
  }
  for (const Shard& s : map.shards()) {
    if (!s.open()) {
      ASSERT_EQ(*s.ending_offset, FakeEnd(s.index) * (s.created_ms == *s.closed_ms ? 0 : 1))
          << FormatShardId(s.index);
    }
  }
}

inline std::vector<HashKeyRange> OpenRanges(const ShardMap& map) {
  std::vector<HashKeyRange> out;
  for (const Shard* s : map.OpenShards()) out.push_back(s->range);
  return out;
}

}  // namespace millrace::kinesis::test_support
