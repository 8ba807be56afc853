#include "kafka/protocol/messages/describe_groups_message.h"

namespace millrace::kafka {
namespace {
constexpr ApiKey kKey = ApiKey::kDescribeGroups;
constexpr bool kFlex = false;
}  // namespace

Status DescribeGroupsRequest::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  ReadStringArray(r, kFlex, groups);
  return FinishDecode(r, kKey, version, MessageKind::kRequest);
}

Status DescribeGroupsRequest::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  WriteStringArray(w, kFlex, groups);
  return FinishEncode(w, kKey, version, MessageKind::kRequest);
}

Status DescribeGroupsResponse::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  if (version >= 1) throttle_time_ms = r.ReadInt32();
  ReadArray(r, kFlex, groups, [](WireReader& in, Group& g) {
    g.error_code = in.ReadInt16();
    g.group_id = in.ReadString();
    g.group_state = in.ReadString();
    g.protocol_type = in.ReadString();
    g.protocol_data = in.ReadString();
    ReadArray(in, kFlex, g.members, [](WireReader& min, Member& m) {
      m.member_id = min.ReadString();
      m.client_id = min.ReadString();
      m.client_host = min.ReadString();
      m.member_metadata = min.ReadBytes(kFlex);
      m.member_assignment = min.ReadBytes(kFlex);
    });
  });
  return FinishDecode(r, kKey, version, MessageKind::kResponse);
}

Status DescribeGroupsResponse::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  if (version >= 1) w.WriteInt32(throttle_time_ms);
  WriteArray(w, kFlex, groups, [](WireWriter& out, const Group& g) {
    out.WriteInt16(g.error_code);
    out.WriteString(g.group_id);
    out.WriteString(g.group_state);
    out.WriteString(g.protocol_type);
    out.WriteString(g.protocol_data);
    WriteArray(out, kFlex, g.members, [](WireWriter& mout, const Member& m) {
      mout.WriteString(m.member_id);
      mout.WriteString(m.client_id);
      mout.WriteString(m.client_host);
      mout.WriteBytes(m.member_metadata);
      mout.WriteBytes(m.member_assignment);
    });
  });
  return FinishEncode(w, kKey, version, MessageKind::kResponse);
}

}  // namespace millrace::kafka
