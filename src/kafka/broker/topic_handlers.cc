// Topic administration and metadata: Metadata, CreateTopics, DeleteTopics, CreatePartitions,
// DescribeConfigs. Topics are the log's topics; a Kinesis stream is a topic like any other.
#include "base/logging.h"
#include "kafka/broker/broker.h"
#include "kafka/broker/handler_util.h"
#include "kafka/broker/topic_config.h"
#include "kafka/protocol/messages/create_partitions_message.h"
#include "kafka/protocol/messages/create_topics_message.h"
#include "kafka/protocol/messages/delete_topics_message.h"
#include "kafka/protocol/messages/describe_configs_message.h"
#include "kafka/protocol/messages/metadata_message.h"
#include "log/log_manager.h"

namespace millrace::kafka {
namespace {

constexpr int32_t kNodeId = 0;

MetadataResponse::Topic DescribeTopic(const std::string& name,
                                      const std::vector<int32_t>& partitions) {
  MetadataResponse::Topic t;
  t.name = name;
  for (int32_t p : partitions) {
    MetadataResponse::Partition mp;
    mp.partition_index = p;
    mp.leader_id = kNodeId;
    mp.leader_epoch = 0;
    mp.replica_nodes = {kNodeId};
    mp.isr_nodes = {kNodeId};
    t.partitions.push_back(std::move(mp));
  }
  return t;
}

}  // namespace

HandlerResult Broker::HandleMetadata(const RequestHeader& h, WireReader& r) {
  MetadataRequest request;
  MR_RETURN_IF_ERROR(request.Decode(r, h.api_version));
  MetadataResponse response;
  response.brokers.push_back({kNodeId, options_.advertised_host, options_.advertised_port, {}});
  response.cluster_id = "millrace";
  response.controller_id = kNodeId;
  std::map<std::string, std::vector<int32_t>> topics = Topics();
  if (!request.topics) {
    for (const auto& [name, partitions] : topics) {
      response.topics.push_back(DescribeTopic(name, partitions));
    }
  } else {
    for (const std::string& name : *request.topics) {
      auto it = topics.find(name);
      if (it == topics.end() && request.allow_auto_topic_creation && options_.auto_create_topics &&
          FindPartition(name, 0, true) != nullptr) {
        topics = Topics();
        it = topics.find(name);
      }
      if (it != topics.end()) {
        response.topics.push_back(DescribeTopic(name, it->second));
        continue;
      }
      MetadataResponse::Topic t;
      t.name = name;
      t.error_code = log::ValidatePartitionId({name, 0}).ok()
                         ? ErrorValue(ErrorCode::kUnknownTopicOrPartition)
                         : ErrorValue(ErrorCode::kInvalidTopicException);
      response.topics.push_back(std::move(t));
    }
  }
  return Reply(h, response);
}

HandlerResult Broker::HandleCreateTopics(const RequestHeader& h, WireReader& r) {
  CreateTopicsRequest request;
  MR_RETURN_IF_ERROR(request.Decode(r, h.api_version));
  CreateTopicsResponse response;
  std::lock_guard lock(topic_mu_);
  for (const auto& topic : request.topics) {
    CreateTopicsResponse::Topic result;
    result.name = topic.name;
    auto fail = [&](ErrorCode code, std::string message) {
      result.error_code = ErrorValue(code);
      result.error_message = std::move(message);
    };
    log::PartitionConfig config;
    int32_t partitions = topic.num_partitions;
    if (partitions == -1) partitions = options_.default_partitions;
    if (!topic.assignments.empty()) partitions = static_cast<int32_t>(topic.assignments.size());
    Status config_status;
    for (const auto& c : topic.configs) {
      config_status = ApplyTopicConfig(c.name, c.value, &config);
      if (!config_status.ok()) break;
    }
    if (!log::ValidatePartitionId({topic.name, 0}).ok() || topic.name == "." ||
        topic.name == "..") {
      fail(ErrorCode::kInvalidTopicException,
           "topic names are 1-249 characters of [A-Za-z0-9._-], not '.' or '..'");
    } else if (Topics().contains(topic.name)) {
      fail(ErrorCode::kTopicAlreadyExists, "topic '" + topic.name + "' already exists");
    } else if (partitions <= 0 || partitions > 100000) {
      fail(ErrorCode::kInvalidPartitions, "number of partitions must be between 1 and 100000");
    } else if (topic.replication_factor != -1 && topic.replication_factor != 1) {
      fail(ErrorCode::kInvalidReplicationFactor,
           "replication factor must be 1: this cluster has one broker");
    } else if (!config_status.ok()) {
      fail(ErrorCode::kInvalidConfig, config_status.message());
    } else if (!request.validate_only) {
      Status s = CreatePartitions(topic.name, 0, partitions, config);
      if (!s.ok()) {
        fail(ErrorCode::kKafkaStorageError, s.ToString());
      } else {
        MR_LOG_INFO("kafka: created topic {} with {} partitions", topic.name, partitions);
      }
    }
    response.topics.push_back(std::move(result));
  }
  return Reply(h, response);
}

HandlerResult Broker::HandleDeleteTopics(const RequestHeader& h, WireReader& r) {
  DeleteTopicsRequest request;
  MR_RETURN_IF_ERROR(request.Decode(r, h.api_version));
  DeleteTopicsResponse response;
  std::lock_guard lock(topic_mu_);
  std::map<std::string, std::vector<int32_t>> topics = Topics();
  for (const std::string& name : request.topic_names) {
    DeleteTopicsResponse::Topic result;
    result.name = name;
    auto it = topics.find(name);
    if (it == topics.end()) {
      result.error_code = ErrorValue(ErrorCode::kUnknownTopicOrPartition);
    } else {
      for (int32_t p : it->second) {
        if (Status s = log_->Delete({name, p}); !s.ok()) {
          MR_LOG_WARN("kafka: deleting {}-{}: {}", name, p, s.ToString());
          result.error_code = ErrorValue(ErrorCode::kKafkaStorageError);
        }
      }
      MR_LOG_INFO("kafka: deleted topic {}", name);
    }
    response.topics.push_back(std::move(result));
  }
  return Reply(h, response);
}

HandlerResult Broker::HandleCreatePartitions(const RequestHeader& h, WireReader& r) {
  CreatePartitionsRequest request;
  MR_RETURN_IF_ERROR(request.Decode(r, h.api_version));
  CreatePartitionsResponse response;
  std::lock_guard lock(topic_mu_);
  std::map<std::string, std::vector<int32_t>> topics = Topics();
  for (const auto& topic : request.topics) {
    CreatePartitionsResponse::Result result;
    result.name = topic.name;
    auto it = topics.find(topic.name);
    if (it == topics.end()) {
      result.error_code = ErrorValue(ErrorCode::kUnknownTopicOrPartition);
      result.error_message = "topic '" + topic.name + "' does not exist";
    } else if (topic.count <= static_cast<int32_t>(it->second.size())) {
      result.error_code = ErrorValue(ErrorCode::kInvalidPartitions);
      result.error_message = "topic '" + topic.name + "' already has " +
                             std::to_string(it->second.size()) +
                             " partitions; the new count must be larger";
    } else if (!request.validate_only) {
      const int32_t first = it->second.back() + 1;
      const int32_t count = topic.count - static_cast<int32_t>(it->second.size());
      log::PartitionConfig config;
      if (auto p0 = log_->Get({topic.name, it->second.front()}); p0.ok()) config = (*p0)->config();
      if (Status s = CreatePartitions(topic.name, first, count, config); !s.ok()) {
        result.error_code = ErrorValue(ErrorCode::kKafkaStorageError);
        result.error_message = s.ToString();
      }
    }
    response.results.push_back(std::move(result));
  }
  return Reply(h, response);
}

HandlerResult Broker::HandleDescribeConfigs(const RequestHeader& h, WireReader& r) {
  DescribeConfigsRequest request;
  MR_RETURN_IF_ERROR(request.Decode(r, h.api_version));
  DescribeConfigsResponse response;
  std::map<std::string, std::vector<int32_t>> topics = Topics();
  for (const auto& resource : request.resources) {
    DescribeConfigsResponse::Result result;
    result.resource_type = resource.resource_type;
    result.resource_name = resource.resource_name;
    if (resource.resource_type == kConfigResourceTopic) {
      auto it = topics.find(resource.resource_name);
      Result<log::Partition*> p0 = it == topics.end()
                                       ? Result<log::Partition*>(Status::NotFound("topic"))
                                       : log_->Get({it->first, it->second.front()});
      if (!p0.ok()) {
        result.error_code = ErrorValue(ErrorCode::kUnknownTopicOrPartition);
        result.error_message = "topic '" + resource.resource_name + "' does not exist";
      } else {
        for (const TopicConfigEntry& e : DescribeTopicConfig((*p0)->config())) {
          if (resource.configuration_keys &&
              std::find(resource.configuration_keys->begin(), resource.configuration_keys->end(),
                        e.name) == resource.configuration_keys->end()) {
            continue;
          }
          DescribeConfigsResponse::Config c;
          c.name = e.name;
          c.value = e.value;
          c.is_default = e.is_default;
          c.config_source = e.is_default ? kConfigSourceDefault : kConfigSourceDynamicTopic;
          result.configs.push_back(std::move(c));
        }
      }
    } else if (resource.resource_type != kConfigResourceBroker) {
      result.error_code = ErrorValue(ErrorCode::kInvalidRequest);
      result.error_message = "only topic and broker configs can be described";
    }
    response.results.push_back(std::move(result));
  }
  return Reply(h, response);
}

}  // namespace millrace::kafka
