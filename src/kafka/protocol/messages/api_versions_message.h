// ApiVersions (key 18), versions 0-3; v3 is flexible. The response body is always preceded by
// response header v0 (KIP-511).
#pragma once

#include "kafka/protocol/error_codes.h"
#include "kafka/protocol/messages/message.h"

namespace millrace::kafka {

struct ApiVersionsRequest {
  std::string client_software_name;     // v3+
  std::string client_software_version;  // v3+

  Status Decode(WireReader& r, int16_t version);
  Status Encode(WireWriter& w, int16_t version) const;
  bool operator==(const ApiVersionsRequest&) const = default;
};

struct ApiVersionsResponse {
  struct ApiVersion {
    int16_t api_key = 0;
    int16_t min_version = 0;
    int16_t max_version = 0;
    bool operator==(const ApiVersion&) const = default;
  };

  int16_t error_code = 0;
  std::vector<ApiVersion> api_keys;
  int32_t throttle_time_ms = 0;  // v1+
  // v3 tagged fields (supported/finalized features) are skipped on decode and never sent.

  Status Decode(WireReader& r, int16_t version);
  Status Encode(WireWriter& w, int16_t version) const;
  bool operator==(const ApiVersionsResponse&) const = default;
};

// The response millrace sends: every range in SupportedApis(), with `error`.
ApiVersionsResponse MakeApiVersionsResponse(ErrorCode error = ErrorCode::kNone);

// The version to encode a reply to an ApiVersions request of `requested_version` in: the
// requested one if supported, else 0 (the reply then carries UNSUPPORTED_VERSION, KIP-511).
int16_t ApiVersionsReplyVersion(int16_t requested_version);

}  // namespace millrace::kafka
