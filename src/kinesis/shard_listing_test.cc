#include "kinesis/shard_listing.h"

#include <gtest/gtest.h>

namespace millrace::kinesis {
namespace {

constexpr int64_t kT0 = 1'764'065'400'000;
constexpr int64_t kHour = 3'600'000;
constexpr int64_t kDay = 24 * kHour;

// Shards 0 and 1 from kT0; 0 split at kT0+1h into 2 and 3; 2 and 3 merged at kT0+2h into 4.
ShardMap History() {
  ShardMap map = ShardMap::Create("orders", "000000000000", 2, kT0);
  EXPECT_TRUE(map.Split("shardId-000000000000", HashKey{1} << 126, 5, kT0 + kHour).ok());
  EXPECT_TRUE(
      map.Merge("shardId-000000000002", "shardId-000000000003", 1, 1, kT0 + 2 * kHour).ok());
  return map;
}

std::vector<int32_t> Listed(const ShardMap& map, std::optional<ShardFilter> filter,
                            int64_t now_ms = kT0 + 3 * kHour,
                            std::optional<std::string> exclusive_start = std::nullopt) {
  KinesisResult<std::vector<const Shard*>> r =
      ListShards(map, filter, exclusive_start, now_ms, kDay);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  std::vector<int32_t> out;
  if (r.ok()) {
    for (const Shard* s : *r) out.push_back(s->index);
  }
  return out;
}

using V = std::vector<int32_t>;

TEST(ShardListingTest, ParsesFilterTypes) {
  EXPECT_EQ(*ParseShardFilterType("AT_LATEST"), ShardFilterType::kAtLatest);
  EXPECT_EQ(*ParseShardFilterType("FROM_TIMESTAMP"), ShardFilterType::kFromTimestamp);
  EXPECT_EQ(ParseShardFilterType("LATEST").status().code(), Errc::kValidation);
}

TEST(ShardListingTest, FiltersFollowShardLifetimes) {
  ShardMap map = History();
  EXPECT_EQ(Listed(map, std::nullopt), (V{0, 1, 2, 3, 4}));
  EXPECT_EQ(Listed(map, ShardFilter{ShardFilterType::kFromTrimHorizon}), (V{0, 1, 2, 3, 4}));
  EXPECT_EQ(Listed(map, ShardFilter{ShardFilterType::kAtLatest}), (V{1, 4}));
  // The stream is younger than its retention: its trim horizon is its creation.
  EXPECT_EQ(Listed(map, ShardFilter{ShardFilterType::kAtTrimHorizon}), (V{0, 1}));
  ShardFilter at{ShardFilterType::kAtTimestamp, std::nullopt, kT0 + 3 * kHour / 2};
  EXPECT_EQ(Listed(map, at), (V{1, 2, 3}));
  ShardFilter from{ShardFilterType::kFromTimestamp, std::nullopt, kT0 + 3 * kHour / 2};
  EXPECT_EQ(Listed(map, from), (V{1, 2, 3, 4}));
  ShardFilter before_creation{ShardFilterType::kAtTimestamp, std::nullopt, kT0 - kDay};
  EXPECT_EQ(Listed(map, before_creation), (V{0, 1}));
  ShardFilter after{ShardFilterType::kAfterShardId, "shardId-000000000002", std::nullopt};
  EXPECT_EQ(Listed(map, after), (V{3, 4}));
  EXPECT_EQ(Listed(map, std::nullopt, kT0 + 3 * kHour, "shardId-000000000001"), (V{2, 3, 4}));
  EXPECT_EQ(Listed(map, ShardFilter{ShardFilterType::kAtLatest}, kT0 + 3 * kHour, "1"), (V{4}));
}

TEST(ShardListingTest, ExpiredShardsAreNotListed) {
  ShardMap map = History();
  int64_t later = kT0 + kHour + kDay + 1;  // shard 0 closed more than a retention ago
  EXPECT_EQ(Listed(map, std::nullopt, later), (V{1, 2, 3, 4}));
  EXPECT_EQ(Listed(map, ShardFilter{ShardFilterType::kAtTrimHorizon}, later), (V{1, 2, 3}));
  EXPECT_EQ(Listed(map, ShardFilter{ShardFilterType::kAtLatest}, later), (V{1, 4}));
}

TEST(ShardListingTest, FiltersMissingTheirParameter) {
  ShardMap map = History();
  for (ShardFilter f :
       {ShardFilter{ShardFilterType::kAfterShardId}, ShardFilter{ShardFilterType::kAtTimestamp},
        ShardFilter{ShardFilterType::kFromTimestamp},
        ShardFilter{ShardFilterType::kAfterShardId, "bogus", std::nullopt}}) {
    KinesisResult<std::vector<const Shard*>> r =
        ListShards(map, f, std::nullopt, kT0 + 3 * kHour, kDay);
    ASSERT_FALSE(r.ok()) << ShardFilterTypeName(f.type);
    EXPECT_EQ(r.status().code(), Errc::kInvalidArgument);
  }
  EXPECT_EQ(ListShards(map, std::nullopt, "x-y", kT0, kDay).status().code(),
            Errc::kInvalidArgument);
}

}  // namespace
}  // namespace millrace::kinesis
