#include "kafka/protocol/messages/init_producer_id_message.h"

namespace millrace::kafka {
namespace {
constexpr ApiKey kKey = ApiKey::kInitProducerId;
}  // namespace

Status InitProducerIdRequest::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  const bool flex = IsFlexible(kKey, version);
  transactional_id = r.ReadNullableString(flex);
  transaction_timeout_ms = r.ReadInt32();
  if (version >= 3) {
    producer_id = r.ReadInt64();
    producer_epoch = r.ReadInt16();
  }
  r.ReadTaggedFields(flex);
  return FinishDecode(r, kKey, version, MessageKind::kRequest);
}

Status InitProducerIdRequest::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  const bool flex = IsFlexible(kKey, version);
  w.WriteNullableString(transactional_id, flex);
  w.WriteInt32(transaction_timeout_ms);
  if (version >= 3) {
    w.WriteInt64(producer_id);
    w.WriteInt16(producer_epoch);
  }
  w.WriteTaggedFields(flex);
  return FinishEncode(w, kKey, version, MessageKind::kRequest);
}

Status InitProducerIdResponse::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  const bool flex = IsFlexible(kKey, version);
  throttle_time_ms = r.ReadInt32();
  error_code = r.ReadInt16();
  producer_id = r.ReadInt64();
  producer_epoch = r.ReadInt16();
  r.ReadTaggedFields(flex);
  return FinishDecode(r, kKey, version, MessageKind::kResponse);
}

Status InitProducerIdResponse::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  const bool flex = IsFlexible(kKey, version);
  w.WriteInt32(throttle_time_ms);
  w.WriteInt16(error_code);
  w.WriteInt64(producer_id);
  w.WriteInt16(producer_epoch);
  w.WriteTaggedFields(flex);
  return FinishEncode(w, kKey, version, MessageKind::kResponse);
}

}  // namespace millrace::kafka
