#include "lake/object_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <mutex>

#include "base/clock.h"
#include "base/json.h"
#include "base/value.h"
#include "lake/digest.h"
#include "lake/errors.h"
#include "lake/object_key.h"

namespace millrace::lake {

namespace fs = std::filesystem;

namespace {

int64_t MtimeNanos(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

int64_t MtimeMillis(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
}

Status NoSuchKey(std::string_view key) {
  return LakeError(LakeErrc::kNoSuchKey, "The specified key does not exist: " + std::string(key));
}

}  // namespace

// ---- ObjectWriter ----

ObjectWriter::ObjectWriter(std::string tmp_path, FileHandle file, Publisher publish)
    : tmp_path_(std::move(tmp_path)),
      file_(std::move(file)),
      md5_(std::make_unique<Md5>()),
      publish_(std::move(publish)) {}

ObjectWriter::~ObjectWriter() {
  if (!done_) ::unlink(tmp_path_.c_str());
}

Status ObjectWriter::Append(std::string_view bytes) {
  if (done_) return Status::Internal("append to a finished object writer");
  MR_RETURN_IF_ERROR(WriteAll(file_.get(), bytes));
  md5_->Update(bytes);
  size_ += bytes.size();
  return Status::Ok();
}

Result<ObjectMeta> ObjectWriter::Commit(std::optional<std::string> content_md5) {
  if (done_) return Status::Internal("commit of a finished object writer");
  std::string md5 = md5_->Finish();
  if (content_md5 && *content_md5 != md5) {
    done_ = true;
    ::unlink(tmp_path_.c_str());
    return LakeError(LakeErrc::kBadDigest,
                     "The Content-MD5 you specified did not match what we received.");
  }
  MR_RETURN_IF_ERROR(SyncFile(file_.get(), tmp_path_));
  Result<ObjectMeta> meta = publish_(*this, std::move(md5));
  done_ = true;
  if (!meta.ok()) ::unlink(tmp_path_.c_str());
  return meta;
}

// ---- ObjectReader ----

Status ObjectReader::Read(std::string& out, size_t max_bytes) {
  uint64_t left = length_ - position_;
  size_t n = static_cast<size_t>(std::min<uint64_t>(left, max_bytes));
  out.resize(n);
  if (n == 0) return Status::Ok();
  size_t got = 0;
  MR_RETURN_IF_ERROR(ReadAllAt(file_.get(), offset_ + position_, out.data(), n, &got));
  if (got != n) {
    out.clear();
    return Status::IOError("object " + meta_.key + " is shorter than its metadata says");
  }
  position_ += n;
  return Status::Ok();
}

// ---- ObjectStore ----

ObjectStore::ObjectStore(std::string data_dir)
    : root_(data_dir + "/lake"), meta_root_(data_dir + "/lake-meta"), tmp_root_(data_dir + "/lake-tmp") {}

Result<std::unique_ptr<ObjectStore>> ObjectStore::Open(const std::string& data_dir) {
  std::unique_ptr<ObjectStore> store(new ObjectStore(data_dir));
  std::error_code ec;
  for (const std::string& dir :
       {store->root_, store->meta_root_, store->tmp_root_, store->tmp_root_ + "/uploads"}) {
    fs::create_directories(dir, ec);
    if (ec) return Status::IOError("cannot create " + dir + ": " + ec.message());
  }
  // Temporaries of writes that never published (a crash, or a process killed mid-upload).
  for (const auto& entry : fs::directory_iterator(store->tmp_root_, ec)) {
    if (entry.path().extension() == ".tmp") fs::remove(entry.path(), ec);
  }
  return store;
}

std::string ObjectStore::BucketPath(std::string_view bucket) const {
  return root_ + "/" + std::string(bucket);
}

std::string ObjectStore::ObjectPath(std::string_view bucket, std::string_view key) const {
  return root_ + "/" + std::string(bucket) + "/" + std::string(key);
}

std::string ObjectStore::MetaPath(std::string_view bucket, std::string_view key) const {
  std::string hash = Sha256Hex(key);
  return meta_root_ + "/" + std::string(bucket) + "/" + hash.substr(0, 2) + "/" + hash + ".json";
}

std::string ObjectStore::UploadPath(std::string_view upload_id) const {
  return tmp_root_ + "/uploads/" + std::string(upload_id);
}

Status ObjectStore::CheckBucket(std::string_view bucket) const {
  MR_RETURN_IF_ERROR(ValidateBucketName(bucket));
  struct stat st;
  if (::stat(BucketPath(bucket).c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return LakeError(LakeErrc::kNoSuchBucket,
                     "The specified bucket does not exist: " + std::string(bucket));
  }
  return Status::Ok();
}

Status ObjectStore::CreateBucket(std::string_view bucket) {
  MR_RETURN_IF_ERROR(ValidateBucketName(bucket));
  std::unique_lock lock(namespace_mu_);
  std::string path = BucketPath(bucket);
  if (::mkdir(path.c_str(), 0755) != 0) {
    if (errno == EEXIST) {
      return LakeError(LakeErrc::kBucketAlreadyOwnedByYou,
                       "Your previous request to create the named bucket succeeded and you "
                       "already own it.");
    }
    return Status::FromErrno("mkdir " + path, errno);
  }
  std::string meta_dir = meta_root_ + "/" + std::string(bucket);
  std::error_code ec;
  fs::create_directories(meta_dir, ec);
  if (ec) return Status::IOError("cannot create " + meta_dir + ": " + ec.message());
  Value doc = Value::MakeObject();
  doc.Set("created_ms", Value(WallMillis()));
  MR_RETURN_IF_ERROR(WriteFileAtomically(meta_dir + "/bucket.json", json::Write(doc)));
  MR_RETURN_IF_ERROR(SyncDirectory(meta_dir));
  return SyncDirectory(root_);
}

Status ObjectStore::DeleteBucket(std::string_view bucket) {
  MR_RETURN_IF_ERROR(CheckBucket(bucket));
  std::unique_lock lock(namespace_mu_);
  std::string path = BucketPath(bucket);
  std::error_code ec;
  // Only empty directories may remain (a crash between unlink and rmdir); any file means objects.
  for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_directory()) {
      return LakeError(LakeErrc::kBucketNotEmpty,
                       "The bucket you tried to delete is not empty: " + std::string(bucket));
    }
  }
  for (const auto& entry : fs::directory_iterator(tmp_root_ + "/uploads", ec)) {
    auto upload = ReadSmallFile(entry.path().string() + "/upload.json");
    if (!upload.ok()) continue;
    auto doc = json::Parse(*upload);
    if (doc.ok() && doc->GetString("bucket").ok() && *doc->GetString("bucket") == bucket) {
      fs::remove_all(entry.path(), ec);  // S3 aborts a deleted bucket's uploads
    }
  }
  fs::remove_all(path, ec);
  if (ec) return Status::IOError("cannot remove " + path + ": " + ec.message());
  fs::remove_all(meta_root_ + "/" + std::string(bucket), ec);
  return SyncDirectory(root_);
}

Status ObjectStore::HeadBucket(std::string_view bucket) {
  return CheckBucket(bucket);
}

Result<std::vector<BucketInfo>> ObjectStore::ListBuckets() {
  std::shared_lock lock(namespace_mu_);
  std::vector<BucketInfo> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(root_, ec)) {
    if (!entry.is_directory()) continue;
    BucketInfo info{entry.path().filename().string(), 0};
    if (!ValidateBucketName(info.name).ok()) continue;
    auto text = ReadSmallFile(meta_root_ + "/" + info.name + "/bucket.json");
    if (text.ok()) {
      auto doc = json::Parse(*text);
      if (doc.ok() && doc->GetInt64("created_ms").ok()) info.created_ms = *doc->GetInt64("created_ms");
    }
    if (info.created_ms == 0) {
      struct stat st;
      if (::stat(entry.path().c_str(), &st) == 0) info.created_ms = MtimeMillis(st);
    }
    out.push_back(std::move(info));
  }
  if (ec) return Status::IOError("cannot list " + root_ + ": " + ec.message());
  std::sort(out.begin(), out.end(),
            [](const BucketInfo& a, const BucketInfo& b) { return a.name < b.name; });
  return out;
}

