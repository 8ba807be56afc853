#include "kafka/protocol/messages/offset_fetch_message.h"

namespace millrace::kafka {
namespace {
constexpr ApiKey kKey = ApiKey::kOffsetFetch;
constexpr bool kFlex = false;

void ReadTopic(WireReader& in, OffsetFetchRequest::Topic& t) {
  t.name = in.ReadString();
  ReadInt32Array(in, kFlex, t.partition_indexes);
}

}  // namespace

Status OffsetFetchRequest::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  group_id = r.ReadString();
  if (version >= 2) {
    ReadNullableArray(r, kFlex, topics, ReadTopic);
  } else {
    topics.emplace();
    ReadArray(r, kFlex, *topics, ReadTopic);
  }
  return FinishDecode(r, kKey, version, MessageKind::kRequest);
}

Status OffsetFetchRequest::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  if (!topics && version < 2) {
    return Status::InvalidArgument("OffsetFetch v" + std::to_string(version) +
                                   " request: a null topic list needs v2 or later");
  }
  w.WriteString(group_id);
  WriteNullableArray(w, kFlex, topics, [](WireWriter& out, const Topic& t) {
    out.WriteString(t.name);
    WriteInt32Array(out, kFlex, t.partition_indexes);
  });
  return FinishEncode(w, kKey, version, MessageKind::kRequest);
}

Status OffsetFetchResponse::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  if (version >= 3) throttle_time_ms = r.ReadInt32();
  ReadArray(r, kFlex, topics, [version](WireReader& in, Topic& t) {
    t.name = in.ReadString();
    ReadArray(in, kFlex, t.partitions, [version](WireReader& pin, Partition& p) {
      p.partition_index = pin.ReadInt32();
      p.committed_offset = pin.ReadInt64();
      if (version >= 5) p.committed_leader_epoch = pin.ReadInt32();
      p.metadata = pin.ReadNullableString();
      p.error_code = pin.ReadInt16();
    });
  });
  if (version >= 2) error_code = r.ReadInt16();
  return FinishDecode(r, kKey, version, MessageKind::kResponse);
}

Status OffsetFetchResponse::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  if (version >= 3) w.WriteInt32(throttle_time_ms);
  WriteArray(w, kFlex, topics, [version](WireWriter& out, const Topic& t) {
    out.WriteString(t.name);
    WriteArray(out, kFlex, t.partitions, [version](WireWriter& pout, const Partition& p) {
      pout.WriteInt32(p.partition_index);
      pout.WriteInt64(p.committed_offset);
      if (version >= 5) pout.WriteInt32(p.committed_leader_epoch);
      pout.WriteNullableString(p.metadata);
      pout.WriteInt16(p.error_code);
    });
  });
  if (version >= 2) w.WriteInt16(error_code);
  return FinishEncode(w, kKey, version, MessageKind::kResponse);
}

}  // namespace millrace::kafka
