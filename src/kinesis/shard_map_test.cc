#include "kinesis/shard_map.h"

#include <gtest/gtest.h>

#include <random>

#include "kinesis/sequence_number.h"
#include "kinesis/shard_id.h"
#include "kinesis/shard_map_testing.h"

namespace millrace::kinesis {
namespace {

using test_support::ExpectConsistent;
using test_support::FakeEnd;
using test_support::kAccount;
using test_support::kT0;
using test_support::OpenRanges;
using test_support::Random128;

TEST(ShardMapTest, CreateSplitsTheSpaceEvenly) {
  for (int32_t n : {1, 2, 3, 5, 16, 100}) {
    ShardMap map = ShardMap::Create("s", kAccount, n, kT0);
    ASSERT_EQ(map.shards().size(), static_cast<size_t>(n));
    EXPECT_EQ(map.open_shard_count(), n);
    EXPECT_EQ(OpenRanges(map), SplitEvenly(static_cast<uint32_t>(n)));
    for (const Shard& s : map.shards()) {
      EXPECT_TRUE(s.open());
      EXPECT_FALSE(s.parent.has_value());
      EXPECT_EQ(s.created_ms, kT0);
    }
    EXPECT_TRUE(map.CheckInvariants().ok());
  }
}

TEST(ShardMapTest, RoutesPartitionKeysToTheOwningShard) {
  std::mt19937_64 rng(1);
  ShardMap map = ShardMap::Create("s", kAccount, 7, kT0);
  ExpectConsistent(map, rng);
  // "a" hashes to 16955237001963240173058271559858726497, inside the first of 7 ranges.
  EXPECT_EQ(map.Route(PartitionKeyHash("a")).index, 0);
  EXPECT_EQ(map.Route(kMaxHashKey).index, 6);
}

TEST(ShardMapTest, FindShardIdAcceptsShortFormsAndReportsMissingShards) {
  ShardMap map = ShardMap::Create("orders", kAccount, 2, kT0);
  EXPECT_EQ((*map.FindShardId("shardId-000000000001"))->index, 1);
  EXPECT_EQ((*map.FindShardId("1"))->index, 1);
  for (const char* missing : {"shardId-000000000002", "bogus", ""}) {
    KinesisResult<const Shard*> r = map.FindShardId(missing);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Errc::kResourceNotFound);
    EXPECT_EQ(r.status().message(), std::string("Could not find shard ") + missing +
                                        " in stream orders under account 000000000000.");
  }
  EXPECT_EQ(map.Find(2), nullptr);
  EXPECT_EQ(map.Find(-1), nullptr);
}

TEST(ShardMapTest, SplitClosesTheParentAndOpensTwoChildren) {
  std::mt19937_64 rng(2);
  ShardMap map = ShardMap::Create("s", kAccount, 2, kT0);
  HashKeyRange parent_range = map.shards()[1].range;
  HashKey middle = parent_range.start + (parent_range.end - parent_range.start) / 2;
  KinesisResult<SplitOutcome> r = map.Split("shardId-000000000001", middle, FakeEnd(1), kT0 + 5);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->lower_child, 2);
  EXPECT_EQ(r->upper_child, 3);
  const Shard& parent = map.shards()[1];
  EXPECT_FALSE(parent.open());
  EXPECT_EQ(parent.ending_offset, FakeEnd(1));
  EXPECT_EQ(parent.closed_ms, kT0 + 5);
  EXPECT_EQ(map.shards()[2].range, (HashKeyRange{parent_range.start, middle - 1}));
  EXPECT_EQ(map.shards()[3].range, (HashKeyRange{middle, parent_range.end}));
  for (int32_t child : {2, 3}) {
    EXPECT_EQ(map.shards()[child].parent, 1);
    EXPECT_FALSE(map.shards()[child].adjacent_parent.has_value());
    EXPECT_EQ(map.shards()[child].created_ms, kT0 + 5);
  }
  EXPECT_EQ(map.open_shard_count(), 3);
  std::vector<const Shard*> children = map.Children(1);
  ASSERT_EQ(children.size(), 2u);
  EXPECT_EQ(children[0]->index, 2);
  EXPECT_EQ(children[1]->index, 3);
  EXPECT_TRUE(map.Children(0).empty());
  ExpectConsistent(map, rng);
}

