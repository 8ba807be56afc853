#include "kinesis/stream_meta_format.h"

#include "base/json.h"
#include "base/value.h"
#include "kinesis/shard_map_format.h"

namespace millrace::kinesis {

namespace {

constexpr int64_t kVersion = 1;

KinesisStatus Damaged(std::string_view what) {
  return {Errc::kInternalFailure, "stream metadata file is damaged: " + std::string(what)};
}

Value StringMap(const std::map<std::string, std::string>& m) {
  Value out = Value::MakeObject();
  for (const auto& [k, v] : m) out.Set(k, Value(v));
  return out;
}

bool ReadStringMap(const Value* v, std::map<std::string, std::string>* out) {
  if (v == nullptr || v->is_null()) return true;
  if (!v->is_object()) return false;
  for (const auto& [k, item] : v->object()) {
    if (item.kind() != Value::Kind::kString) return false;
    (*out)[k] = item.string_value();
  }
  return true;
}

}  // namespace

std::string EncodeStreamFile(const StreamMeta& meta, const ShardMap& map) {
  Value v = Value::MakeObject();
  v.Set("version", Value(kVersion));
  v.Set("name", Value(meta.name));
  v.Set("epoch", Value(static_cast<int64_t>(meta.epoch)));
  v.Set("created_ms", Value(meta.created_ms));
  v.Set("status", Value(static_cast<int64_t>(meta.status)));
  v.Set("status_until_ms", Value(meta.status_until_ms));
  v.Set("mode", Value(static_cast<int64_t>(meta.mode)));
  v.Set("retention_hours", Value(static_cast<int64_t>(meta.retention_hours)));
  v.Set("max_record_bytes", Value(meta.max_record_bytes));
  v.Set("encryption_type", Value(meta.encryption_type));
  v.Set("key_id", Value(meta.key_id));
  Value metrics = Value::MakeArray();
  for (const auto& m : meta.shard_level_metrics) metrics.Append(Value(m));
  v.Set("shard_level_metrics", std::move(metrics));
  v.Set("tags", StringMap(meta.tags));
  Value consumers = Value::MakeArray();
  for (const auto& c : meta.consumers) {
    Value cv = Value::MakeObject();
    cv.Set("name", Value(c.name));
    cv.Set("created_ms", Value(c.created_ms));
    consumers.Append(std::move(cv));
  }
  v.Set("consumers", std::move(consumers));
  v.Set("policies", StringMap(meta.policies));
  v.Set("shard_map", Value::Bytes(EncodeShardMap(map)));
  return json::Write(v);
}

KinesisResult<DecodedStreamFile> DecodeStreamFile(std::string_view text, std::string account_id) {
  Result<Value> parsed = json::Parse(text);
  if (!parsed.ok()) return Damaged(parsed.status().message());
  const Value& v = *parsed;
  Result<int64_t> version = v.GetInt64("version");
  if (!version.ok() || *version != kVersion) return Damaged("unknown version");
  StreamMeta meta;
  Result<std::string> name = v.GetString("name");
  Result<int64_t> epoch = v.GetInt64("epoch");
  Result<int64_t> created = v.GetInt64("created_ms");
  Result<int64_t> status = v.GetInt64("status");
  Result<int64_t> until = v.GetInt64("status_until_ms");
  Result<int64_t> mode = v.GetInt64("mode");
  Result<int64_t> retention = v.GetInt64("retention_hours");
  Result<int64_t> max_record = v.GetInt64("max_record_bytes");
  Result<std::string> enc = v.GetString("encryption_type");
  Result<std::string> key = v.GetString("key_id");
  Result<std::string> map_bytes = v.GetBlob("shard_map");
  if (!name.ok() || !epoch.ok() || !created.ok() || !status.ok() || !until.ok() || !mode.ok() ||
      !retention.ok() || !max_record.ok() || !enc.ok() || !key.ok() || !map_bytes.ok()) {
    return Damaged("a field is missing");
  }
  if (*status < 0 || *status > static_cast<int64_t>(StreamStatus::kDeleting) || *mode < 0 ||
      *mode > static_cast<int64_t>(StreamMode::kOnDemand) || *epoch < 0) {
    return Damaged("a field is out of range");
  }
  meta.name = *name;
  meta.epoch = static_cast<uint64_t>(*epoch);
  meta.created_ms = *created;
  meta.status = static_cast<StreamStatus>(*status);
  meta.status_until_ms = *until;
  meta.mode = static_cast<StreamMode>(*mode);
  meta.retention_hours = static_cast<int32_t>(*retention);
  meta.max_record_bytes = *max_record;
  meta.encryption_type = *enc;
  meta.key_id = *key;
  if (const Value* m = v.Find("shard_level_metrics"); m != nullptr && m->is_array()) {
    for (const auto& item : m->array()) {
      if (item.kind() != Value::Kind::kString) return Damaged("shard_level_metrics");
      meta.shard_level_metrics.push_back(item.string_value());
    }
  }
  if (!ReadStringMap(v.Find("tags"), &meta.tags)) return Damaged("tags");
  if (!ReadStringMap(v.Find("policies"), &meta.policies)) return Damaged("policies");
  if (const Value* cs = v.Find("consumers"); cs != nullptr && cs->is_array()) {
    for (const auto& c : cs->array()) {
      Result<std::string> cname = c.GetString("name");
      Result<int64_t> cms = c.GetInt64("created_ms");
      if (!cname.ok() || !cms.ok()) return Damaged("consumers");
      meta.consumers.push_back({*cname, *cms});
    }
  }
  KinesisResult<ShardMap> map = DecodeShardMap(*map_bytes, meta.name, std::move(account_id));
  if (!map.ok()) return map.status();
  return DecodedStreamFile{std::move(meta), std::move(map).value()};
}

}  // namespace millrace::kinesis
