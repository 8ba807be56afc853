#include "kafka/broker/topic_config.h"

#include <gtest/gtest.h>

namespace millrace::kafka {
namespace {

TEST(TopicConfigTest, AppliesSupportedSettings) {
  log::PartitionConfig c;
  ASSERT_TRUE(ApplyTopicConfig("retention.ms", "60000", &c).ok());
  ASSERT_TRUE(ApplyTopicConfig("retention.bytes", "1048576", &c).ok());
  ASSERT_TRUE(ApplyTopicConfig("segment.bytes", "16777216", &c).ok());
  ASSERT_TRUE(ApplyTopicConfig("cleanup.policy", "delete", &c).ok());
  ASSERT_TRUE(ApplyTopicConfig("message.timestamp.type", "LogAppendTime", &c).ok());
  EXPECT_EQ(c.retention_ms, 60000);
  EXPECT_EQ(c.retention_bytes, 1048576);
  EXPECT_EQ(c.segment_bytes, 16777216);
  EXPECT_EQ(c.timestamp_type, log::TimestampType::kLogAppendTime);
}

TEST(TopicConfigTest, RejectsCompactionUnknownAndBadValues) {
  log::PartitionConfig c;
  Status compact = ApplyTopicConfig("cleanup.policy", "compact", &c);
  EXPECT_FALSE(compact.ok());
  EXPECT_NE(compact.message().find("compaction"), std::string::npos);
  EXPECT_FALSE(ApplyTopicConfig("cleanup.policy", "compact,delete", &c).ok());
  EXPECT_FALSE(ApplyTopicConfig("no.such.config", "1", &c).ok());
  EXPECT_FALSE(ApplyTopicConfig("retention.ms", "soon", &c).ok());
  EXPECT_FALSE(ApplyTopicConfig("message.timestamp.type", "Now", &c).ok());
  EXPECT_TRUE(ApplyTopicConfig("min.insync.replicas", "2", &c).ok());
}

TEST(TopicConfigTest, DescribeReportsValuesAndDefaults) {
  log::PartitionConfig c;
  c.retention_ms = 1234;
  bool saw_retention = false, saw_policy = false;
  for (const TopicConfigEntry& e : DescribeTopicConfig(c)) {
    if (e.name == "retention.ms") {
      saw_retention = true;
      EXPECT_EQ(e.value, "1234");
      EXPECT_FALSE(e.is_default);
    }
    if (e.name == "cleanup.policy") {
      saw_policy = true;
      EXPECT_EQ(e.value, "delete");
    }
  }
  EXPECT_TRUE(saw_retention);
  EXPECT_TRUE(saw_policy);
}

}  // namespace
}  // namespace millrace::kafka