TEST(ShardMapTest, SplitKeyMustLieInsideTheParent) {
  ShardMap map = ShardMap::Create("orders", kAccount, 2, kT0);
  HashKeyRange r = map.shards()[0].range;
  for (HashKey bad : {r.start, r.start + 1, r.end, r.end + 1, kMaxHashKey}) {
    ShardMap before = map;
    KinesisResult<SplitOutcome> out = map.Split("shardId-000000000000", bad, 0, kT0);
    ASSERT_FALSE(out.ok());
    EXPECT_EQ(out.status().code(), Errc::kInvalidArgument);
    EXPECT_EQ(out.status().message(),
              "NewStartingHashKey " + FormatHashKey(bad) +
                  " used in SplitShard() on shard shardId-000000000000 in stream orders under "
                  "account 000000000000 is not both greater than one plus the shard's "
                  "StartingHashKey 0 and less than the shard's EndingHashKey " +
                  FormatHashKey(r.end) + ".");
    EXPECT_EQ(map.shards(), before.shards());  // nothing changed
  }
  EXPECT_TRUE(map.Split("shardId-000000000000", r.start + 2, 0, kT0).ok());
  EXPECT_TRUE(map.Split("shardId-000000000001", map.shards()[1].range.end - 1, 0, kT0).ok());
}

TEST(ShardMapTest, SplitRefusesClosedAndMissingShards) {
  ShardMap map = ShardMap::Create("orders", kAccount, 1, kT0);
  ASSERT_TRUE(map.Split("shardId-000000000000", HashKey{1} << 100, 0, kT0).ok());
  KinesisResult<SplitOutcome> again = map.Split("shardId-000000000000", HashKey{1} << 90, 0, kT0);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), Errc::kInvalidArgument);
  EXPECT_EQ(again.status().message(),
            "Shard shardId-000000000000 in stream orders under account 000000000000 has already "
            "been merged or split, and thus is not eligible for merging or splitting.");
  EXPECT_EQ(map.Split("shardId-000000000009", 5, 0, kT0).status().code(), Errc::kResourceNotFound);
  EXPECT_EQ(map.Split("shardId-000000000001", 5, -1, kT0).status().code(),
            Errc::kInternalFailure);  // an end offset below the shard's start is a caller bug
  EXPECT_EQ(map.shards().size(), 3u);
}

TEST(ShardMapTest, MergeJoinsAdjacentShardsInEitherOrder) {
  std::mt19937_64 rng(3);
  ShardMap map = ShardMap::Create("s", kAccount, 4, kT0);
  KinesisResult<int32_t> child =
      map.Merge("shardId-000000000001", "shardId-000000000000", FakeEnd(1), FakeEnd(0), kT0 + 1);
  ASSERT_TRUE(child.ok()) << child.status().ToString();
  const Shard& c = map.shards()[*child];
  EXPECT_EQ(c.index, 4);
  EXPECT_EQ(c.parent, 1);
  EXPECT_EQ(c.adjacent_parent, 0);
  EXPECT_EQ(c.range, (HashKeyRange{map.shards()[0].range.start, map.shards()[1].range.end}));
  EXPECT_EQ(map.shards()[0].ending_offset, FakeEnd(0));
  EXPECT_EQ(map.shards()[1].ending_offset, FakeEnd(1));
  EXPECT_EQ(map.Children(0).size(), 1u);
  EXPECT_EQ(map.Children(1).size(), 1u);
  EXPECT_EQ(map.open_shard_count(), 3);
  ExpectConsistent(map, rng);

  child =
      map.Merge("shardId-000000000002", "shardId-000000000003", FakeEnd(2), FakeEnd(3), kT0 + 2);
  ASSERT_TRUE(child.ok());
  EXPECT_EQ(map.shards()[*child].range.end, kMaxHashKey);
  ExpectConsistent(map, rng);
}

TEST(ShardMapTest, MergeRefusesShardsThatAreNotAnOpenAdjacentPair) {
  ShardMap map = ShardMap::Create("orders", kAccount, 4, kT0);
  for (auto [a, b] : std::vector<std::pair<const char*, const char*>>{
           {"shardId-000000000000", "shardId-000000000002"},
           {"shardId-000000000003", "shardId-000000000000"},
           {"shardId-000000000001", "shardId-000000000001"}}) {
    KinesisResult<int32_t> r = map.Merge(a, b, 0, 0, kT0);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Errc::kInvalidArgument);
    EXPECT_EQ(r.status().message(), std::string("Shards ") + a + " and " + b +
                                        " in stream orders under account 000000000000 are not "
                                        "an adjacent pair of shards eligible for merging");
  }
  EXPECT_EQ(map.Merge("shardId-000000000000", "shardId-000000000007", 0, 0, kT0).status().code(),
            Errc::kResourceNotFound);
  ASSERT_TRUE(map.Merge("shardId-000000000000", "shardId-000000000001", 0, 0, kT0).ok());
  KinesisResult<int32_t> closed =
      map.Merge("shardId-000000000001", "shardId-000000000002", 0, 0, kT0);
  EXPECT_EQ(closed.status().code(), Errc::kInvalidArgument);
  EXPECT_NE(closed.status().message().find("has already been merged or split"), std::string::npos);
  EXPECT_EQ(map.shards().size(), 5u);
}

