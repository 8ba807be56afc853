#include "kafka/protocol/messages/find_coordinator_message.h"

namespace millrace::kafka {
namespace {
constexpr ApiKey kKey = ApiKey::kFindCoordinator;
}  // namespace

Status FindCoordinatorRequest::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  key = r.ReadString();
  if (version >= 1) key_type = r.ReadInt8();
  return FinishDecode(r, kKey, version, MessageKind::kRequest);
}

Status FindCoordinatorRequest::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  w.WriteString(key);
  if (version >= 1) w.WriteInt8(key_type);
  return FinishEncode(w, kKey, version, MessageKind::kRequest);
}

Status FindCoordinatorResponse::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  if (version >= 1) throttle_time_ms = r.ReadInt32();
  error_code = r.ReadInt16();
  if (version >= 1) error_message = r.ReadNullableString();
  node_id = r.ReadInt32();
  host = r.ReadString();
  port = r.ReadInt32();
  return FinishDecode(r, kKey, version, MessageKind::kResponse);
}

Status FindCoordinatorResponse::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  if (version >= 1) w.WriteInt32(throttle_time_ms);
  w.WriteInt16(error_code);
  if (version >= 1) w.WriteNullableString(error_message);
  w.WriteInt32(node_id);
  w.WriteString(host);
  w.WriteInt32(port);
  return FinishEncode(w, kKey, version, MessageKind::kResponse);
}

}  // namespace millrace::kafka
