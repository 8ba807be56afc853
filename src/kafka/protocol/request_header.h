// Kafka request and response headers, and the rules that pick their versions.
//
// Framing: every request and response is `int32 size` followed by `size` bytes of header+body.
// Request header v0: api_key int16, api_version int16, correlation_id int32. v1 adds client_id
// (nullable string with an int16 length). v2, used by flexible API versions, appends tagged fields;
// client_id keeps its int16 length so any broker can read the header of any ApiVersions request.
// Response header v0: correlation_id int32; v1 (flexible versions) appends tagged fields, except
// that ApiVersions responses always use v0 (KIP-511) so a client can read them whatever it sent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/status.h"
#include "kafka/protocol/api_keys.h"

namespace millrace::kafka {

class WireReader;
class WireWriter;

// Frames larger than this are refused before their bytes are read (the connection is closed).
// Kafka's default socket.request.max.bytes is 100 MiB.
inline constexpr int32_t kMaxRequestFrameBytes = 100 * 1024 * 1024;

// OK if `size` (the int32 that starts a frame) is a plausible request size: at least a v0 header
// (8 bytes) and at most `max_bytes`.
Status CheckRequestFrameSize(int32_t size, int32_t max_bytes = kMaxRequestFrameBytes);

struct RequestHeader {
  int16_t api_key = 0;  // raw: a request may carry a key millrace does not know
  int16_t api_version = 0;
  int32_t correlation_id = 0;
  std::optional<std::string> client_id;  // absent in header v0
  int16_t header_version = 1;            // which header layout was read: 0, 1 or 2

  ApiKey key() const { return static_cast<ApiKey>(api_key); }
  bool operator==(const RequestHeader&) const = default;
};

// The request header version for `version` of `key`: 2 if that version is flexible, 0 for
// ControlledShutdown v0, else 1. Unknown keys get 1 (enough to read client_id and reply).
int16_t RequestHeaderVersion(ApiKey key, int16_t version);

// The response header version: 0 for ApiVersions (always) and non-flexible versions, else 1.
int16_t ResponseHeaderVersion(ApiKey key, int16_t version);

// Reads a request header from the start of a frame body (the bytes after the size prefix),
// skipping any tagged fields. On success `reader` is positioned at the request body.
Result<RequestHeader> DecodeRequestHeader(WireReader& reader);

// Writes a request header in layout `header.header_version` (used by tests and clients).
void EncodeRequestHeader(WireWriter& writer, const RequestHeader& header);

// Writes the response header for a reply to `version` of `key`.
void EncodeResponseHeader(WireWriter& writer, ApiKey key, int16_t version, int32_t correlation_id);

}  // namespace millrace::kafka
