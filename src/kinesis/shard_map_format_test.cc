#include "kinesis/shard_map_format.h"

#include <gtest/gtest.h>

#include "base/crc32c.h"
#include "base/endian.h"
#include "kinesis/shard_map_testing.h"

namespace millrace::kinesis {
namespace {

using test_support::FakeEnd;
using test_support::kAccount;
using test_support::kT0;

ShardMap Resharded() {
  ShardMap map = ShardMap::Create("orders", kAccount, 3, kT0);
  EXPECT_TRUE(
      map.Split("shardId-000000000001", map.shards()[1].range.start + 100, FakeEnd(1), kT0 + 1)
          .ok());
  EXPECT_TRUE(map.UpdateShardCount(5, FakeEnd, kT0 + 2).ok());
  return map;
}

TEST(ShardMapFormatTest, RoundTrips) {
  for (const ShardMap& map : {ShardMap::Create("orders", kAccount, 1, kT0),
                              ShardMap::Create("orders", kAccount, 64, kT0), Resharded()}) {
    std::string bytes = EncodeShardMap(map);
    KinesisResult<ShardMap> back = DecodeShardMap(bytes, "orders", kAccount);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(back->shards(), map.shards());
    EXPECT_EQ(back->scaling_times_ms(), map.scaling_times_ms());
    EXPECT_EQ(back->stream_name(), "orders");
    EXPECT_EQ(EncodeShardMap(*back), bytes);
  }
}

void ExpectDamaged(std::string_view bytes) {
  KinesisResult<ShardMap> r = DecodeShardMap(bytes, "orders", kAccount);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Errc::kInternalFailure);
}

TEST(ShardMapFormatTest, EveryDamagedByteIsDetected) {
  std::string bytes = EncodeShardMap(Resharded());
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::string damaged = bytes;
    damaged[i] = static_cast<char>(damaged[i] ^ 0x20);
    ExpectDamaged(damaged);
  }
}

TEST(ShardMapFormatTest, EveryTruncationIsDetected) {
  std::string bytes = EncodeShardMap(Resharded());
  for (size_t n = 0; n < bytes.size(); ++n) ExpectDamaged(std::string_view(bytes).substr(0, n));
  ExpectDamaged(bytes + "x");
}

// Rewrites the trailing CRC so that only the structural checks can catch a change.
std::string Reseal(std::string body_and_old_crc) {
  body_and_old_crc.resize(body_and_old_crc.size() - 4);
  uint8_t crc[4];
  StoreLE<uint32_t>(crc, crc32c::Value(reinterpret_cast<const uint8_t*>(body_and_old_crc.data()),
                                       body_and_old_crc.size()));
  return body_and_old_crc + std::string(reinterpret_cast<const char*>(crc), 4);
}

TEST(ShardMapFormatTest, WellSealedButWrongContentIsRefused) {
  std::string bytes = EncodeShardMap(ShardMap::Create("orders", kAccount, 2, kT0));
  std::string version = bytes;
  version[0] = 2;
  ExpectDamaged(Reseal(version));
  std::string flags = bytes;
  flags[5] = static_cast<char>(0x80);  // the first shard's flags: an unknown bit
  ExpectDamaged(Reseal(flags));
  std::string gap = bytes;
  gap[6] = 1;  // the first shard now starts at 1: the open shards leave a gap
  ExpectDamaged(Reseal(gap));
  std::string count = bytes;
  count[1] = 3;  // three shards announced, two stored
  ExpectDamaged(Reseal(count));
  EXPECT_TRUE(DecodeShardMap(Reseal(bytes), "orders", kAccount).ok());
}

}  // namespace
}  // namespace millrace::kinesis
