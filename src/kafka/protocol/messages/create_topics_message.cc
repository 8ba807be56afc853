#include "kafka/protocol/messages/create_topics_message.h"

namespace millrace::kafka {
namespace {
constexpr ApiKey kKey = ApiKey::kCreateTopics;
constexpr bool kFlex = false;
}  // namespace

Status CreateTopicsRequest::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  ReadArray(r, kFlex, topics, [](WireReader& in, Topic& t) {
    t.name = in.ReadString();
    t.num_partitions = in.ReadInt32();
    t.replication_factor = in.ReadInt16();
    ReadArray(in, kFlex, t.assignments, [](WireReader& ain, Assignment& a) {
      a.partition_index = ain.ReadInt32();
      ReadInt32Array(ain, kFlex, a.broker_ids);
    });
    ReadArray(in, kFlex, t.configs, [](WireReader& cin, Config& c) {
      c.name = cin.ReadString();
      c.value = cin.ReadNullableString();
    });
  });
  timeout_ms = r.ReadInt32();
  if (version >= 1) validate_only = r.ReadBool();
  return FinishDecode(r, kKey, version, MessageKind::kRequest);
}

Status CreateTopicsRequest::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  WriteArray(w, kFlex, topics, [](WireWriter& out, const Topic& t) {
    out.WriteString(t.name);
    out.WriteInt32(t.num_partitions);
    out.WriteInt16(t.replication_factor);
    WriteArray(out, kFlex, t.assignments, [](WireWriter& aout, const Assignment& a) {
      aout.WriteInt32(a.partition_index);
      WriteInt32Array(aout, kFlex, a.broker_ids);
    });
    WriteArray(out, kFlex, t.configs, [](WireWriter& cout, const Config& c) {
      cout.WriteString(c.name);
      cout.WriteNullableString(c.value);
    });
  });
  w.WriteInt32(timeout_ms);
  if (version >= 1) w.WriteBool(validate_only);
  return FinishEncode(w, kKey, version, MessageKind::kRequest);
}

Status CreateTopicsResponse::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  if (version >= 2) throttle_time_ms = r.ReadInt32();
  ReadArray(r, kFlex, topics, [version](WireReader& in, Topic& t) {
    t.name = in.ReadString();
    t.error_code = in.ReadInt16();
    if (version >= 1) t.error_message = in.ReadNullableString();
  });
  return FinishDecode(r, kKey, version, MessageKind::kResponse);
}

Status CreateTopicsResponse::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  if (version >= 2) w.WriteInt32(throttle_time_ms);
  WriteArray(w, kFlex, topics, [version](WireWriter& out, const Topic& t) {
    out.WriteString(t.name);
    out.WriteInt16(t.error_code);
    if (version >= 1) out.WriteNullableString(t.error_message);
  });
  return FinishEncode(w, kKey, version, MessageKind::kResponse);
}

}  // namespace millrace::kafka