TEST(ShardMapTest, ShardsOpenAtFollowsCreationAndClosing) {
  ShardMap map = ShardMap::Create("s", kAccount, 1, kT0);
  ASSERT_TRUE(map.Split("shardId-000000000000", HashKey{1} << 127, 0, kT0 + 100).ok());
  auto indexes = [&](int64_t t) {
    std::vector<int32_t> out;
    for (const Shard* s : map.ShardsOpenAt(t)) out.push_back(s->index);
    return out;
  };
  EXPECT_EQ(indexes(kT0 - 1), std::vector<int32_t>{});
  EXPECT_EQ(indexes(kT0), std::vector<int32_t>{0});
  EXPECT_EQ(indexes(kT0 + 99), std::vector<int32_t>{0});
  EXPECT_EQ(indexes(kT0 + 100), (std::vector<int32_t>{1, 2}));
}

TEST(ShardMapTest, RestoreRoundTripsAndRejectsBrokenState) {
  ShardMap map = ShardMap::Create("orders", kAccount, 3, kT0);
  ASSERT_TRUE(map.UpdateShardCount(
                     5, [](int32_t i) { return FakeEnd(i); }, kT0 + 1)
                  .ok());
  KinesisResult<ShardMap> copy =
      ShardMap::Restore("orders", kAccount, map.shards(), map.scaling_times_ms());
  ASSERT_TRUE(copy.ok()) << copy.status().ToString();
  EXPECT_EQ(copy->shards(), map.shards());
  EXPECT_EQ(OpenRanges(*copy), OpenRanges(map));

  std::vector<std::vector<Shard>> broken(6, map.shards());
  broken[0][0].index = 7;              // wrong index
  broken[1].back().range.start += 1;   // a gap between open shards
  broken[2].back().ending_offset = 4;  // half closed, and no open shard there
  broken[3].back().parent = static_cast<int32_t>(broken[3].size());  // parent younger than child
  for (const Shard& s : map.shards()) {                              // a parent that is still open
    if (s.open() && s.index < broken[4].back().index) {
      broken[4].back().parent = s.index;
      break;
    }
  }
  ASSERT_TRUE(broken[4].back().parent.has_value());
  ASSERT_TRUE(map.shards()[*broken[4].back().parent].open());
  broken[5].clear();  // nothing open
  for (size_t i = 0; i < broken.size(); ++i) {
    KinesisResult<ShardMap> r = ShardMap::Restore("orders", kAccount, broken[i], {});
    ASSERT_FALSE(r.ok()) << i;
    EXPECT_EQ(r.status().code(), Errc::kInternalFailure) << i;
  }
}

TEST(ShardMapTest, SequenceNumberRanges) {
  constexpr uint64_t kEpoch = 1'764'000'000;
  ShardMap map = ShardMap::Create("s", kAccount, 2, kT0);
  ASSERT_TRUE(map.Merge("shardId-000000000000", "shardId-000000000001", 42, 0, kT0 + 1).ok());
  const Shard& with_records = map.shards()[0];
  const Shard& empty = map.shards()[1];
  const Shard& open = map.shards()[2];
  EXPECT_EQ(StartingSequenceNumber(with_records, kEpoch), EncodeSequenceNumber({kEpoch, 0, 0}));
  EXPECT_EQ(EndingSequenceNumber(with_records, kEpoch), EncodeSequenceNumber({kEpoch, 0, 41}));
  EXPECT_EQ(EndingSequenceNumber(empty, kEpoch), EncodeSequenceNumber({kEpoch, 1, 0}));
  EXPECT_EQ(StartingSequenceNumber(open, kEpoch), EncodeSequenceNumber({kEpoch, 2, 0}));
  EXPECT_FALSE(EndingSequenceNumber(open, kEpoch).has_value());
}

}  // namespace
}  // namespace millrace::kinesis