Result<std::unique_ptr<ObjectWriter>> ObjectStore::NewWriter(ObjectWriter::Publisher publish) {
  std::string tmp = tmp_root_ + "/" + RandomHex(12) + ".tmp";
  FileHandle file(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  if (!file.valid()) return Status::FromErrno("create " + tmp, errno);
  return std::unique_ptr<ObjectWriter>(new ObjectWriter(tmp, std::move(file), std::move(publish)));
}

Result<std::unique_ptr<ObjectWriter>> ObjectStore::BeginPut(std::string_view bucket,
                                                            std::string_view key,
                                                            ObjectAttributes attributes) {
  MR_RETURN_IF_ERROR(ValidateKey(key));
  MR_RETURN_IF_ERROR(CheckBucket(bucket));
  return NewWriter([this, bucket = std::string(bucket), key = std::string(key),
                    attributes = std::move(attributes)](ObjectWriter& writer,
                                                        std::string md5) -> Result<ObjectMeta> {
    ObjectMeta meta;
    meta.key = key;
    meta.size = writer.size();
    meta.etag = HexOf(md5);
    meta.attributes = attributes;
    return Publish(bucket, key, writer.tmp_path_, std::move(meta));
  });
}

Result<ObjectMeta> ObjectStore::PutObject(std::string_view bucket, std::string_view key,
                                          ObjectAttributes attributes, std::string_view bytes) {
  MR_ASSIGN_OR_RETURN(auto writer, BeginPut(bucket, key, std::move(attributes)));
  MR_RETURN_IF_ERROR(writer->Append(bytes));
  return writer->Commit();
}

Result<ObjectMeta> ObjectStore::Publish(std::string_view bucket, std::string_view key,
                                        const std::string& tmp, ObjectMeta meta) {
  struct stat st;
  if (::stat(tmp.c_str(), &st) != 0) return Status::FromErrno("stat " + tmp, errno);
  meta.inode = static_cast<uint64_t>(st.st_ino);
  meta.file_mtime_ns = MtimeNanos(st);
  meta.last_modified_ms = WallMillis();
  std::string path = ObjectPath(bucket, key);
  std::string meta_path = MetaPath(bucket, key);
  fs::path parent = fs::path(path).parent_path();
  fs::path meta_parent = fs::path(meta_path).parent_path();
  {
    std::unique_lock lock(namespace_mu_);
    MR_RETURN_IF_ERROR(CheckBucket(bucket));
    std::error_code ec;
    fs::create_directories(parent, ec);
    if (ec) {
      return LakeError(LakeErrc::kInvalidArgument,
                       "the key '" + std::string(key) +
                           "' cannot be stored: a prefix of it is an object (" + ec.message() + ")");
    }
    fs::create_directories(meta_parent, ec);
    if (ec) return Status::IOError("cannot create " + meta_parent.string() + ": " + ec.message());
    MR_RETURN_IF_ERROR(WriteFileAtomically(meta_path, EncodeObjectMeta(meta)));
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
      int err = errno;
      ::unlink(meta_path.c_str());
      if (err == EISDIR || err == ENOTEMPTY || err == EEXIST) {
        return LakeError(LakeErrc::kInvalidArgument,
                         "the key '" + std::string(key) +
                             "' cannot be stored: other objects use it as a prefix");
      }
      return Status::FromErrno("rename to " + path, err);
    }
  }
  // Outside the lock: durability of the two renames (the data file itself is already synced).
  MR_RETURN_IF_ERROR(SyncDirectory(parent.string()));
  MR_RETURN_IF_ERROR(SyncDirectory(meta_parent.string()));
  return meta;
}

