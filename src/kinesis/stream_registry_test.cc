#include "kinesis/stream_registry.h"

#include <gtest/gtest.h>

#include "base/clock.h"
#include "kinesis/stream_meta_format.h"
#include "log/log_manager.h"
#include "log/log_test_util.h"

namespace millrace::kinesis {
namespace {

using log::testing::MakeBatch;
using log::testing::OpenLog;
using log::testing::ScratchDir;

std::unique_ptr<StreamRegistry> OpenRegistry(const std::string& dir, log::LogManager* log) {
  auto r = StreamRegistry::Open({.data_dir = dir}, log);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return std::move(r).value();
}

TEST(StreamRegistryTest, CreatePersistsAcrossReopen) {
  ScratchDir dir;
  std::string iterator;
  {
    auto log = OpenLog(dir.path());
    auto registry = OpenRegistry(dir.path(), log.get());
    auto created = registry->Create({.name = "orders", .shard_count = 3}, 1'764'000'000'000);
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    {
      std::lock_guard lock((*created)->mu);
      (*created)->meta.tags["team"] = "ml";
      (*created)->meta.consumers.push_back({"c1", 1'764'000'001'000});
      ASSERT_TRUE(registry->Persist(**created).ok());
    }
    EXPECT_EQ((*created)->partitions.size(), 3u);
    iterator = registry->iterators().Encode({"orders", 1'764'000'000, 1, 0, 1'764'000'000'000});
    EXPECT_EQ(registry->Create({.name = "orders", .shard_count = 1}, 1).status().code(),
              Errc::kResourceInUse);
  }
  auto log = OpenLog(dir.path());
  auto registry = OpenRegistry(dir.path(), log.get());
  auto found = registry->Find("orders");
  ASSERT_TRUE(found.ok());
  std::lock_guard lock((*found)->mu);
  EXPECT_EQ((*found)->meta.epoch, 1'764'000'000u);
  EXPECT_EQ((*found)->map.open_shard_count(), 3);
  EXPECT_EQ((*found)->meta.tags.at("team"), "ml");
  ASSERT_EQ((*found)->meta.consumers.size(), 1u);
  EXPECT_EQ((*found)->partitions.size(), 3u);
  // The iterator key survived: a token from before the restart still decodes.
  EXPECT_TRUE(registry->iterators().Decode(iterator, 1'764'000'000'000).ok());
}

TEST(StreamRegistryTest, ThrottlesRefillOnTheMonotonicClockHandlersChargeThemWith) {
  ScratchDir dir;
  auto log = OpenLog(dir.path());
  auto opened = StreamRegistry::Open({.data_dir = dir.path(), .shard_limits = true}, log.get());
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  // Created at a wall-clock time, as the handlers do.
  auto created = (*opened)->Create({.name = "s", .shard_count = 1}, WallMillis());
  ASSERT_TRUE(created.ok());
  std::lock_guard lock((*created)->mu);
  ASSERT_EQ((*created)->write_throttles.size(), 1u);
  ShardWriteThrottle& throttle = *(*created)->write_throttles[0];
  const int64_t now = MonotonicNanos() / 1'000'000;
  EXPECT_TRUE(throttle.TryWrite(900 << 10, now));
  EXPECT_FALSE(throttle.TryWrite(900 << 10, now));
  // A second later the bucket is full again.
  EXPECT_TRUE(throttle.TryWrite(900 << 10, now + 1'100));
}

TEST(StreamRegistryTest, DeleteRemovesMetadataAndPartitions) {
  ScratchDir dir;
  auto log = OpenLog(dir.path());
  auto registry = OpenRegistry(dir.path(), log.get());
  ASSERT_TRUE(registry->Create({.name = "s", .shard_count = 2}, 1'000'000).ok());
  EXPECT_EQ(registry->Names(), std::vector<std::string>{"s"});
  ASSERT_TRUE(registry->Delete("s").ok());
  EXPECT_EQ(registry->Find("s").status().code(), Errc::kResourceNotFound);
  EXPECT_TRUE(log->List().empty());
  EXPECT_TRUE(registry->Names().empty());
  EXPECT_EQ(registry->Delete("s").code(), Errc::kResourceNotFound);
}

TEST(StreamRegistryTest, FinishesADeleteInterruptedByACrash) {
  ScratchDir dir;
  {
    auto log = OpenLog(dir.path());
    auto registry = OpenRegistry(dir.path(), log.get());
    auto created = registry->Create({.name = "gone", .shard_count = 2}, 5'000'000);
    ASSERT_TRUE(created.ok());
    // The first step of DeleteStream: the DELETING status is durable, the files are not gone.
    std::lock_guard lock((*created)->mu);
    (*created)->meta.status = StreamStatus::kDeleting;
    ASSERT_TRUE(registry->Persist(**created).ok());
  }
  auto log = OpenLog(dir.path());
  auto registry = OpenRegistry(dir.path(), log.get());
  EXPECT_EQ(registry->Find("gone").status().code(), Errc::kResourceNotFound);
  EXPECT_TRUE(log->List().empty());
  EXPECT_TRUE(registry->Create({.name = "gone", .shard_count = 1}, 6'000'000).ok());
}

TEST(StreamRegistryTest, AdoptsLogTopicsWithoutMetadata) {
  ScratchDir dir;
  auto log = OpenLog(dir.path());
  ASSERT_TRUE(log->Create({"kafka-topic", 0}, {}).ok());
  ASSERT_TRUE(log->Create({"kafka-topic", 1}, {}).ok());
  auto registry = OpenRegistry(dir.path(), log.get());
  auto found = registry->Find("kafka-topic");
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  std::lock_guard lock((*found)->mu);
  EXPECT_EQ((*found)->map.open_shard_count(), 2);
  EXPECT_EQ((*found)->map.shards()[1].range.end, kMaxHashKey);
}

TEST(StreamRegistryTest, AccountShardLimit) {
  ScratchDir dir;
  auto log = OpenLog(dir.path());
  auto r = StreamRegistry::Open({.data_dir = dir.path(), .account_shard_limit = 3}, log.get());
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE((*r)->Create({.name = "a", .shard_count = 2}, 1000).ok());
  EXPECT_EQ((*r)->Create({.name = "b", .shard_count = 2}, 1000).status().code(),
            Errc::kLimitExceeded);
  EXPECT_EQ((*r)->OpenShardCount(), 2);
}

TEST(StreamMetaFormatTest, RoundTripAndDamage) {
  StreamMeta meta;
  meta.name = "x";
  meta.epoch = 17;
  meta.created_ms = 17'000;
  meta.mode = StreamMode::kOnDemand;
  meta.retention_hours = 48;
  meta.encryption_type = "KMS";
  meta.key_id = "alias/aws/kinesis";
  meta.shard_level_metrics = {"IncomingBytes"};
  meta.policies["arn"] = "{}";
  ShardMap map = ShardMap::Create("x", "000000000000", 4, 17'000);
  std::string text = EncodeStreamFile(meta, map);
  auto decoded = DecodeStreamFile(text, "000000000000");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->meta, meta);
  EXPECT_EQ(decoded->map.shards(), map.shards());
  EXPECT_FALSE(DecodeStreamFile(text.substr(0, text.size() / 2), "000000000000").ok());
  EXPECT_FALSE(DecodeStreamFile("{}", "000000000000").ok());
}

}  // namespace
}  // namespace millrace::kinesis
