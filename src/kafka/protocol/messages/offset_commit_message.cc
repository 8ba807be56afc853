#include "kafka/protocol/messages/offset_commit_message.h"

namespace millrace::kafka {
namespace {
constexpr ApiKey kKey = ApiKey::kOffsetCommit;
constexpr bool kFlex = false;
}  // namespace

Status OffsetCommitRequest::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  group_id = r.ReadString();
  if (version >= 1) {
    generation_id = r.ReadInt32();
    member_id = r.ReadString();
  }
  if (version >= 7) group_instance_id = r.ReadNullableString();
  if (version >= 2 && version <= 4) retention_time_ms = r.ReadInt64();
  ReadArray(r, kFlex, topics, [version](WireReader& in, Topic& t) {
    t.name = in.ReadString();
    ReadArray(in, kFlex, t.partitions, [version](WireReader& pin, Partition& p) {
      p.partition_index = pin.ReadInt32();
      p.committed_offset = pin.ReadInt64();
      if (version >= 6) p.committed_leader_epoch = pin.ReadInt32();
      if (version == 1) p.commit_timestamp = pin.ReadInt64();
      p.committed_metadata = pin.ReadNullableString();
    });
  });
  return FinishDecode(r, kKey, version, MessageKind::kRequest);
}

Status OffsetCommitRequest::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  w.WriteString(group_id);
  if (version >= 1) {
    w.WriteInt32(generation_id);
    w.WriteString(member_id);
  }
  if (version >= 7) w.WriteNullableString(group_instance_id);
  if (version >= 2 && version <= 4) w.WriteInt64(retention_time_ms);
  WriteArray(w, kFlex, topics, [version](WireWriter& out, const Topic& t) {
    out.WriteString(t.name);
    WriteArray(out, kFlex, t.partitions, [version](WireWriter& pout, const Partition& p) {
      pout.WriteInt32(p.partition_index);
      pout.WriteInt64(p.committed_offset);
      if (version >= 6) pout.WriteInt32(p.committed_leader_epoch);
      if (version == 1) pout.WriteInt64(p.commit_timestamp);
      pout.WriteNullableString(p.committed_metadata);
    });
  });
  return FinishEncode(w, kKey, version, MessageKind::kRequest);
}

Status OffsetCommitResponse::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  if (version >= 3) throttle_time_ms = r.ReadInt32();
  ReadArray(r, kFlex, topics, [](WireReader& in, Topic& t) {
    t.name = in.ReadString();
    ReadArray(
        in, kFlex, t.partitions,
        [](WireReader& pin, Partition& p) {
          p.partition_index = pin.ReadInt32();
          p.error_code = pin.ReadInt16();
        },
        6);
  });
  return FinishDecode(r, kKey, version, MessageKind::kResponse);
}

Status OffsetCommitResponse::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  if (version >= 3) w.WriteInt32(throttle_time_ms);
  WriteArray(w, kFlex, topics, [](WireWriter& out, const Topic& t) {
    out.WriteString(t.name);
    WriteArray(out, kFlex, t.partitions, [](WireWriter& pout, const Partition& p) {
      pout.WriteInt32(p.partition_index);
      pout.WriteInt16(p.error_code);
    });
  });
  return FinishEncode(w, kKey, version, MessageKind::kResponse);
}

}  // namespace millrace::kafka
