#include "base/kv_store.h"

#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

namespace millrace {

namespace {

rocksdb::Slice ToSlice(std::string_view s) { return {s.data(), s.size()}; }
std::string_view ToView(const rocksdb::Slice& s) { return {s.data(), s.size()}; }

Status FromRocks(const rocksdb::Status& s, std::string_view what) {
  if (s.ok()) return Status::Ok();
  std::string message = std::string(what) + ": " + s.ToString();
  if (s.IsCorruption()) return Status::Corruption(std::move(message));
  if (s.IsNoSpace()) return Status::ResourceExhausted(std::move(message));
  if (s.IsInvalidArgument()) return Status::InvalidArgument(std::move(message));
  return Status::IOError(std::move(message));
}

}  // namespace

struct KvStore::Impl {
  std::unique_ptr<rocksdb::DB> db;
  rocksdb::WriteOptions synced;
};

KvStore::KvStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

KvStore::~KvStore() {
  if (impl_ && impl_->db) impl_->db->Close().PermitUncheckedError();
}

Result<std::unique_ptr<KvStore>> KvStore::Open(const std::string& dir) {
  rocksdb::Options options;
  options.create_if_missing = true;
  options.paranoid_checks = true;
  // Metadata is small: keep the footprint small too.
  options.max_background_jobs = 1;
  options.write_buffer_size = 4 << 20;
  options.keep_log_file_num = 2;
  options.max_log_file_size = 1 << 20;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, dir, &raw);
  if (!s.ok()) return FromRocks(s, "opening key-value store " + dir);
  auto impl = std::make_unique<Impl>();
  impl->db.reset(raw);
  impl->synced.sync = true;
  return std::unique_ptr<KvStore>(new KvStore(std::move(impl)));
}

Result<std::optional<std::string>> KvStore::Get(std::string_view key) const {
  std::string value;
  rocksdb::Status s = impl_->db->Get(rocksdb::ReadOptions(), ToSlice(key), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return FromRocks(s, "reading key-value store");
  return std::optional<std::string>(std::move(value));
}

Status KvStore::Put(std::string_view key, std::string_view value) {
  return FromRocks(impl_->db->Put(impl_->synced, ToSlice(key), ToSlice(value)),
                   "writing key-value store");
}

Status KvStore::Delete(std::string_view key) {
  return FromRocks(impl_->db->Delete(impl_->synced, ToSlice(key)), "writing key-value store");
}

Status KvStore::Write(const KvWriteBatch& batch) {
  rocksdb::WriteBatch rb;
  for (const auto& op : batch.ops_) {
    rocksdb::Status s = op.value ? rb.Put(ToSlice(op.key), ToSlice(*op.value))
                                 : rb.Delete(ToSlice(op.key));
    if (!s.ok()) return FromRocks(s, "building a key-value batch");
  }
  return FromRocks(impl_->db->Write(impl_->synced, &rb), "writing key-value store");
}

Status KvStore::Scan(std::string_view prefix, std::string_view start_after,
                     const Visitor& visit) const {
  const rocksdb::Snapshot* snapshot = impl_->db->GetSnapshot();
  rocksdb::ReadOptions read;
  read.snapshot = snapshot;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(read));
  if (start_after.empty() || start_after < prefix) {
    it->Seek(ToSlice(prefix));
  } else {
    it->Seek(ToSlice(start_after));
    if (it->Valid() && ToView(it->key()) == start_after) it->Next();
  }
  for (; it->Valid(); it->Next()) {
    std::string_view key = ToView(it->key());
    if (key.substr(0, prefix.size()) != prefix) break;
    if (!visit(key, ToView(it->value()))) break;
  }
  Status status = FromRocks(it->status(), "scanning key-value store");
  it.reset();
  impl_->db->ReleaseSnapshot(snapshot);
  return status;
}

}  // namespace millrace
