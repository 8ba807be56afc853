#include "kafka/protocol/messages/list_groups_message.h"

namespace millrace::kafka {
namespace {
constexpr ApiKey kKey = ApiKey::kListGroups;
constexpr bool kFlex = false;
}  // namespace

Status ListGroupsRequest::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  return FinishDecode(r, kKey, version, MessageKind::kRequest);
}

Status ListGroupsRequest::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  return FinishEncode(w, kKey, version, MessageKind::kRequest);
}

Status ListGroupsResponse::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  if (version >= 1) throttle_time_ms = r.ReadInt32();
  error_code = r.ReadInt16();
  ReadArray(
      r, kFlex, groups,
      [](WireReader& in, Group& g) {
        g.group_id = in.ReadString();
        g.protocol_type = in.ReadString();
      },
      4);
  return FinishDecode(r, kKey, version, MessageKind::kResponse);
}

Status ListGroupsResponse::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  if (version >= 1) w.WriteInt32(throttle_time_ms);
  w.WriteInt16(error_code);
  WriteArray(w, kFlex, groups, [](WireWriter& out, const Group& g) {
    out.WriteString(g.group_id);
    out.WriteString(g.protocol_type);
  });
  return FinishEncode(w, kKey, version, MessageKind::kResponse);
}

}  // namespace millrace::kafka
