#include "server/config.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <sstream>
#include <vector>

namespace millrace::server {
namespace {

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : {"MILLRACE_DATA_DIR", "MILLRACE_EDGE", "MILLRACE_KAFKA",
                             "MILLRACE_KINESIS_SHARD_LIMITS", "AWS_ACCESS_KEY_ID",
                             "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION"})
      unsetenv(name);
  }
  void TearDown() override { SetUp(); }

  CommandLine Parse(std::vector<const char*> args) {
    args.insert(args.begin(), "millrace");
    out_.str("");
    err_.str("");
    return ParseCommandLine(static_cast<int>(args.size()), args.data(), out_, err_);
  }
  std::ostringstream out_, err_;
};

TEST_F(ConfigTest, Defaults) {
  CommandLine c = Parse({"server"});
  ASSERT_TRUE(c.run_server) << err_.str();
  EXPECT_EQ(c.config.data_dir, "./millrace-data");
  EXPECT_EQ(c.config.edge_address, "127.0.0.1:4566");
  EXPECT_EQ(c.config.kafka_address, "127.0.0.1:9092");
  EXPECT_FALSE(c.config.kinesis_shard_limits);
  EXPECT_EQ(c.config.kinesis_status_delay_ms, 0);
  EXPECT_EQ(c.config.kinesis_subscription_ms, 300'000);
}

TEST_F(ConfigTest, KinesisFlags) {
  CommandLine c =
      Parse({"server", "--kinesis-shard-limits", "--kinesis-status-delay-ms", "250"});
  ASSERT_TRUE(c.run_server) << err_.str();
  EXPECT_TRUE(c.config.kinesis_shard_limits);
  EXPECT_EQ(c.config.kinesis_status_delay_ms, 250);
  setenv("MILLRACE_KINESIS_SHARD_LIMITS", "1", 1);
  EXPECT_TRUE(Parse({"server"}).config.kinesis_shard_limits);
}

TEST_F(ConfigTest, FirehoseExternalStores) {
  CommandLine c = Parse({"server", "--firehose-kafka-cluster",
                         "arn:aws:kafka:us-east-1:1:cluster/a/1=h1:9092,h2:9093",
                         "--firehose-s3-endpoint", "out=http://127.0.0.1:9000",
                         "--firehose-kafka-cluster", "arn:aws:kafka:us-east-1:1:cluster/b/1=h3:1",
                         "--edge", "127.0.0.1:1"});
  ASSERT_TRUE(c.run_server) << err_.str();
  EXPECT_EQ(c.config.firehose_kafka_clusters,
            (std::vector<std::string>{"arn:aws:kafka:us-east-1:1:cluster/a/1=h1:9092,h2:9093",
                                      "arn:aws:kafka:us-east-1:1:cluster/b/1=h3:1"}));
  EXPECT_EQ(c.config.firehose_s3_endpoints,
            (std::vector<std::string>{"out=http://127.0.0.1:9000"}));
  EXPECT_EQ(c.config.edge_address, "127.0.0.1:1");
}

TEST_F(ConfigTest, KinesisSubscriptionLifetime) {
  CommandLine c = Parse({"server", "--kinesis-subscription-ms", "3000"});
  ASSERT_TRUE(c.run_server) << err_.str();
  EXPECT_EQ(c.config.kinesis_subscription_ms, 3000);
  // Below a second a client would spend its time resubscribing: refused.
  CommandLine too_short = Parse({"server", "--kinesis-subscription-ms", "10"});
  EXPECT_FALSE(too_short.run_server);
  EXPECT_EQ(too_short.exit_code, 2);
}

TEST_F(ConfigTest, FlagsWinOverEnvironment) {
  setenv("MILLRACE_EDGE", "127.0.0.1:1111", 1);
  setenv("MILLRACE_KAFKA", "127.0.0.1:2222", 1);
  setenv("MILLRACE_DATA_DIR", "/env/dir", 1);
  CommandLine from_env = Parse({"server"});
  ASSERT_TRUE(from_env.run_server) << err_.str();
  EXPECT_EQ(from_env.config.edge_address, "127.0.0.1:1111");
  EXPECT_EQ(from_env.config.kafka_address, "127.0.0.1:2222");
  EXPECT_EQ(from_env.config.data_dir, "/env/dir");
  CommandLine flags = Parse({"server", "--edge", "0.0.0.0:0", "--data-dir", "/flag/dir"});
  ASSERT_TRUE(flags.run_server) << err_.str();
  EXPECT_EQ(flags.config.edge_address, "0.0.0.0:0");
  EXPECT_EQ(flags.config.kafka_address, "127.0.0.1:2222");
  EXPECT_EQ(flags.config.data_dir, "/flag/dir");
}

TEST_F(ConfigTest, HelpExitsZeroAndListsFlags) {
  CommandLine c = Parse({"server", "--help"});
  EXPECT_FALSE(c.run_server);
  EXPECT_EQ(c.exit_code, 0);
  for (const char* s : {"--data-dir", "--edge", "--kafka", "MILLRACE_EDGE", "Port 0"}) {
    EXPECT_NE(out_.str().find(s), std::string::npos) << s;
  }
}

TEST_F(ConfigTest, BadCommandLinesExitTwo) {
  for (std::vector<const char*> args : {std::vector<const char*>{},
                                        {"server", "--nope"},
                                        {"server", "--edge", "x"},
                                        {"server", "--kafka", "127.0.0.1:70000"},
                                        {"server", "--edge", "host.example:80"},
                                        {"bogus"}}) {
    CommandLine c = Parse(args);
    EXPECT_FALSE(c.run_server);
    EXPECT_EQ(c.exit_code, 2);
    EXPECT_FALSE(err_.str().empty());
  }
}

TEST_F(ConfigTest, CatalogInfer) {
  CommandLine c = Parse({"catalog", "infer", "s3://lake/events/", "--database", "sales"});
  ASSERT_TRUE(c.run_catalog_infer) << err_.str();
  EXPECT_FALSE(c.run_server);
  EXPECT_EQ(c.catalog_infer.location, "s3://lake/events/");
  EXPECT_EQ(c.catalog_infer.database, "sales");
  EXPECT_EQ(c.catalog_infer.table, "");
  EXPECT_EQ(c.catalog_infer.endpoint, "http://127.0.0.1:4566");
  EXPECT_EQ(c.catalog_infer.access_key, "test");

  setenv("AWS_ACCESS_KEY_ID", "AKID", 1);
  c = Parse({"catalog", "infer", "s3://b/p", "--database", "d", "--table", "t", "--endpoint",
             "http://h:1"});
  ASSERT_TRUE(c.run_catalog_infer) << err_.str();
  EXPECT_EQ(c.catalog_infer.table, "t");
  EXPECT_EQ(c.catalog_infer.endpoint, "http://h:1");
  EXPECT_EQ(c.catalog_infer.access_key, "AKID");

  c = Parse({"catalog", "infer", "--help"});
  EXPECT_FALSE(c.run_catalog_infer);
  EXPECT_EQ(c.exit_code, 0);
  EXPECT_NE(out_.str().find("--database"), std::string::npos) << out_.str();

  for (std::vector<const char*> args : {std::vector<const char*>{"catalog"},
                                        {"catalog", "infer"},
                                        {"catalog", "infer", "s3://b/p"},
                                        {"catalog", "crawl"}}) {
    c = Parse(args);
    EXPECT_FALSE(c.run_catalog_infer);
    EXPECT_EQ(c.exit_code, 2);
    EXPECT_FALSE(err_.str().empty());
  }
}

TEST_F(ConfigTest, Ipv6AndLocalhostAddresses) {
  CommandLine c = Parse({"server", "--edge", "[::1]:0", "--kafka", "localhost:0"});
  EXPECT_TRUE(c.run_server) << err_.str();
}

}  // namespace
}  // namespace millrace::server
