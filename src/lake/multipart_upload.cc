// ObjectStore's multipart uploads. An upload is a directory <data>/lake-tmp/uploads/<id>/ with
// upload.json (target and attributes) and, per part, <n>.part (bytes) and <n>.json (ETag, size).
// Completing concatenates the chosen parts into a temporary file and publishes it like a put.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <mutex>

#include "base/clock.h"
#include "base/json.h"
#include "base/value.h"
#include "lake/digest.h"
#include "lake/errors.h"
#include "lake/object_key.h"
#include "lake/object_store.h"

namespace millrace::lake {

namespace fs = std::filesystem;

namespace {

constexpr int32_t kMaxPartNumber = 10000;

Status NoSuchUpload(std::string_view id) {
  return LakeError(LakeErrc::kNoSuchUpload,
                   "The specified upload does not exist. The upload ID may be invalid, or the "
                   "upload may have been aborted or completed: " + std::string(id));
}

Value HeadersValue(const HeaderList& headers) {
  Value out = Value::MakeObject();
  for (const auto& [n, v] : headers) out.Set(n, Value(v));
  return out;
}

HeaderList HeadersOf(const Value* v) {
  HeaderList out;
  if (v == nullptr || !v->is_object()) return out;
  for (const auto& [n, value] : v->object()) {
    if (auto s = value.AsString(n); s.ok()) out.emplace_back(n, *s);
  }
  return out;
}

std::string StripQuotes(std::string_view etag) {
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
    etag = etag.substr(1, etag.size() - 2);
  }
  return std::string(etag);
}

bool ValidUploadId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

Result<PartInfo> LoadPart(const std::string& dir, int32_t number) {
  MR_ASSIGN_OR_RETURN(std::string text, ReadSmallFile(dir + "/" + std::to_string(number) + ".json"));
  MR_ASSIGN_OR_RETURN(Value doc, json::Parse(text));
  PartInfo part;
  part.part_number = number;
  MR_ASSIGN_OR_RETURN(part.etag, doc.GetString("etag"));
  MR_ASSIGN_OR_RETURN(int64_t size, doc.GetInt64("size"));
  part.size = static_cast<uint64_t>(size);
  MR_ASSIGN_OR_RETURN(part.last_modified_ms, doc.GetInt64("last_modified_ms"));
  return part;
}

}  // namespace

Result<std::string> ObjectStore::CreateMultipartUpload(std::string_view bucket,
                                                       std::string_view key,
                                                       ObjectAttributes attributes) {
  MR_RETURN_IF_ERROR(ValidateKey(key));
  MR_RETURN_IF_ERROR(CheckBucket(bucket));
  std::string id = RandomHex(16);
  std::string dir = UploadPath(id);
  if (::mkdir(dir.c_str(), 0755) != 0) return Status::FromErrno("mkdir " + dir, errno);
  Value doc = Value::MakeObject();
  doc.Set("bucket", Value(bucket));
  doc.Set("key", Value(key));
  doc.Set("content_type", Value(attributes.content_type));
  doc.Set("headers", HeadersValue(attributes.headers));
  doc.Set("user_metadata", HeadersValue(attributes.user_metadata));
  doc.Set("initiated_ms", Value(WallMillis()));
  MR_RETURN_IF_ERROR(WriteFileAtomically(dir + "/upload.json", json::Write(doc)));
  MR_RETURN_IF_ERROR(SyncDirectory(dir));
  return id;
}

Result<UploadInfo> ObjectStore::LoadUpload(std::string_view bucket, std::string_view key,
                                           std::string_view upload_id) {
  MR_RETURN_IF_ERROR(CheckBucket(bucket));
  if (!ValidUploadId(upload_id)) return NoSuchUpload(upload_id);
  auto text = ReadSmallFile(UploadPath(upload_id) + "/upload.json");
  if (!text.ok()) return NoSuchUpload(upload_id);
  MR_ASSIGN_OR_RETURN(Value doc, json::Parse(*text));
  UploadInfo info;
  MR_ASSIGN_OR_RETURN(info.bucket, doc.GetString("bucket"));
  MR_ASSIGN_OR_RETURN(info.key, doc.GetString("key"));
  if (info.bucket != bucket || info.key != key) return NoSuchUpload(upload_id);
  MR_ASSIGN_OR_RETURN(info.attributes.content_type, doc.GetString("content_type"));
  info.attributes.headers = HeadersOf(doc.Find("headers"));
  info.attributes.user_metadata = HeadersOf(doc.Find("user_metadata"));
  MR_ASSIGN_OR_RETURN(info.initiated_ms, doc.GetInt64("initiated_ms"));
  return info;
}

Result<std::unique_ptr<ObjectWriter>> ObjectStore::BeginUploadPart(std::string_view bucket,
                                                                   std::string_view key,
                                                                   std::string_view upload_id,
                                                                   int32_t part_number) {
  if (part_number < 1 || part_number > kMaxPartNumber) {
    return LakeError(LakeErrc::kInvalidArgument,
                     "Part number must be an integer between 1 and 10000, inclusive");
  }
  MR_RETURN_IF_ERROR(LoadUpload(bucket, key, upload_id).status());
  std::string dir = UploadPath(upload_id);
  return NewWriter([this, dir, part_number, id = std::string(upload_id)](
                       ObjectWriter& writer, std::string md5) -> Result<ObjectMeta> {
    std::string base = dir + "/" + std::to_string(part_number);
    Value doc = Value::MakeObject();
    doc.Set("etag", Value(HexOf(md5)));
    doc.Set("size", Value(static_cast<int64_t>(writer.size())));
    doc.Set("last_modified_ms", Value(WallMillis()));
    {
      std::unique_lock lock(namespace_mu_);
      struct stat st;
      if (::stat(dir.c_str(), &st) != 0) return NoSuchUpload(id);  // aborted meanwhile
      if (::rename(writer.tmp_path_.c_str(), (base + ".part").c_str()) != 0) {
        return Status::FromErrno("rename part", errno);
      }
      MR_RETURN_IF_ERROR(WriteFileAtomically(base + ".json", json::Write(doc)));
    }
    MR_RETURN_IF_ERROR(SyncDirectory(dir));
    ObjectMeta meta;
    meta.size = writer.size();
    meta.etag = HexOf(md5);
    return meta;
  });
}

