// DescribeConfigs (key 32), versions 0-2 (none flexible). v1 adds synonyms and the config
// source, replacing v0's is_default flag.
#pragma once

#include "kafka/protocol/messages/message.h"

namespace millrace::kafka {

// Resource types (apache/kafka `ResourceType`).
inline constexpr int8_t kConfigResourceTopic = 2;
inline constexpr int8_t kConfigResourceBroker = 4;

// Config sources (v1+; `DescribeConfigsResponse.ConfigSource`).
inline constexpr int8_t kConfigSourceUnknown = 0;
inline constexpr int8_t kConfigSourceDynamicTopic = 1;
inline constexpr int8_t kConfigSourceStaticBroker = 4;
inline constexpr int8_t kConfigSourceDefault = 5;

struct DescribeConfigsRequest {
  struct Resource {
    int8_t resource_type = kConfigResourceTopic;
    std::string resource_name;
    std::optional<std::vector<std::string>> configuration_keys;  // nullopt: all keys
    bool operator==(const Resource&) const = default;
  };

  std::vector<Resource> resources;
  bool include_synonyms = false;  // v1+

  Status Decode(WireReader& r, int16_t version);
  Status Encode(WireWriter& w, int16_t version) const;
  bool operator==(const DescribeConfigsRequest&) const = default;
};

struct DescribeConfigsResponse {
  struct Synonym {
    std::string name;
    std::optional<std::string> value;
    int8_t source = kConfigSourceUnknown;
    bool operator==(const Synonym&) const = default;
  };
  struct Config {
    std::string name;
    std::optional<std::string> value;
    bool read_only = false;
    bool is_default = false;    // v0 only
    int8_t config_source = -1;  // v1+
    bool is_sensitive = false;
    std::vector<Synonym> synonyms;  // v1+
    bool operator==(const Config&) const = default;
  };
  struct Result {
    int16_t error_code = 0;
    std::optional<std::string> error_message;
    int8_t resource_type = kConfigResourceTopic;
    std::string resource_name;
    std::vector<Config> configs;
    bool operator==(const Result&) const = default;
  };

  int32_t throttle_time_ms = 0;
  std::vector<Result> results;

  Status Decode(WireReader& r, int16_t version);
  Status Encode(WireWriter& w, int16_t version) const;
  bool operator==(const DescribeConfigsResponse&) const = default;
};

}  // namespace millrace::kafka
