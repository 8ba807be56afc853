#include "firehose/cloudwatch_logs.h"

#include <zlib.h>

#include "base/json.h"
#include "base/value.h"

namespace millrace::firehose {

Result<std::string> GunzipRecord(std::string_view record, size_t max_output_bytes) {
  std::string out;
  size_t pos = 0;
  do {
    z_stream zs{};
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) return Status::Internal("inflateInit2 failed");
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(record.data() + pos));
    zs.avail_in = static_cast<uInt>(record.size() - pos);
    int rc = Z_OK;
    char buf[65536];
    while (rc == Z_OK) {
      zs.next_out = reinterpret_cast<Bytef*>(buf);
      zs.avail_out = sizeof buf;
      rc = inflate(&zs, Z_NO_FLUSH);
      out.append(buf, sizeof buf - zs.avail_out);
      if (out.size() > max_output_bytes) {
        inflateEnd(&zs);
        return Status::ResourceExhausted("a record decompresses to more than " +
                                         std::to_string(max_output_bytes) + " bytes");
      }
      if (rc == Z_BUF_ERROR && zs.avail_in == 0) break;  // truncated input
    }
    const size_t consumed = record.size() - pos - zs.avail_in;
    const std::string detail = zs.msg ? std::string(": ") + zs.msg : std::string();
    inflateEnd(&zs);
    if (rc != Z_STREAM_END)
      return Status::InvalidArgument("record is not valid gzip data" + detail);
    pos += consumed;
  } while (pos < record.size());
  return out;
}

Result<CloudWatchLogsBatch> ParseCloudWatchLogsRecord(std::string_view json_text) {
  auto parsed = json::Parse(json_text);
  if (!parsed.ok()) {
    return Status::InvalidArgument("CloudWatch Logs record is not JSON: " +
                                   parsed.status().message());
  }
  const Value& doc = *parsed;
  if (!doc.is_object()) return Status::InvalidArgument("CloudWatch Logs record is not an object");
  MR_ASSIGN_OR_RETURN(std::string type, doc.GetString("messageType"));
  CloudWatchLogsBatch batch;
  if (type == "CONTROL_MESSAGE") {
    batch.control_message = true;
    return batch;
  }
  if (type != "DATA_MESSAGE") {
    return Status::InvalidArgument("CloudWatch Logs messageType '" + type + "' is unknown");
  }
  if (const Value* v = doc.Find("owner"); v && v->kind() == Value::Kind::kString) {
    batch.owner = v->string_value();
  }
  if (const Value* v = doc.Find("logGroup"); v && v->kind() == Value::Kind::kString) {
    batch.log_group = v->string_value();
  }
  if (const Value* v = doc.Find("logStream"); v && v->kind() == Value::Kind::kString) {
    batch.log_stream = v->string_value();
  }
  MR_ASSIGN_OR_RETURN(const Value::Array* events, doc.GetArray("logEvents"));
  for (const Value& e : *events) {
    CloudWatchLogEvent event;
    MR_ASSIGN_OR_RETURN(event.message, e.GetString("message"));
    if (const Value* id = e.Find("id"); id && id->kind() == Value::Kind::kString) {
      event.id = id->string_value();
    }
    if (const Value* ts = e.Find("timestamp"); ts && ts->kind() == Value::Kind::kInt) {
      event.timestamp_millis = ts->int_value();
    }
    batch.events.push_back(std::move(event));
  }
  return batch;
}

Result<std::vector<std::string>> ExtractCloudWatchLogMessages(std::string_view json_text) {
  MR_ASSIGN_OR_RETURN(CloudWatchLogsBatch batch, ParseCloudWatchLogsRecord(json_text));
  std::vector<std::string> records;
  records.reserve(batch.events.size());
  for (CloudWatchLogEvent& event : batch.events) {
    event.message.push_back('\n');
    records.push_back(std::move(event.message));
  }
  return records;
}

}  // namespace millrace::firehose