Result<std::vector<PartInfo>> ObjectStore::ListParts(std::string_view bucket, std::string_view key,
                                                     std::string_view upload_id) {
  MR_RETURN_IF_ERROR(LoadUpload(bucket, key, upload_id).status());
  std::string dir = UploadPath(upload_id);
  std::vector<PartInfo> parts;
  std::error_code ec;
  std::shared_lock lock(namespace_mu_);
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".json" || entry.path().stem() == "upload") continue;
    int32_t number = std::atoi(entry.path().stem().c_str());
    if (number < 1) continue;
    auto part = LoadPart(dir, number);
    if (part.ok()) parts.push_back(std::move(part).value());
  }
  std::sort(parts.begin(), parts.end(),
            [](const PartInfo& a, const PartInfo& b) { return a.part_number < b.part_number; });
  return parts;
}

Result<ObjectMeta> ObjectStore::CompleteMultipartUpload(std::string_view bucket,
                                                        std::string_view key,
                                                        std::string_view upload_id,
                                                        const std::vector<CompletedPart>& parts) {
  MR_ASSIGN_OR_RETURN(UploadInfo upload, LoadUpload(bucket, key, upload_id));
  if (parts.empty()) {
    return LakeError(LakeErrc::kMalformedXML,
                     "You must specify at least one part to complete a multipart upload");
  }
  std::string dir = UploadPath(upload_id);
  std::vector<PartInfo> chosen;
  for (size_t i = 1; i < parts.size(); ++i) {
    if (parts[i].part_number <= parts[i - 1].part_number) {
      return LakeError(LakeErrc::kInvalidPartOrder,
                       "The list of parts was not in ascending order. Parts must be ordered by "
                       "part number.");
    }
  }
  for (size_t i = 0; i < parts.size(); ++i) {
    auto part = LoadPart(dir, parts[i].part_number);
    if (!part.ok() || part->etag != StripQuotes(parts[i].etag)) {
      return LakeError(LakeErrc::kInvalidPart,
                       "One or more of the specified parts could not be found: part " +
                           std::to_string(parts[i].part_number));
    }
    if (i + 1 < parts.size() && part->size < min_part_size_) {
      return LakeError(LakeErrc::kEntityTooSmall,
                       "Your proposed upload is smaller than the minimum allowed object size: part " +
                           std::to_string(parts[i].part_number) + " has " +
                           std::to_string(part->size) + " bytes");
    }
    chosen.push_back(std::move(part).value());
  }
  // Concatenate the parts into a temporary file.
  std::string tmp = tmp_root_ + "/" + RandomHex(12) + ".tmp";
  FileHandle out(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  if (!out.valid()) return Status::FromErrno("create " + tmp, errno);
  auto fail = [&](Status s) {
    ::unlink(tmp.c_str());
    return s;
  };
  std::string md5s;
  uint64_t total = 0;
  for (const PartInfo& part : chosen) {
    std::string path = dir + "/" + std::to_string(part.part_number) + ".part";
    FileHandle in(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!in.valid()) return fail(Status::FromErrno("open " + path, errno));
    for (uint64_t left = part.size; left > 0;) {
      ssize_t n = ::copy_file_range(in.get(), nullptr, out.get(), nullptr, left, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return fail(Status::FromErrno("copy " + path, errno));
      if (n == 0) return fail(Status::IOError("part " + path + " is shorter than recorded"));
      left -= static_cast<uint64_t>(n);
    }
    std::string raw;
    for (size_t i = 0; i + 1 < part.etag.size(); i += 2) {
      raw.push_back(static_cast<char>(std::stoi(part.etag.substr(i, 2), nullptr, 16)));
    }
    md5s += raw;
    total += part.size;
  }
  Status synced = SyncFile(out.get(), tmp);
  if (!synced.ok()) return fail(synced);
  out = FileHandle();
  ObjectMeta meta;
  meta.key = std::string(key);
  meta.size = total;
  meta.etag = HexOf(Md5Of(md5s)) + "-" + std::to_string(chosen.size());
  meta.attributes = std::move(upload.attributes);
  auto published = Publish(bucket, key, tmp, std::move(meta));
  if (!published.ok()) return fail(published.status());
  std::error_code ec;
  fs::remove_all(dir, ec);
  return published;
}

Status ObjectStore::AbortMultipartUpload(std::string_view bucket, std::string_view key,
                                         std::string_view upload_id) {
  MR_RETURN_IF_ERROR(LoadUpload(bucket, key, upload_id).status());
  std::unique_lock lock(namespace_mu_);
  std::error_code ec;
  fs::remove_all(UploadPath(upload_id), ec);
  if (ec) return Status::IOError("cannot remove upload " + std::string(upload_id) + ": " + ec.message());
  return Status::Ok();
}

}  // namespace millrace::lake
