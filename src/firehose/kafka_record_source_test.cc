// KafkaRecordSource against librdkafka's in-process mock cluster: starting offsets, reads that
// advance positions, partitions discovered at their start, and offsets committed to the
// stream's group. (The mock creates topics on demand, so a missing topic is tested end to end.)
#include "firehose/kafka_record_source.h"

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <set>

namespace millrace::firehose {
namespace {

class KafkaRecordSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char err[256];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    ASSERT_EQ(rd_kafka_conf_set(conf, "log_level", "3", err, sizeof(err)), RD_KAFKA_CONF_OK);
    producer_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
    ASSERT_NE(producer_, nullptr) << err;
    cluster_ = rd_kafka_mock_cluster_new(producer_, 1);
    ASSERT_NE(cluster_, nullptr);
    bootstrap_ = rd_kafka_mock_cluster_bootstraps(cluster_);
    ASSERT_EQ(rd_kafka_mock_topic_create(cluster_, "t", 2, 1), RD_KAFKA_RESP_ERR_NO_ERROR);
  }
  void TearDown() override {
    if (cluster_ != nullptr) rd_kafka_mock_cluster_destroy(cluster_);
    if (producer_ != nullptr) rd_kafka_destroy(producer_);
  }

  // Produces `values` to one partition through a client of the mock cluster.
  void Produce(int32_t partition, const std::vector<std::string>& values) {
    char err[256];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    ASSERT_EQ(rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap_.c_str(), err, sizeof(err)),
              RD_KAFKA_CONF_OK);
    rd_kafka_t* p = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
    ASSERT_NE(p, nullptr) << err;
    for (const std::string& v : values) {
      ASSERT_EQ(rd_kafka_producev(p, RD_KAFKA_V_TOPIC("t"), RD_KAFKA_V_PARTITION(partition),
                                  RD_KAFKA_V_VALUE(const_cast<char*>(v.data()), v.size()),
                                  RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END),
                RD_KAFKA_RESP_ERR_NO_ERROR);
    }
    EXPECT_EQ(rd_kafka_flush(p, 10000), RD_KAFKA_RESP_ERR_NO_ERROR);
    rd_kafka_destroy(p);
  }

  std::unique_ptr<KafkaRecordSource> Open(const std::string& group) {
    KafkaSourceOptions options;
    options.bootstrap_servers = bootstrap_;
    options.topic = "t";
    options.group_id = group;
    options.stream_name = "s";
    auto source = KafkaRecordSource::Open(options);
    EXPECT_TRUE(source.ok()) << source.status().ToString();
    return source.ok() ? std::move(source).value() : nullptr;
  }

  // Reads until `count` records arrived (or a generous number of passes went by).
  static std::vector<std::string> ReadAll(KafkaRecordSource& source, PartitionOffsets& positions,
                                          size_t count) {
    std::vector<std::string> seen;
    std::atomic<bool> stopping{false};
    for (int pass = 0; pass < 500 && seen.size() < count; ++pass) {
      source.Read(positions, 1 << 20, stopping, [&](const SourceRecord& r) {
        seen.push_back(std::to_string(r.partition) + ":" + std::to_string(r.offset) + ":" +
                       std::string(r.value));
      });
    }
    return seen;
  }

  rd_kafka_t* producer_ = nullptr;
  rd_kafka_mock_cluster_t* cluster_ = nullptr;
  std::string bootstrap_;
};

TEST_F(KafkaRecordSourceTest, StartingOffsetsAreEachPartitionsEnd) {
  Produce(0, {"a", "b"});
  Produce(1, {"c"});
  auto start = KafkaRecordSource::StartingOffsets(bootstrap_, "t", std::nullopt);
  ASSERT_TRUE(start.ok()) << start.status().ToString();
  EXPECT_EQ(*start, (PartitionOffsets{{0, 2}, {1, 1}}));
}

TEST_F(KafkaRecordSourceTest, ReadsFromPositionsAndDiscoversPartitionsAtTheirStart) {
  Produce(0, {"a", "b", "c"});
  Produce(1, {"d"});
  auto source = Open("firehose-r");
  ASSERT_NE(source, nullptr);
  PartitionOffsets positions{{0, 1}};  // "a" was delivered already; partition 1 is new
  source->DiscoverPartitions(positions);
  EXPECT_EQ(positions, (PartitionOffsets{{0, 1}, {1, 0}}));
  std::vector<std::string> seen = ReadAll(*source, positions, 3);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()),
            (std::set<std::string>{"0:1:b", "0:2:c", "1:0:d"}));
  EXPECT_EQ(seen.size(), 3u);
  EXPECT_EQ(positions, (PartitionOffsets{{0, 3}, {1, 1}}));
  Produce(1, {"e"});
  seen = ReadAll(*source, positions, 1);
  EXPECT_EQ(seen, (std::vector<std::string>{"1:1:e"}));
}

TEST_F(KafkaRecordSourceTest, CommittedOffsetsReachTheGroup) {
  Produce(0, {"a", "b"});
  {
    auto source = Open("firehose-s");
    ASSERT_NE(source, nullptr);
    PartitionOffsets positions{{0, 0}, {1, 0}};
    ASSERT_EQ(ReadAll(*source, positions, 2).size(), 2u);
    source->Committed(positions);
  }  // closing the consumer finishes the asynchronous commit
  char err[256];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  ASSERT_EQ(rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap_.c_str(), err, sizeof(err)),
            RD_KAFKA_CONF_OK);
  ASSERT_EQ(rd_kafka_conf_set(conf, "group.id", "firehose-s", err, sizeof(err)),
            RD_KAFKA_CONF_OK);
  rd_kafka_t* consumer = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
  ASSERT_NE(consumer, nullptr) << err;
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(2);
  rd_kafka_topic_partition_list_add(list, "t", 0);
  rd_kafka_topic_partition_list_add(list, "t", 1);
  EXPECT_EQ(rd_kafka_committed(consumer, list, 10000), RD_KAFKA_RESP_ERR_NO_ERROR);
  EXPECT_EQ(list->elems[0].offset, 2);
  EXPECT_EQ(list->elems[1].offset, 0);
  rd_kafka_topic_partition_list_destroy(list);
  rd_kafka_consumer_close(consumer);
  rd_kafka_destroy(consumer);
}

}  // namespace
}  // namespace millrace::firehose
