#include <gtest/gtest.h>

#include <random>

#include "kinesis/sequence_number.h"
#include "kinesis/shard_id.h"
#include "kinesis/shard_map.h"
#include "kinesis/shard_map_testing.h"

namespace millrace::kinesis {
namespace {

using test_support::ExpectConsistent;
using test_support::FakeEnd;
using test_support::kAccount;
using test_support::kT0;
using test_support::OpenRanges;
using test_support::Random128;

struct ScalingCase {
  int32_t from, to;
  size_t total_shards;  // every shard ever created, including short-lived ones
};

class UniformScalingTest : public ::testing::TestWithParam<ScalingCase> {};

TEST_P(UniformScalingTest, EndsWithUniformOpenShardsAndParentLinks) {
  const ScalingCase& c = GetParam();
  std::mt19937_64 rng(c.from * 100 + c.to);
  ShardMap map = ShardMap::Create("s", kAccount, c.from, kT0);
  std::vector<int32_t> asked;
  KinesisResult<ScalingOutcome> r = map.UpdateShardCount(
      c.to,
      [&](int32_t index) {
        asked.push_back(index);
        return FakeEnd(index);
      },
      kT0 + 1);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(OpenRanges(map), SplitEvenly(static_cast<uint32_t>(c.to)));
  EXPECT_EQ(map.shards().size(), c.total_shards);
  EXPECT_EQ(r->closed, asked);  // asked once for each shard it closed
  EXPECT_EQ(r->created.size(), c.total_shards - c.from);
  for (const Shard& s : map.shards()) {
    if (s.index < c.from) {
      EXPECT_EQ(s.open(), c.from == c.to) << s.index;
      continue;
    }
    ASSERT_TRUE(s.parent.has_value()) << s.index;
    EXPECT_LT(*s.parent, s.index);
    // A child's range is exactly the union of its parents' ranges.
    const HashKeyRange& p = map.shards()[*s.parent].range;
    if (s.adjacent_parent) {
      const HashKeyRange& q = map.shards()[*s.adjacent_parent].range;
      EXPECT_EQ(s.range.start, p.start);
      EXPECT_EQ(p.end + 1, q.start);
      EXPECT_EQ(s.range.end, q.end);
    } else {
      EXPECT_TRUE(p.start <= s.range.start && s.range.end <= p.end);
    }
  }
  ExpectConsistent(map, rng);
}

INSTANTIATE_TEST_SUITE_P(Counts, UniformScalingTest,
                         ::testing::Values(ScalingCase{1, 1, 1}, ScalingCase{1, 2, 3},
                                           ScalingCase{2, 1, 3}, ScalingCase{2, 4, 6},
                                           ScalingCase{4, 2, 6}, ScalingCase{4, 8, 12},
                                           ScalingCase{8, 4, 12},
                                           // 4 -> 5: four splits at 1/5..4/5, then three merges.
                                           ScalingCase{4, 5, 15},
                                           // 3 -> 2: one split at 1/2, then a merge on each side.
                                           ScalingCase{3, 2, 7}, ScalingCase{5, 3, 13},
                                           ScalingCase{10, 13, 43}, ScalingCase{100, 200, 300},
                                           ScalingCase{200, 100, 300}));

TEST(ShardMapTest, UpdateShardCountEnforcesAwsLimits) {
  ShardMap map = ShardMap::Create("orders", kAccount, 4, kT0);
  auto ends = [](int32_t i) { return FakeEnd(i); };
  KinesisResult<ScalingOutcome> up = map.UpdateShardCount(9, ends, kT0);
  ASSERT_FALSE(up.ok());
  EXPECT_EQ(up.status().code(), Errc::kLimitExceeded);
  EXPECT_EQ(up.status().message(),
            "UpdateShardCount cannot scale up over double your current open shard count. Current "
            "open shard count: 4, Target shard count: 9");
  KinesisResult<ScalingOutcome> down = map.UpdateShardCount(1, ends, kT0);
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.status().code(), Errc::kLimitExceeded);
  EXPECT_EQ(down.status().message(),
            "UpdateShardCount cannot scale down below half your current open shard count. "
            "Current open shard count: 4, Target shard count: 1");
  KinesisResult<ScalingOutcome> huge = map.UpdateShardCount(10'001, ends, kT0);
  EXPECT_EQ(huge.status().code(), Errc::kLimitExceeded);
  EXPECT_EQ(huge.status().message(),
            "Target shard count or number of open shards cannot be greater than 10000. Current "
            "open shard count: 4, Target shard count: 10001");
  EXPECT_EQ(map.shards().size(), 4u);
  EXPECT_TRUE(map.UpdateShardCount(8, ends, kT0).ok());
  EXPECT_TRUE(map.UpdateShardCount(4, ends, kT0).ok());

  ShardMap odd = ShardMap::Create("orders", kAccount, 5, kT0);
  EXPECT_FALSE(odd.UpdateShardCount(2, ends, kT0).ok());  // 2 < 5 / 2
  EXPECT_TRUE(odd.UpdateShardCount(3, ends, kT0).ok());
}

TEST(ShardMapTest, UpdateShardCountAllowsTenCallsPerRollingDay) {
  ShardMap map = ShardMap::Create("orders", kAccount, 2, kT0);
  auto ends = [](int32_t) { return int64_t{0}; };
  const int64_t hour = 3'600'000;
  for (int i = 0; i < kMaxScalingsPerDay; ++i) {
    ASSERT_TRUE(map.UpdateShardCount(i % 2 == 0 ? 4 : 2, ends, kT0 + i * hour).ok()) << i;
  }
  KinesisResult<ScalingOutcome> eleventh = map.UpdateShardCount(4, ends, kT0 + 10 * hour);
  ASSERT_FALSE(eleventh.ok());
  EXPECT_EQ(eleventh.status().code(), Errc::kLimitExceeded);
  // The first call leaves the window 24 hours after it was made.
  EXPECT_TRUE(map.UpdateShardCount(4, ends, kT0 + 24 * hour).ok());
  EXPECT_EQ(map.scaling_times_ms().size(), static_cast<size_t>(kMaxScalingsPerDay));
}

TEST(ShardMapTest, FailedScalingLeavesTheMapUntouched) {
  ShardMap map = ShardMap::Create("orders", kAccount, 2, kT0);
  ShardMap before = map;
  KinesisResult<ScalingOutcome> r = map.UpdateShardCount(
      3, [](int32_t i) { return i == 1 ? int64_t{-5} : int64_t{7}; }, kT0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Errc::kInternalFailure);
  EXPECT_EQ(map.shards(), before.shards());
  EXPECT_TRUE(map.scaling_times_ms().empty());
}

// Random splits, merges and uniform scalings: the open shards always cover the hash-key space
// exactly once, routing always agrees with a linear scan, and parents are always closed.
TEST(ShardMapTest, RandomReshardingKeepsTheInvariants) {
  std::mt19937_64 rng(20261125);
  ShardMap map = ShardMap::Create("s", kAccount, 3, kT0);
  int64_t now = kT0;
  auto ends = [](int32_t i) { return FakeEnd(i); };
  int splits = 0, merges = 0, scalings = 0;
  for (int step = 0; step < 400; ++step) {
    now += 3 * 3'600'000;  // three hours apart: at most eight scalings per day
    std::vector<const Shard*> open = map.OpenShards();
    switch (rng() % 3) {
      case 0: {
        const Shard* s = open[rng() % open.size()];
        HashKey width = s->range.end - s->range.start;
        if (width < 3 || open.size() >= 60) break;
        HashKey key = s->range.start + 2 + Random128(rng) % (width - 2);
        ASSERT_TRUE(map.Split(FormatShardId(s->index), key, FakeEnd(s->index), now).ok());
        ++splits;
        break;
      }
      case 1: {
        if (open.size() < 2) break;
        size_t k = rng() % (open.size() - 1);
        int32_t a = open[k]->index, b = open[k + 1]->index;
        if (rng() % 2) std::swap(a, b);
        ASSERT_TRUE(
            map.Merge(FormatShardId(a), FormatShardId(b), FakeEnd(a), FakeEnd(b), now).ok());
        ++merges;
        break;
      }
      default: {
        int32_t n = map.open_shard_count();
        int32_t low = (n + 1) / 2, high = std::min(2 * n, 40);
        int32_t target = low + static_cast<int32_t>(rng() % (high - low + 1));
        KinesisResult<ScalingOutcome> r = map.UpdateShardCount(target, ends, now);
        ASSERT_TRUE(r.ok()) << r.status().ToString();
        ASSERT_EQ(OpenRanges(map), SplitEvenly(static_cast<uint32_t>(target)));
        ++scalings;
        break;
      }
    }
    ExpectConsistent(map, rng);
    if (HasFatalFailure()) return;
  }
  EXPECT_GT(splits, 20);
  EXPECT_GT(merges, 20);
  EXPECT_GT(scalings, 20);
}

}  // namespace
}  // namespace millrace::kinesis
