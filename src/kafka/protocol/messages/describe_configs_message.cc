#include "kafka/protocol/messages/describe_configs_message.h"

namespace millrace::kafka {
namespace {
constexpr ApiKey kKey = ApiKey::kDescribeConfigs;
constexpr bool kFlex = false;
}  // namespace

Status DescribeConfigsRequest::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  ReadArray(r, kFlex, resources, [](WireReader& in, Resource& res) {
    res.resource_type = in.ReadInt8();
    res.resource_name = in.ReadString();
    ReadNullableArray(
        in, kFlex, res.configuration_keys,
        [](WireReader& kin, std::string& key) { key = kin.ReadString(); }, 2);
  });
  if (version >= 1) include_synonyms = r.ReadBool();
  return FinishDecode(r, kKey, version, MessageKind::kRequest);
}

Status DescribeConfigsRequest::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  WriteArray(w, kFlex, resources, [](WireWriter& out, const Resource& res) {
    out.WriteInt8(res.resource_type);
    out.WriteString(res.resource_name);
    WriteNullableArray(out, kFlex, res.configuration_keys,
                       [](WireWriter& kout, const std::string& key) { kout.WriteString(key); });
  });
  if (version >= 1) w.WriteBool(include_synonyms);
  return FinishEncode(w, kKey, version, MessageKind::kRequest);
}

Status DescribeConfigsResponse::Decode(WireReader& r, int16_t version) {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  throttle_time_ms = r.ReadInt32();
  ReadArray(r, kFlex, results, [version](WireReader& in, Result& res) {
    res.error_code = in.ReadInt16();
    res.error_message = in.ReadNullableString();
    res.resource_type = in.ReadInt8();
    res.resource_name = in.ReadString();
    ReadArray(in, kFlex, res.configs, [version](WireReader& cin, Config& c) {
      c.name = cin.ReadString();
      c.value = cin.ReadNullableString();
      c.read_only = cin.ReadBool();
      if (version == 0) c.is_default = cin.ReadBool();
      if (version >= 1) c.config_source = cin.ReadInt8();
      c.is_sensitive = cin.ReadBool();
      if (version >= 1) {
        ReadArray(cin, kFlex, c.synonyms, [](WireReader& sin, Synonym& s) {
          s.name = sin.ReadString();
          s.value = sin.ReadNullableString();
          s.source = sin.ReadInt8();
        });
      }
    });
  });
  return FinishDecode(r, kKey, version, MessageKind::kResponse);
}

Status DescribeConfigsResponse::Encode(WireWriter& w, int16_t version) const {
  MR_RETURN_IF_ERROR(CheckSupported(kKey, version));
  w.WriteInt32(throttle_time_ms);
  WriteArray(w, kFlex, results, [version](WireWriter& out, const Result& res) {
    out.WriteInt16(res.error_code);
    out.WriteNullableString(res.error_message);
    out.WriteInt8(res.resource_type);
    out.WriteString(res.resource_name);
    WriteArray(out, kFlex, res.configs, [version](WireWriter& cout, const Config& c) {
      cout.WriteString(c.name);
      cout.WriteNullableString(c.value);
      cout.WriteBool(c.read_only);
      if (version == 0) cout.WriteBool(c.is_default);
      if (version >= 1) cout.WriteInt8(c.config_source);
      cout.WriteBool(c.is_sensitive);
      if (version >= 1) {
        WriteArray(cout, kFlex, c.synonyms, [](WireWriter& sout, const Synonym& s) {
          sout.WriteString(s.name);
          sout.WriteNullableString(s.value);
          sout.WriteInt8(s.source);
        });
      }
    });
  });
  return FinishEncode(w, kKey, version, MessageKind::kResponse);
}

}  // namespace millrace::kafka
