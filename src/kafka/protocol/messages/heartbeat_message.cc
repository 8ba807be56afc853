#include "kafka/protocol/messages/heartbeat_message.h"

namespace millrace::kafka {
namespace {
constexpr ApiKey kKey = ApiKey::kHeartbeat;
}  // namespace

Status HeartbeatRequest::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  group_id = r.ReadString();
  generation_id = r.ReadInt32();
  member_id = r.ReadString();
  if (version >= 3) group_instance_id = r.ReadNullableString();
  return FinishDecode(r, kKey, version, MessageKind::kRequest);
}

Status HeartbeatRequest::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  w.WriteString(group_id);
  w.WriteInt32(generation_id);
  w.WriteString(member_id);
  if (version >= 3) w.WriteNullableString(group_instance_id);
  return FinishEncode(w, kKey, version, MessageKind::kRequest);
}

Status HeartbeatResponse::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  if (version >= 1) throttle_time_ms = r.ReadInt32();
  error_code = r.ReadInt16();
  return FinishDecode(r, kKey, version, MessageKind::kResponse);
}

Status HeartbeatResponse::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  if (version >= 1) w.WriteInt32(throttle_time_ms);
  w.WriteInt16(error_code);
  return FinishEncode(w, kKey, version, MessageKind::kResponse);
}

}  // namespace millrace::kafka
