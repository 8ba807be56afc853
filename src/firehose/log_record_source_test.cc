// LogRecordSource over a real log: partition discovery, reads that advance positions, the
// oldest unread record for DataFreshness and the starting offsets of a new stream.
#include "firehose/log_record_source.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "log/log_manager.h"
#include "log/record_batch_builder.h"

namespace millrace::firehose {
namespace {

class LogRecordSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/fh_log_source_test_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(dir_);
    log::LogOptions options;
    options.data_dir = dir_;
    log_ = std::move(log::LogManager::Open(options)).value();
    for (int32_t p = 0; p < 2; ++p) {
      auto created = log_->Create({"src", p}, log::PartitionConfig{});
      ASSERT_TRUE(created.ok()) << created.status().ToString();
      partitions_[p] = *created;
    }
  }
  void TearDown() override {
    (void)log_->Close();
    std::filesystem::remove_all(dir_);
  }
  void Append(int32_t p, const std::vector<std::string>& values, int64_t timestamp_ms) {
    log::RecordBatchBuilder builder;
    for (const std::string& v : values) builder.Add("", v, timestamp_ms);
    ASSERT_TRUE(partitions_[p]->AppendBlocking(builder.Finish()).ok());
  }

  std::string dir_;
  std::unique_ptr<log::LogManager> log_;
  log::Partition* partitions_[2] = {nullptr, nullptr};
};

TEST_F(LogRecordSourceTest, DiscoversNewPartitionsAtTheirStartAndKeepsKnownOnes) {
  LogRecordSource source(log_.get(), "src", "s");
  PartitionOffsets positions{{1, 7}};
  source.DiscoverPartitions(positions);
  EXPECT_EQ(positions, (PartitionOffsets{{0, 0}, {1, 7}}));
}

TEST_F(LogRecordSourceTest, ReadsEveryRecordOnceAndAdvancesPositions) {
  Append(0, {"a", "b"}, 1000);
  Append(1, {"c"}, 2000);
  Append(0, {"d"}, 3000);
  LogRecordSource source(log_.get(), "src", "s");
  PartitionOffsets positions{{0, 1}, {1, 0}};  // "a" was delivered already
  std::vector<std::string> seen;
  std::atomic<bool> stopping{false};
  auto collect = [&](const SourceRecord& r) {
    seen.push_back(std::to_string(r.partition) + ":" + std::to_string(r.offset) + ":" +
                   std::string(r.value) + "@" + std::to_string(r.timestamp_ms));
  };
  EXPECT_TRUE(source.Read(positions, 1 << 20, stopping, collect));
  EXPECT_EQ(seen, (std::vector<std::string>{"0:1:b@1000", "0:2:d@3000", "1:0:c@2000"}));
  EXPECT_EQ(positions, (PartitionOffsets{{0, 3}, {1, 1}}));
  seen.clear();
  EXPECT_FALSE(source.Read(positions, 1 << 20, stopping, collect));
  EXPECT_TRUE(seen.empty());
}

TEST_F(LogRecordSourceTest, OldestUnreadIsTheFirstUnreadBatchTimestamp) {
  LogRecordSource source(log_.get(), "src", "s");
  PartitionOffsets positions{{0, 0}, {1, 0}};
  EXPECT_FALSE(source.OldestUnreadMs(positions).has_value());
  Append(0, {"a"}, 5000);
  Append(0, {"b"}, 9000);
  Append(1, {"c"}, 7000);
  EXPECT_EQ(source.OldestUnreadMs(positions), 5000);
  positions[0] = 1;
  EXPECT_EQ(source.OldestUnreadMs(positions), 7000);
  positions[1] = 1;
  EXPECT_EQ(source.OldestUnreadMs(positions), 9000);
  positions[0] = 2;
  EXPECT_FALSE(source.OldestUnreadMs(positions).has_value());
}

TEST_F(LogRecordSourceTest, StartingOffsetsAreTheEndOrTheFirstRecordFromATime) {
  Append(0, {"a", "b"}, 1000);
  Append(0, {"c"}, 5000);
  Append(1, {"d"}, 2000);
  EXPECT_EQ(LogRecordSource::StartingOffsets(*log_, "src", std::nullopt),
            (PartitionOffsets{{0, 3}, {1, 1}}));
  EXPECT_EQ(LogRecordSource::StartingOffsets(*log_, "src", 1500),
            (PartitionOffsets{{0, 2}, {1, 0}}));
  EXPECT_EQ(LogRecordSource::StartingOffsets(*log_, "src", 0), (PartitionOffsets{{0, 0}, {1, 0}}));
  EXPECT_TRUE(LogRecordSource::StartingOffsets(*log_, "other", std::nullopt).empty());
}

}  // namespace
}  // namespace millrace::firehose
