#include "kafka/protocol/messages/join_group_message.h"

namespace millrace::kafka {
namespace {
constexpr ApiKey kKey = ApiKey::kJoinGroup;
constexpr bool kFlex = false;
}  // namespace

Status JoinGroupRequest::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  group_id = r.ReadString();
  session_timeout_ms = r.ReadInt32();
  if (version >= 1) rebalance_timeout_ms = r.ReadInt32();
  member_id = r.ReadString();
  if (version >= 5) group_instance_id = r.ReadNullableString();
  protocol_type = r.ReadString();
  ReadArray(r, kFlex, protocols, [](WireReader& in, Protocol& p) {
    p.name = in.ReadString();
    p.metadata = in.ReadBytes(kFlex);
  });
  return FinishDecode(r, kKey, version, MessageKind::kRequest);
}

Status JoinGroupRequest::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  w.WriteString(group_id);
  w.WriteInt32(session_timeout_ms);
  if (version >= 1) w.WriteInt32(rebalance_timeout_ms);
  w.WriteString(member_id);
  if (version >= 5) w.WriteNullableString(group_instance_id);
  w.WriteString(protocol_type);
  WriteArray(w, kFlex, protocols, [](WireWriter& out, const Protocol& p) {
    out.WriteString(p.name);
    out.WriteBytes(p.metadata);
  });
  return FinishEncode(w, kKey, version, MessageKind::kRequest);
}

Status JoinGroupResponse::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  if (version >= 2) throttle_time_ms = r.ReadInt32();
  error_code = r.ReadInt16();
  generation_id = r.ReadInt32();
  protocol_name = r.ReadString();
  leader = r.ReadString();
  member_id = r.ReadString();
  ReadArray(r, kFlex, members, [version](WireReader& in, Member& m) {
    m.member_id = in.ReadString();
    if (version >= 5) m.group_instance_id = in.ReadNullableString();
    m.metadata = in.ReadBytes(kFlex);
  });
  return FinishDecode(r, kKey, version, MessageKind::kResponse);
}

Status JoinGroupResponse::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  if (version >= 2) w.WriteInt32(throttle_time_ms);
  w.WriteInt16(error_code);
  w.WriteInt32(generation_id);
  w.WriteString(protocol_name);
  w.WriteString(leader);
  w.WriteString(member_id);
  WriteArray(w, kFlex, members, [version](WireWriter& out, const Member& m) {
    out.WriteString(m.member_id);
    if (version >= 5) out.WriteNullableString(m.group_instance_id);
    out.WriteBytes(m.metadata);
  });
  return FinishEncode(w, kKey, version, MessageKind::kResponse);
}

}  // namespace millrace::kafka
