#include "kafka/protocol/messages/fetch_message.h"

namespace millrace::kafka {
namespace {
constexpr ApiKey kKey = ApiKey::kFetch;
constexpr bool kFlex = false;
}  // namespace

Status FetchRequest::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  replica_id = r.ReadInt32();
  max_wait_ms = r.ReadInt32();
  min_bytes = r.ReadInt32();
  if (version >= 3) max_bytes = r.ReadInt32();
  if (version >= 4) isolation_level = r.ReadInt8();
  if (version >= 7) {
    session_id = r.ReadInt32();
    session_epoch = r.ReadInt32();
  }
  ReadArray(r, kFlex, topics, [version](WireReader& in, Topic& t) {
    t.name = in.ReadString();
    ReadArray(in, kFlex, t.partitions, [version](WireReader& pin, Partition& p) {
      p.partition = pin.ReadInt32();
      if (version >= 9) p.current_leader_epoch = pin.ReadInt32();
      p.fetch_offset = pin.ReadInt64();
      if (version >= 5) p.log_start_offset = pin.ReadInt64();
      p.partition_max_bytes = pin.ReadInt32();
    });
  });
  if (version >= 7) {
    ReadArray(r, kFlex, forgotten_topics, [](WireReader& in, ForgottenTopic& t) {
      t.name = in.ReadString();
      ReadInt32Array(in, kFlex, t.partitions);
    });
  }
  if (version >= 11) rack_id = r.ReadString();
  return FinishDecode(r, kKey, version, MessageKind::kRequest);
}

Status FetchRequest::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  w.WriteInt32(replica_id);
  w.WriteInt32(max_wait_ms);
  w.WriteInt32(min_bytes);
  if (version >= 3) w.WriteInt32(max_bytes);
  if (version >= 4) w.WriteInt8(isolation_level);
  if (version >= 7) {
    w.WriteInt32(session_id);
    w.WriteInt32(session_epoch);
  }
  WriteArray(w, kFlex, topics, [version](WireWriter& out, const Topic& t) {
    out.WriteString(t.name);
    WriteArray(out, kFlex, t.partitions, [version](WireWriter& pout, const Partition& p) {
      pout.WriteInt32(p.partition);
      if (version >= 9) pout.WriteInt32(p.current_leader_epoch);
      pout.WriteInt64(p.fetch_offset);
      if (version >= 5) pout.WriteInt64(p.log_start_offset);
      pout.WriteInt32(p.partition_max_bytes);
    });
  });
  if (version >= 7) {
    WriteArray(w, kFlex, forgotten_topics, [](WireWriter& out, const ForgottenTopic& t) {
      out.WriteString(t.name);
      WriteInt32Array(out, kFlex, t.partitions);
    });
  }
  if (version >= 11) w.WriteString(rack_id);
  return FinishEncode(w, kKey, version, MessageKind::kRequest);
}

size_t FetchResponse::RecordBytes() const {
  size_t total = 0;
  for (const Topic& t : topics) {
    for (const Partition& p : t.partitions) {
      if (p.external_records > 0) {
        total += p.external_records;
      } else if (p.records) {
        total += p.records->size();
      }
    }
  }
  return total;
}

Status FetchResponse::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  if (version >= 1) throttle_time_ms = r.ReadInt32();
  if (version >= 7) {
    error_code = r.ReadInt16();
    session_id = r.ReadInt32();
  }
  ReadArray(r, kFlex, topics, [version](WireReader& in, Topic& t) {
    t.name = in.ReadString();
    ReadArray(in, kFlex, t.partitions, [version](WireReader& pin, Partition& p) {
      p.partition = pin.ReadInt32();
      p.error_code = pin.ReadInt16();
      p.high_watermark = pin.ReadInt64();
      if (version >= 4) p.last_stable_offset = pin.ReadInt64();
      if (version >= 5) p.log_start_offset = pin.ReadInt64();
      if (version >= 4) {
        ReadNullableArray(
            pin, kFlex, p.aborted_transactions,
            [](WireReader& ain, AbortedTransaction& a) {
              a.producer_id = ain.ReadInt64();
              a.first_offset = ain.ReadInt64();
            },
            16);
      }
      if (version >= 11) p.preferred_read_replica = pin.ReadInt32();
      p.records = pin.ReadNullableBytes(kFlex);
    });
  });
  return FinishDecode(r, kKey, version, MessageKind::kResponse);
}

Status FetchResponse::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  if (version >= 1) w.WriteInt32(throttle_time_ms);
  if (version >= 7) {
    w.WriteInt16(error_code);
    w.WriteInt32(session_id);
  }
  WriteArray(w, kFlex, topics, [version](WireWriter& out, const Topic& t) {
    out.WriteString(t.name);
    WriteArray(out, kFlex, t.partitions, [version](WireWriter& pout, const Partition& p) {
      pout.WriteInt32(p.partition);
      pout.WriteInt16(p.error_code);
      pout.WriteInt64(p.high_watermark);
      if (version >= 4) pout.WriteInt64(p.last_stable_offset);
      if (version >= 5) pout.WriteInt64(p.log_start_offset);
      if (version >= 4) {
        WriteNullableArray(pout, kFlex, p.aborted_transactions,
                           [](WireWriter& aout, const AbortedTransaction& a) {
                             aout.WriteInt64(a.producer_id);
                             aout.WriteInt64(a.first_offset);
                           });
      }
      if (version >= 11) pout.WriteInt32(p.preferred_read_replica);
      // Record sets are the log's bytes as stored: referenced, not copied (see WireWriter).
      if (p.external_records > 0) {
        pout.WriteExternalBytes(p.external_records);
      } else {
        pout.WriteNullableBytesByReference(p.records);
      }
    });
  });
  return FinishEncode(w, kKey, version, MessageKind::kResponse);
}

}  // namespace millrace::kafka
