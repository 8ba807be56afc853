#include "kafka/protocol/messages/sync_group_message.h"

namespace millrace::kafka {
namespace {
constexpr ApiKey kKey = ApiKey::kSyncGroup;
constexpr bool kFlex = false;
}  // namespace

Status SyncGroupRequest::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  group_id = r.ReadString();
  generation_id = r.ReadInt32();
  member_id = r.ReadString();
  if (version >= 3) group_instance_id = r.ReadNullableString();
  ReadArray(r, kFlex, assignments, [](WireReader& in, Assignment& a) {
    a.member_id = in.ReadString();
    a.assignment = in.ReadBytes(kFlex);
  });
  return FinishDecode(r, kKey, version, MessageKind::kRequest);
}

Status SyncGroupRequest::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  w.WriteString(group_id);
  w.WriteInt32(generation_id);
  w.WriteString(member_id);
  if (version >= 3) w.WriteNullableString(group_instance_id);
  WriteArray(w, kFlex, assignments, [](WireWriter& out, const Assignment& a) {
    out.WriteString(a.member_id);
    out.WriteBytes(a.assignment);
  });
  return FinishEncode(w, kKey, version, MessageKind::kRequest);
}

Status SyncGroupResponse::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  if (version >= 1) throttle_time_ms = r.ReadInt32();
  error_code = r.ReadInt16();
  assignment = r.ReadBytes(kFlex);
  return FinishDecode(r, kKey, version, MessageKind::kResponse);
}

Status SyncGroupResponse::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  if (version >= 1) w.WriteInt32(throttle_time_ms);
  w.WriteInt16(error_code);
  w.WriteBytes(assignment);
  return FinishEncode(w, kKey, version, MessageKind::kResponse);
}

}  // namespace millrace::kafka
