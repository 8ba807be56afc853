#include "kafka/protocol/messages/api_versions_message.h"

namespace millrace::kafka {
namespace {
constexpr ApiKey kKey = ApiKey::kApiVersions;
}  // namespace

Status ApiVersionsRequest::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  const bool flex = IsFlexible(kKey, version);
  if (version >= 3) {
    client_software_name = r.ReadCompactString();
    client_software_version = r.ReadCompactString();
  }
  r.ReadTaggedFields(flex);
  return FinishDecode(r, kKey, version, MessageKind::kRequest);
}

Status ApiVersionsRequest::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  const bool flex = IsFlexible(kKey, version);
  if (version >= 3) {
    w.WriteCompactString(client_software_name);
    w.WriteCompactString(client_software_version);
  }
  w.WriteTaggedFields(flex);
  return FinishEncode(w, kKey, version, MessageKind::kRequest);
}

Status ApiVersionsResponse::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  const bool flex = IsFlexible(kKey, version);
  error_code = r.ReadInt16();
  ReadArray(
      r, flex, api_keys,
      [flex](WireReader& in, ApiVersion& a) {
        a.api_key = in.ReadInt16();
        a.min_version = in.ReadInt16();
        a.max_version = in.ReadInt16();
        in.ReadTaggedFields(flex);
      },
      6);
  if (version >= 1) throttle_time_ms = r.ReadInt32();
  r.ReadTaggedFields(flex);
  return FinishDecode(r, kKey, version, MessageKind::kResponse);
}

Status ApiVersionsResponse::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  const bool flex = IsFlexible(kKey, version);
  w.WriteInt16(error_code);
  WriteArray(w, flex, api_keys, [flex](WireWriter& out, const ApiVersion& a) {
    out.WriteInt16(a.api_key);
    out.WriteInt16(a.min_version);
    out.WriteInt16(a.max_version);
    out.WriteTaggedFields(flex);
  });
  if (version >= 1) w.WriteInt32(throttle_time_ms);
  w.WriteTaggedFields(flex);
  return FinishEncode(w, kKey, version, MessageKind::kResponse);
}

ApiVersionsResponse MakeApiVersionsResponse(ErrorCode error) {
  ApiVersionsResponse response;
  response.error_code = ToWire(error);
  for (const ApiVersionRange& range : SupportedApis()) {
    response.api_keys.push_back(
        {static_cast<int16_t>(range.key), range.min_version, range.max_version});
  }
  return response;
}

int16_t ApiVersionsReplyVersion(int16_t requested_version) {
  return IsSupported(kKey, requested_version) ? requested_version : 0;
}

}  // namespace millrace::kafka
