#include "kafka/protocol/messages/produce_message.h"

namespace millrace::kafka {
namespace {
constexpr ApiKey kKey = ApiKey::kProduce;
constexpr bool kFlex = false;
}  // namespace

Status ProduceRequest::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  if (version >= 3) transactional_id = r.ReadNullableString();
  acks = r.ReadInt16();
  timeout_ms = r.ReadInt32();
  ReadArray(r, kFlex, topics, [](WireReader& in, Topic& t) {
    t.name = in.ReadString();
    ReadArray(in, kFlex, t.partitions, [](WireReader& pin, Partition& p) {
      p.index = pin.ReadInt32();
      p.records = pin.ReadNullableBytes(kFlex);
    });
  });
  return FinishDecode(r, kKey, version, MessageKind::kRequest);
}

Status ProduceRequest::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  if (version >= 3) w.WriteNullableString(transactional_id);
  w.WriteInt16(acks);
  w.WriteInt32(timeout_ms);
  WriteArray(w, kFlex, topics, [](WireWriter& out, const Topic& t) {
    out.WriteString(t.name);
    WriteArray(out, kFlex, t.partitions, [](WireWriter& pout, const Partition& p) {
      pout.WriteInt32(p.index);
      pout.WriteNullableBytes(p.records);
    });
  });
  return FinishEncode(w, kKey, version, MessageKind::kRequest);
}

Status ProduceResponse::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  ReadArray(r, kFlex, topics, [version](WireReader& in, Topic& t) {
    t.name = in.ReadString();
    ReadArray(in, kFlex, t.partitions, [version](WireReader& pin, Partition& p) {
      p.index = pin.ReadInt32();
      p.error_code = pin.ReadInt16();
      p.base_offset = pin.ReadInt64();
      if (version >= 2) p.log_append_time_ms = pin.ReadInt64();
      if (version >= 5) p.log_start_offset = pin.ReadInt64();
      if (version >= 8) {
        ReadArray(pin, kFlex, p.record_errors, [](WireReader& ein, RecordError& e) {
          e.batch_index = ein.ReadInt32();
          e.batch_index_error_message = ein.ReadNullableString();
        });
        p.error_message = pin.ReadNullableString();
      }
    });
  });
  if (version >= 1) throttle_time_ms = r.ReadInt32();
  return FinishDecode(r, kKey, version, MessageKind::kResponse);
}

Status ProduceResponse::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  WriteArray(w, kFlex, topics, [version](WireWriter& out, const Topic& t) {
    out.WriteString(t.name);
    WriteArray(out, kFlex, t.partitions, [version](WireWriter& pout, const Partition& p) {
      pout.WriteInt32(p.index);
      pout.WriteInt16(p.error_code);
      pout.WriteInt64(p.base_offset);
      if (version >= 2) pout.WriteInt64(p.log_append_time_ms);
      if (version >= 5) pout.WriteInt64(p.log_start_offset);
      if (version >= 8) {
        WriteArray(pout, kFlex, p.record_errors, [](WireWriter& eout, const RecordError& e) {
          eout.WriteInt32(e.batch_index);
          eout.WriteNullableString(e.batch_index_error_message);
        });
        pout.WriteNullableString(p.error_message);
      }
    });
  });
  if (version >= 1) w.WriteInt32(throttle_time_ms);
  return FinishEncode(w, kKey, version, MessageKind::kResponse);
}

}  // namespace millrace::kafka
