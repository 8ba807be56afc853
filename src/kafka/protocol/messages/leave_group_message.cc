#include "kafka/protocol/messages/leave_group_message.h"

namespace millrace::kafka {
namespace {
constexpr ApiKey kKey = ApiKey::kLeaveGroup;
constexpr bool kFlex = false;
}  // namespace

Status LeaveGroupRequest::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  group_id = r.ReadString();
  if (version <= 2) {
    member_id = r.ReadString();
  } else {
    ReadArray(r, kFlex, members, [](WireReader& in, Member& m) {
      m.member_id = in.ReadString();
      m.group_instance_id = in.ReadNullableString();
    });
  }
  return FinishDecode(r, kKey, version, MessageKind::kRequest);
}

Status LeaveGroupRequest::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  w.WriteString(group_id);
  if (version <= 2) {
    w.WriteString(member_id);
  } else {
    WriteArray(w, kFlex, members, [](WireWriter& out, const Member& m) {
      out.WriteString(m.member_id);
      out.WriteNullableString(m.group_instance_id);
    });
  }
  return FinishEncode(w, kKey, version, MessageKind::kRequest);
}

Status LeaveGroupResponse::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  if (version >= 1) throttle_time_ms = r.ReadInt32();
  error_code = r.ReadInt16();
  if (version >= 3) {
    ReadArray(r, kFlex, members, [](WireReader& in, Member& m) {
      m.member_id = in.ReadString();
      m.group_instance_id = in.ReadNullableString();
      m.error_code = in.ReadInt16();
    });
  }
  return FinishDecode(r, kKey, version, MessageKind::kResponse);
}

Status LeaveGroupResponse::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  if (version >= 1) w.WriteInt32(throttle_time_ms);
  w.WriteInt16(error_code);
  if (version >= 3) {
    WriteArray(w, kFlex, members, [](WireWriter& out, const Member& m) {
      out.WriteString(m.member_id);
      out.WriteNullableString(m.group_instance_id);
      out.WriteInt16(m.error_code);
    });
  }
  return FinishEncode(w, kKey, version, MessageKind::kResponse);
}

}  // namespace millrace::kafka
