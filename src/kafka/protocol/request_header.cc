#include "kafka/protocol/request_header.h"

#include <string>

#include "kafka/protocol/api_versions.h"
#include "kafka/protocol/wire_reader.h"
#include "kafka/protocol/wire_writer.h"

namespace millrace::kafka {

Status CheckRequestFrameSize(int32_t size, int32_t max_bytes) {
  if (size < 8) {
    return Status::InvalidArgument("request frame of " + std::to_string(size) +
                                   " bytes is shorter than a request header");
  }
  if (size > max_bytes) {
    return Status::ResourceExhausted("request frame of " + std::to_string(size) +
                                     " bytes exceeds the limit of " + std::to_string(max_bytes));
  }
  return Status::Ok();
}

int16_t RequestHeaderVersion(ApiKey key, int16_t version) {
  if (IsFlexible(key, version)) return 2;
  if (key == ApiKey::kControlledShutdown && version == 0) return 0;
  return 1;
}

int16_t ResponseHeaderVersion(ApiKey key, int16_t version) {
  if (key == ApiKey::kApiVersions) return 0;
  return IsFlexible(key, version) ? 1 : 0;
}

Result<RequestHeader> DecodeRequestHeader(WireReader& reader) {
  RequestHeader header;
  header.api_key = reader.ReadInt16();
  header.api_version = reader.ReadInt16();
  header.correlation_id = reader.ReadInt32();
  header.header_version = RequestHeaderVersion(header.key(), header.api_version);
  if (header.header_version >= 1) header.client_id = reader.ReadNullableString();
  if (header.header_version >= 2) reader.SkipTaggedFields();
  if (!reader.ok()) {
    return Status::InvalidArgument("malformed request header: " + reader.status().message());
  }
  return header;
}

void EncodeRequestHeader(WireWriter& writer, const RequestHeader& header) {
  writer.WriteInt16(header.api_key);
  writer.WriteInt16(header.api_version);
  writer.WriteInt32(header.correlation_id);
  if (header.header_version >= 1) writer.WriteNullableString(header.client_id);
  if (header.header_version >= 2) writer.WriteTaggedFields(true);
}

void EncodeResponseHeader(WireWriter& writer, ApiKey key, int16_t version, int32_t correlation_id) {
  writer.WriteInt32(correlation_id);
  writer.WriteTaggedFields(ResponseHeaderVersion(key, version) >= 1);
}

}  // namespace millrace::kafka
