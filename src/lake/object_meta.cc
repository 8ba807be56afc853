#include "lake/object_meta.h"

#include "base/json.h"
#include "base/value.h"

namespace millrace::lake {
namespace {

Value EncodeHeaders(const HeaderList& headers) {
  Value out = Value::MakeObject();
  for (const auto& [name, value] : headers) out.Set(name, Value(value));
  return out;
}

Result<HeaderList> DecodeHeaders(const Value& doc, std::string_view field) {
  HeaderList out;
  const Value* v = doc.Find(field);
  if (v == nullptr) return out;
  if (!v->is_object()) return Status::Corruption("object metadata: " + std::string(field));
  for (const auto& [name, value] : v->object()) {
    MR_ASSIGN_OR_RETURN(std::string s, value.AsString(name));
    out.emplace_back(name, std::move(s));
  }
  return out;
}

}  // namespace

std::string EncodeObjectMeta(const ObjectMeta& meta) {
  Value doc = Value::MakeObject();
  doc.Set("key", Value(meta.key));
  doc.Set("size", Value(static_cast<int64_t>(meta.size)));
  doc.Set("etag", Value(meta.etag));
  doc.Set("last_modified_ms", Value(meta.last_modified_ms));
  doc.Set("content_type", Value(meta.attributes.content_type));
  doc.Set("headers", EncodeHeaders(meta.attributes.headers));
  doc.Set("user_metadata", EncodeHeaders(meta.attributes.user_metadata));
  doc.Set("inode", Value(static_cast<int64_t>(meta.inode)));
  doc.Set("file_mtime_ns", Value(meta.file_mtime_ns));
  return json::Write(doc);
}

Result<ObjectMeta> DecodeObjectMeta(std::string_view text) {
  MR_ASSIGN_OR_RETURN(Value doc, json::Parse(text));
  if (!doc.is_object()) return Status::Corruption("object metadata is not a JSON object");
  ObjectMeta meta;
  MR_ASSIGN_OR_RETURN(meta.key, doc.GetString("key"));
  MR_ASSIGN_OR_RETURN(int64_t size, doc.GetInt64("size"));
  meta.size = static_cast<uint64_t>(size);
  MR_ASSIGN_OR_RETURN(meta.etag, doc.GetString("etag"));
  MR_ASSIGN_OR_RETURN(meta.last_modified_ms, doc.GetInt64("last_modified_ms"));
  MR_ASSIGN_OR_RETURN(meta.attributes.content_type, doc.GetString("content_type"));
  MR_ASSIGN_OR_RETURN(meta.attributes.headers, DecodeHeaders(doc, "headers"));
  MR_ASSIGN_OR_RETURN(meta.attributes.user_metadata, DecodeHeaders(doc, "user_metadata"));
  MR_ASSIGN_OR_RETURN(int64_t inode, doc.GetInt64("inode"));
  meta.inode = static_cast<uint64_t>(inode);
  MR_ASSIGN_OR_RETURN(meta.file_mtime_ns, doc.GetInt64("file_mtime_ns"));
  return meta;
}

}  // namespace millrace::lake
