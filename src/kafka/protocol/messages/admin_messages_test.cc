// Round trips and layouts of the admin APIs: CreateTopics, DeleteTopics, CreatePartitions,
// DescribeConfigs.
#include <gtest/gtest.h>

#include "kafka/protocol/messages/create_partitions_message.h"
#include "kafka/protocol/messages/create_topics_message.h"
#include "kafka/protocol/messages/delete_topics_message.h"
#include "kafka/protocol/messages/describe_configs_message.h"
#include "kafka/protocol/messages/message_test_util.h"

namespace millrace::kafka {
namespace {

using testing::Bytes;
using testing::DecodeMessage;
using testing::EncodeMessage;
using testing::ExpectRoundTrip;
using testing::ExpectRoundTripAllVersions;

TEST(AdminMessagesTest, CreateTopics) {
  CreateTopicsRequest request{.timeout_ms = 5000, .validate_only = true};
  CreateTopicsRequest::Topic manual{
      .name = "manual", .num_partitions = -1, .replication_factor = -1};
  manual.assignments = {{.partition_index = 0, .broker_ids = {1}},
                        {.partition_index = 1, .broker_ids = {1}}};
  CreateTopicsRequest::Topic configured{.name = "t", .num_partitions = 4, .replication_factor = 1};
  configured.configs = {{.name = "retention.ms", .value = "3600000"},
                        {.name = "cleanup.policy", .value = std::nullopt}};
  request.topics = {manual, configured};
  ExpectRoundTripAllVersions(request, ApiKey::kCreateTopics);
  EXPECT_EQ(ExpectRoundTrip(request, 4), request);
  EXPECT_FALSE(DecodeMessage<CreateTopicsRequest>(EncodeMessage(request, 0), 0).validate_only);

  CreateTopicsResponse response{.throttle_time_ms = 0};
  response.topics = {{.name = "t", .error_code = 0, .error_message = std::nullopt},
                     {.name = "x", .error_code = 36, .error_message = "exists"}};
  ExpectRoundTripAllVersions(response, ApiKey::kCreateTopics);
  EXPECT_EQ(ExpectRoundTrip(response, 4), response);
  EXPECT_EQ(EncodeMessage(CreateTopicsResponse{.topics = {{.name = "t"}}}, 0),
            Bytes({0, 0, 0, 1, 0, 1, 't', 0, 0}));
  EXPECT_EQ(EncodeMessage(CreateTopicsResponse{.topics = {{.name = "t"}}}, 1),
            Bytes({0, 0, 0, 1, 0, 1, 't', 0, 0, 0xFF, 0xFF}));
}

TEST(AdminMessagesTest, DeleteTopics) {
  DeleteTopicsRequest request{.topic_names = {"a", "b"}, .timeout_ms = 1000};
  ExpectRoundTripAllVersions(request, ApiKey::kDeleteTopics);
  EXPECT_EQ(EncodeMessage(request, 0), Bytes({0, 0, 0, 2, 0, 1, 'a', 0, 1, 'b', 0, 0, 0x03, 0xE8}));
  DeleteTopicsResponse response{.throttle_time_ms = 0};
  response.topics = {{.name = "a", .error_code = 0}, {.name = "b", .error_code = 3}};
  ExpectRoundTripAllVersions(response, ApiKey::kDeleteTopics);
  EXPECT_EQ(ExpectRoundTrip(response, 3), response);
}

TEST(AdminMessagesTest, CreatePartitions) {
  CreatePartitionsRequest request{.timeout_ms = 100, .validate_only = false};
  request.topics = {
      {.name = "t", .count = 6, .assignments = std::nullopt},
      {.name = "u",
       .count = 2,
       .assignments = std::vector<CreatePartitionsRequest::Assignment>{{.broker_ids = {1}}}}};
  ExpectRoundTripAllVersions(request, ApiKey::kCreatePartitions);
  EXPECT_EQ(ExpectRoundTrip(request, 1), request);
  CreatePartitionsResponse response{.throttle_time_ms = 0};
  response.results = {{.name = "t", .error_code = 37, .error_message = "fewer partitions"},
                      {.name = "u", .error_code = 0, .error_message = std::nullopt}};
  ExpectRoundTripAllVersions(response, ApiKey::kCreatePartitions);
  EXPECT_EQ(ExpectRoundTrip(response, 1), response);
}

TEST(AdminMessagesTest, DescribeConfigs) {
  DescribeConfigsRequest request{.include_synonyms = true};
  request.resources = {{.resource_type = kConfigResourceTopic,
                        .resource_name = "t",
                        .configuration_keys = std::nullopt},
                       {.resource_type = kConfigResourceBroker,
                        .resource_name = "1",
                        .configuration_keys = std::vector<std::string>{"log.retention.ms"}}};
  ExpectRoundTripAllVersions(request, ApiKey::kDescribeConfigs);
  EXPECT_EQ(ExpectRoundTrip(request, 2), request);

  DescribeConfigsResponse response{.throttle_time_ms = 0};
  DescribeConfigsResponse::Config retention{
      .name = "retention.ms",
      .value = "604800000",
      .read_only = false,
      .is_default = true,
      .config_source = kConfigSourceDefault,
      .is_sensitive = false,
      .synonyms = {
          {.name = "log.retention.ms", .value = "604800000", .source = kConfigSourceDefault}}};
  DescribeConfigsResponse::Config secret{
      .name = "sasl.password", .value = std::nullopt, .read_only = true, .is_sensitive = true};
  response.results = {{.error_code = 0,
                       .error_message = std::nullopt,
                       .resource_type = kConfigResourceTopic,
                       .resource_name = "t",
                       .configs = {retention, secret}}};
  ExpectRoundTripAllVersions(response, ApiKey::kDescribeConfigs);
  // v0 carries is_default but neither config_source nor synonyms.
  const auto v0 = DecodeMessage<DescribeConfigsResponse>(EncodeMessage(response, 0), 0);
  EXPECT_TRUE(v0.results[0].configs[0].is_default);
  EXPECT_EQ(v0.results[0].configs[0].config_source, -1);
  EXPECT_TRUE(v0.results[0].configs[0].synonyms.empty());
  const auto v1 = DecodeMessage<DescribeConfigsResponse>(EncodeMessage(response, 1), 1);
  EXPECT_FALSE(v1.results[0].configs[0].is_default);
  EXPECT_EQ(v1.results[0].configs[0].config_source, kConfigSourceDefault);
  EXPECT_EQ(v1.results[0].configs[0].synonyms, retention.synonyms);
}

}  // namespace
}  // namespace millrace::kafka
