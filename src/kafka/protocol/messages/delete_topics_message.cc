#include "kafka/protocol/messages/delete_topics_message.h"

namespace millrace::kafka {
namespace {
constexpr ApiKey kKey = ApiKey::kDeleteTopics;
constexpr bool kFlex = false;
}  // namespace

Status DeleteTopicsRequest::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  ReadStringArray(r, kFlex, topic_names);
  timeout_ms = r.ReadInt32();
  return FinishDecode(r, kKey, version, MessageKind::kRequest);
}

Status DeleteTopicsRequest::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  WriteStringArray(w, kFlex, topic_names);
  w.WriteInt32(timeout_ms);
  return FinishEncode(w, kKey, version, MessageKind::kRequest);
}

Status DeleteTopicsResponse::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  if (version >= 1) throttle_time_ms = r.ReadInt32();
  ReadArray(
      r, kFlex, topics,
      [](WireReader& in, Topic& t) {
        t.name = in.ReadString();
        t.error_code = in.ReadInt16();
      },
      4);
  return FinishDecode(r, kKey, version, MessageKind::kResponse);
}

Status DeleteTopicsResponse::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  if (version >= 1) w.WriteInt32(throttle_time_ms);
  WriteArray(w, kFlex, topics, [](WireWriter& out, const Topic& t) {
    out.WriteString(t.name);
    out.WriteInt16(t.error_code);
  });
  return FinishEncode(w, kKey, version, MessageKind::kResponse);
}

}  // namespace millrace::kafka
