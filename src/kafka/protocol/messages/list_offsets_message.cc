#include "kafka/protocol/messages/list_offsets_message.h"

namespace millrace::kafka {
namespace {
constexpr ApiKey kKey = ApiKey::kListOffsets;
constexpr bool kFlex = false;
}  // namespace

Status ListOffsetsRequest::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  replica_id = r.ReadInt32();
  if (version >= 2) isolation_level = r.ReadInt8();
  ReadArray(r, kFlex, topics, [version](WireReader& in, Topic& t) {
    t.name = in.ReadString();
    ReadArray(in, kFlex, t.partitions, [version](WireReader& pin, Partition& p) {
      p.partition_index = pin.ReadInt32();
      if (version >= 4) p.current_leader_epoch = pin.ReadInt32();
      p.timestamp = pin.ReadInt64();
      if (version == 0) p.max_num_offsets = pin.ReadInt32();
    });
  });
  return FinishDecode(r, kKey, version, MessageKind::kRequest);
}

Status ListOffsetsRequest::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  w.WriteInt32(replica_id);
  if (version >= 2) w.WriteInt8(isolation_level);
  WriteArray(w, kFlex, topics, [version](WireWriter& out, const Topic& t) {
    out.WriteString(t.name);
    WriteArray(out, kFlex, t.partitions, [version](WireWriter& pout, const Partition& p) {
      pout.WriteInt32(p.partition_index);
      if (version >= 4) pout.WriteInt32(p.current_leader_epoch);
      pout.WriteInt64(p.timestamp);
      if (version == 0) pout.WriteInt32(p.max_num_offsets);
    });
  });
  return FinishEncode(w, kKey, version, MessageKind::kRequest);
}

Status ListOffsetsResponse::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  if (version >= 2) throttle_time_ms = r.ReadInt32();
  ReadArray(r, kFlex, topics, [version](WireReader& in, Topic& t) {
    t.name = in.ReadString();
    ReadArray(in, kFlex, t.partitions, [version](WireReader& pin, Partition& p) {
      p.partition_index = pin.ReadInt32();
      p.error_code = pin.ReadInt16();
      if (version == 0) {
        ReadArray(
            pin, kFlex, p.old_style_offsets,
            [](WireReader& oin, int64_t& offset) { offset = oin.ReadInt64(); }, 8);
      } else {
        p.timestamp = pin.ReadInt64();
        p.offset = pin.ReadInt64();
      }
      if (version >= 4) p.leader_epoch = pin.ReadInt32();
    });
  });
  return FinishDecode(r, kKey, version, MessageKind::kResponse);
}

Status ListOffsetsResponse::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  if (version >= 2) w.WriteInt32(throttle_time_ms);
  WriteArray(w, kFlex, topics, [version](WireWriter& out, const Topic& t) {
    out.WriteString(t.name);
    WriteArray(out, kFlex, t.partitions, [version](WireWriter& pout, const Partition& p) {
      pout.WriteInt32(p.partition_index);
      pout.WriteInt16(p.error_code);
      if (version == 0) {
        WriteArray(pout, kFlex, p.old_style_offsets,
                   [](WireWriter& oout, int64_t offset) { oout.WriteInt64(offset); });
      } else {
        pout.WriteInt64(p.timestamp);
        pout.WriteInt64(p.offset);
      }
      if (version >= 4) pout.WriteInt32(p.leader_epoch);
    });
  });
  return FinishEncode(w, kKey, version, MessageKind::kResponse);
}

}  // namespace millrace::kafka
