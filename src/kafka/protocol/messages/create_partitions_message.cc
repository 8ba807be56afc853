#include "kafka/protocol/messages/create_partitions_message.h"

namespace millrace::kafka {
namespace {
constexpr ApiKey kKey = ApiKey::kCreatePartitions;
constexpr bool kFlex = false;
}  // namespace

Status CreatePartitionsRequest::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  ReadArray(r, kFlex, topics, [](WireReader& in, Topic& t) {
    t.name = in.ReadString();
    t.count = in.ReadInt32();
    ReadNullableArray(
        in, kFlex, t.assignments,
        [](WireReader& ain, Assignment& a) { ReadInt32Array(ain, kFlex, a.broker_ids); }, 4);
  });
  timeout_ms = r.ReadInt32();
  validate_only = r.ReadBool();
  return FinishDecode(r, kKey, version, MessageKind::kRequest);
}

Status CreatePartitionsRequest::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  WriteArray(w, kFlex, topics, [](WireWriter& out, const Topic& t) {
    out.WriteString(t.name);
    out.WriteInt32(t.count);
    WriteNullableArray(out, kFlex, t.assignments, [](WireWriter& aout, const Assignment& a) {
      WriteInt32Array(aout, kFlex, a.broker_ids);
    });
  });
  w.WriteInt32(timeout_ms);
  w.WriteBool(validate_only);
  return FinishEncode(w, kKey, version, MessageKind::kRequest);
}

Status CreatePartitionsResponse::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  throttle_time_ms = r.ReadInt32();
  ReadArray(r, kFlex, results, [](WireReader& in, Result& res) {
    res.name = in.ReadString();
    res.error_code = in.ReadInt16();
    res.error_message = in.ReadNullableString();
  });
  return FinishDecode(r, kKey, version, MessageKind::kResponse);
}

Status CreatePartitionsResponse::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  w.WriteInt32(throttle_time_ms);
  WriteArray(w, kFlex, results, [](WireWriter& out, const Result& res) {
    out.WriteString(res.name);
    out.WriteInt16(res.error_code);
    out.WriteNullableString(res.error_message);
  });
  return FinishEncode(w, kKey, version, MessageKind::kResponse);
}

}  // namespace millrace::kafka