Result<ObjectMeta> ObjectStore::MetaFor(std::string_view bucket, std::string_view key, int fd,
                                        bool* computed) {
  *computed = false;
  struct stat st;
  if (::fstat(fd, &st) != 0) return Status::FromErrno("fstat", errno);
  std::string meta_path = MetaPath(bucket, key);
  auto text = ReadSmallFile(meta_path);
  if (text.ok()) {
    auto meta = DecodeObjectMeta(*text);
    if (meta.ok() && meta->key == key && meta->inode == static_cast<uint64_t>(st.st_ino) &&
        meta->file_mtime_ns == MtimeNanos(st) &&
        meta->size == static_cast<uint64_t>(st.st_size)) {
      return meta;
    }
  }
  // No sidecar, or a stale one (a crash between the renames, a file put here by another tool):
  // describe the file as it is. The caller stores it with RememberMeta (outside the shared lock).
  *computed = true;
  ObjectMeta meta;
  meta.key = std::string(key);
  meta.size = static_cast<uint64_t>(st.st_size);
  meta.last_modified_ms = MtimeMillis(st);
  meta.inode = static_cast<uint64_t>(st.st_ino);
  meta.file_mtime_ns = MtimeNanos(st);
  Md5 md5;
  std::string buf(1 << 20, '\0');
  for (uint64_t off = 0; off < meta.size;) {
    size_t got = 0;
    MR_RETURN_IF_ERROR(ReadAllAt(fd, off, buf.data(), buf.size(), &got));
    if (got == 0) break;
    md5.Update(std::string_view(buf.data(), got));
    off += got;
  }
  meta.etag = HexOf(md5.Finish());
  return meta;
}

