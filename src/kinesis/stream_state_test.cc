#include "kinesis/stream_state.h"

#include <gtest/gtest.h>

namespace millrace::kinesis {
namespace {

TEST(StreamStateTest, Names) {
  EXPECT_EQ(StreamStatusName(StreamStatus::kCreating), "CREATING");
  EXPECT_EQ(StreamStatusName(StreamStatus::kActive), "ACTIVE");
  EXPECT_EQ(StreamStatusName(StreamStatus::kUpdating), "UPDATING");
  EXPECT_EQ(StreamStatusName(StreamStatus::kDeleting), "DELETING");
  for (StreamMode mode : {StreamMode::kProvisioned, StreamMode::kOnDemand}) {
    EXPECT_EQ(*ParseStreamMode(StreamModeName(mode)), mode);
  }
  KinesisResult<StreamMode> bad = ParseStreamMode("provisioned");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Errc::kValidation);
}

TEST(StreamStateTest, OnlyActiveStreamsChange) {
  EXPECT_TRUE(CheckActive(StreamStatus::kActive, "orders", "000000000000").ok());
  KinesisStatus updating = CheckActive(StreamStatus::kUpdating, "orders", "000000000000");
  EXPECT_EQ(updating.code(), Errc::kResourceInUse);
  EXPECT_EQ(updating.message(),
            "Stream orders under account 000000000000 not ACTIVE, instead in state UPDATING");
  EXPECT_EQ(CheckActive(StreamStatus::kCreating, "o", "1").code(), Errc::kResourceInUse);
  EXPECT_EQ(CheckActive(StreamStatus::kDeleting, "o", "1").code(), Errc::kResourceInUse);
}

TEST(StreamStateTest, ReshardingNeedsProvisionedMode) {
  EXPECT_TRUE(CheckProvisioned(StreamMode::kProvisioned, "orders", "000000000000").ok());
  KinesisStatus on_demand = CheckProvisioned(StreamMode::kOnDemand, "orders", "000000000000");
  EXPECT_EQ(on_demand.code(), Errc::kValidation);
  EXPECT_EQ(on_demand.message(),
            "Request is invalid. Stream orders under account 000000000000 is in On-Demand mode.");
}

}  // namespace
}  // namespace millrace::kinesis
