#include "kafka/protocol/messages/metadata_message.h"

#include <algorithm>

namespace millrace::kafka {
namespace {
constexpr ApiKey kKey = ApiKey::kMetadata;
constexpr bool kFlex = false;  // no advertised version is flexible
}  // namespace

Status MetadataRequest::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  std::vector<std::string> names;
  if (version == 0) {
    ReadStringArray(r, kFlex, names);
    if (names.empty()) {
      topics.reset();
    } else {
      topics = std::move(names);
    }
  } else {
    const int32_t n = r.ReadArrayLength(kFlex, 2);
    if (n >= 0) {
      topics.emplace();
      topics->reserve(std::min(static_cast<size_t>(n), kArrayReserveLimit));
      for (int32_t i = 0; i < n && r.ok(); ++i) topics->push_back(r.ReadString());
    }
  }
  if (version >= 4) allow_auto_topic_creation = r.ReadBool();
  if (version >= 8) {
    include_cluster_authorized_operations = r.ReadBool();
    include_topic_authorized_operations = r.ReadBool();
  }
  return FinishDecode(r, kKey, version, MessageKind::kRequest);
}

Status MetadataRequest::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  if (version == 0 && !topics) {
    w.WriteArrayLength(0, kFlex);
  } else if (!topics) {
    w.WriteArrayLength(-1, kFlex);
  } else {
    WriteStringArray(w, kFlex, *topics);
  }
  if (version >= 4) w.WriteBool(allow_auto_topic_creation);
  if (version >= 8) {
    w.WriteBool(include_cluster_authorized_operations);
    w.WriteBool(include_topic_authorized_operations);
  }
  return FinishEncode(w, kKey, version, MessageKind::kRequest);
}

Status MetadataResponse::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  if (version >= 3) throttle_time_ms = r.ReadInt32();
  ReadArray(r, kFlex, brokers, [version](WireReader& in, Broker& b) {
    b.node_id = in.ReadInt32();
    b.host = in.ReadString();
    b.port = in.ReadInt32();
    if (version >= 1) b.rack = in.ReadNullableString();
  });
  if (version >= 2) cluster_id = r.ReadNullableString();
  if (version >= 1) controller_id = r.ReadInt32();
  ReadArray(r, kFlex, topics, [version](WireReader& in, Topic& t) {
    t.error_code = in.ReadInt16();
    t.name = in.ReadString();
    if (version >= 1) t.is_internal = in.ReadBool();
    ReadArray(in, kFlex, t.partitions, [version](WireReader& pin, Partition& p) {
      p.error_code = pin.ReadInt16();
      p.partition_index = pin.ReadInt32();
      p.leader_id = pin.ReadInt32();
      if (version >= 7) p.leader_epoch = pin.ReadInt32();
      ReadInt32Array(pin, kFlex, p.replica_nodes);
      ReadInt32Array(pin, kFlex, p.isr_nodes);
      if (version >= 5) ReadInt32Array(pin, kFlex, p.offline_replicas);
    });
    if (version >= 8) t.topic_authorized_operations = in.ReadInt32();
  });
  if (version >= 8) cluster_authorized_operations = r.ReadInt32();
  return FinishDecode(r, kKey, version, MessageKind::kResponse);
}

Status MetadataResponse::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  if (version >= 3) w.WriteInt32(throttle_time_ms);
  WriteArray(w, kFlex, brokers, [version](WireWriter& out, const Broker& b) {
    out.WriteInt32(b.node_id);
    out.WriteString(b.host);
    out.WriteInt32(b.port);
    if (version >= 1) out.WriteNullableString(b.rack);
  });
  if (version >= 2) w.WriteNullableString(cluster_id);
  if (version >= 1) w.WriteInt32(controller_id);
  WriteArray(w, kFlex, topics, [version](WireWriter& out, const Topic& t) {
    out.WriteInt16(t.error_code);
    out.WriteString(t.name);
    if (version >= 1) out.WriteBool(t.is_internal);
    WriteArray(out, kFlex, t.partitions, [version](WireWriter& pout, const Partition& p) {
      pout.WriteInt16(p.error_code);
      pout.WriteInt32(p.partition_index);
      pout.WriteInt32(p.leader_id);
      if (version >= 7) pout.WriteInt32(p.leader_epoch);
      WriteInt32Array(pout, kFlex, p.replica_nodes);
      WriteInt32Array(pout, kFlex, p.isr_nodes);
      if (version >= 5) WriteInt32Array(pout, kFlex, p.offline_replicas);
    });
    if (version >= 8) out.WriteInt32(t.topic_authorized_operations);
  });
  if (version >= 8) w.WriteInt32(cluster_authorized_operations);
  return FinishEncode(w, kKey, version, MessageKind::kResponse);
}

}  // namespace millrace::kafka