void ObjectStore::RememberMeta(std::string_view bucket, const ObjectMeta& meta) {
  std::string path = ObjectPath(bucket, meta.key);
  std::string meta_path = MetaPath(bucket, meta.key);
  std::unique_lock lock(namespace_mu_);
  // Under the exclusive lock no publish is half done: if the key still names the file that was
  // described, the description is current. Best effort: a failure only means computing again.
  struct stat st;
  if (::stat(path.c_str(), &st) != 0 || static_cast<uint64_t>(st.st_ino) != meta.inode ||
      MtimeNanos(st) != meta.file_mtime_ns || static_cast<uint64_t>(st.st_size) != meta.size) {
    return;
  }
  std::error_code ec;
  fs::create_directories(fs::path(meta_path).parent_path(), ec);
  if (!ec) (void)WriteFileAtomically(meta_path, EncodeObjectMeta(meta));
}

Result<std::unique_ptr<ObjectReader>> ObjectStore::GetObject(std::string_view bucket,
                                                             std::string_view key,
                                                             std::optional<ByteRange> range) {
  MR_RETURN_IF_ERROR(CheckBucket(bucket));
  if (!ValidateKey(key).ok()) return NoSuchKey(key);
  std::string path = ObjectPath(bucket, key);
  FileHandle file;
  Result<ObjectMeta> meta = Status::Internal("unset");
  bool computed = false;
  {
    std::shared_lock lock(namespace_mu_);
    file = FileHandle(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!file.valid()) {
      if (errno == ENOENT || errno == ENOTDIR) return NoSuchKey(key);
      return Status::FromErrno("open " + path, errno);
    }
    struct stat st;
    if (::fstat(file.get(), &st) != 0) return Status::FromErrno("fstat " + path, errno);
    if (!S_ISREG(st.st_mode)) return NoSuchKey(key);  // a directory: a prefix, not an object
    meta = MetaFor(bucket, key, file.get(), &computed);
  }
  MR_RETURN_IF_ERROR(meta.status());
  if (computed) RememberMeta(bucket, *meta);
  uint64_t offset = 0, length = meta->size;
  if (range) {
    MR_ASSIGN_OR_RETURN(ResolvedRange r, ResolveByteRange(*range, meta->size));
    offset = r.offset;
    length = r.length;
  }
  return std::unique_ptr<ObjectReader>(
      new ObjectReader(std::move(file), std::move(meta).value(), offset, length));
}

Result<ObjectMeta> ObjectStore::HeadObject(std::string_view bucket, std::string_view key) {
  MR_ASSIGN_OR_RETURN(auto reader, GetObject(bucket, key));
  return reader->meta();
}

void ObjectStore::RemoveEmptyParents(std::string_view bucket, std::string_view key) {
  std::string bucket_path = BucketPath(bucket);
  fs::path dir = fs::path(ObjectPath(bucket, key)).parent_path();
  while (dir.string().size() > bucket_path.size()) {
    if (::rmdir(dir.c_str()) != 0) break;  // not empty (or gone): stop
    dir = dir.parent_path();
  }
}

Status ObjectStore::DeleteObject(std::string_view bucket, std::string_view key) {
  MR_RETURN_IF_ERROR(CheckBucket(bucket));
  if (!ValidateKey(key).ok()) return Status::Ok();  // such a key cannot exist
  std::string path = ObjectPath(bucket, key);
  std::unique_lock lock(namespace_mu_);
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return Status::Ok();
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) return Status::FromErrno("unlink " + path, errno);
  ::unlink(MetaPath(bucket, key).c_str());
  RemoveEmptyParents(bucket, key);
  return Status::Ok();
}

Result<ObjectMeta> ObjectStore::CopyObject(std::string_view src_bucket, std::string_view src_key,
                                           std::string_view dst_bucket, std::string_view dst_key,
                                           std::optional<ObjectAttributes> attributes) {
  MR_ASSIGN_OR_RETURN(auto reader, GetObject(src_bucket, src_key));
  ObjectAttributes attrs = attributes ? std::move(*attributes) : reader->meta().attributes;
  MR_ASSIGN_OR_RETURN(auto writer, BeginPut(dst_bucket, dst_key, std::move(attrs)));
  std::string buf;
  for (;;) {
    MR_RETURN_IF_ERROR(reader->Read(buf, 1 << 20));
    if (buf.empty()) break;
    MR_RETURN_IF_ERROR(writer->Append(buf));
  }
  return writer->Commit();
}

}  // namespace millrace::lake
