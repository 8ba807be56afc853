// The one table of API version ranges millrace advertises in ApiVersions responses, and the
// per-version facts derived from the Kafka message specs (which versions are flexible).
//
// Every range starts at 0: librdkafka <= 2.0 enables features (MsgVer2, groups, idempotence) by
// checking overlap with old versions, so raising a minimum silently disables them. Maxima are the
// highest versions the supported clients send, kept below the first flexible version except where
// a client needs more (ApiVersions v3, InitProducerId v2-v4). docs/kafka.md explains each choice.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "base/status.h"
#include "kafka/protocol/api_keys.h"

namespace millrace::kafka {

struct ApiVersionRange {
  ApiKey key;
  int16_t min_version;
  int16_t max_version;
  // First version whose messages use flexible encoding (KIP-482), per the 3.8.0 specs; -1 = none.
  int16_t first_flexible_version;
};

// Every API millrace implements, ordered by key. The ApiVersions response lists exactly these.
std::span<const ApiVersionRange> SupportedApis();

// The advertised range for `key`, or nullopt if millrace does not implement the API.
std::optional<ApiVersionRange> FindSupportedApi(ApiKey key);
std::optional<ApiVersionRange> FindSupportedApi(int16_t raw_key);

// True if millrace implements `version` of `key`.
bool IsSupported(ApiKey key, int16_t version);

// OK if millrace implements `version` of `key`, else InvalidArgument naming both.
Status CheckSupported(ApiKey key, int16_t version);

// True if `version` of `key` uses flexible encoding (compact strings/arrays, tagged fields), as
// the Kafka specs define it. Defined for versions beyond the advertised maximum too (a client may
// send ApiVersions v4, whose header is flexible). False for unknown keys.
bool IsFlexible(ApiKey key, int16_t version);

}  // namespace millrace::kafka
