// KvStore: a durable, ordered key-value store (RocksDB underneath) for metadata, committed
// positions and operator state: small values, read often, written on control-plane events.
// Every write is synced (it survives kill -9 and power loss once the call returns), and a
// KvWriteBatch applies atomically. Keys sort bytewise, so subsystems give their keys a prefix
// ("catalog/table/<db>/<name>") and scan by prefix. Thread-safe: every method may be called from
// any thread; calls block on disk I/O, so coroutines call them through net::RunBlocking.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace millrace {

// Puts and deletes applied together by KvStore::Write.
class KvWriteBatch {
 public:
  void Put(std::string_view key, std::string_view value) {
    ops_.push_back({std::string(key), std::string(value)});
  }
  void Delete(std::string_view key) { ops_.push_back({std::string(key), std::nullopt}); }
  bool empty() const { return ops_.empty(); }

 private:
  friend class KvStore;
  struct Op {
    std::string key;
    std::optional<std::string> value;  // nullopt: delete
  };
  std::vector<Op> ops_;
};

class KvStore {
 public:
  // Opens (creating if missing) the store in directory `dir`. Fails with IOError if another
  // process holds it or the files are unreadable, Corruption if they are damaged.
  static Result<std::unique_ptr<KvStore>> Open(const std::string& dir);
  ~KvStore();
  KvStore(const KvStore&) = delete;
  KvStore& operator=(const KvStore&) = delete;

  // The value stored under `key`, or nullopt.
  Result<std::optional<std::string>> Get(std::string_view key) const;
  Status Put(std::string_view key, std::string_view value);
  Status Delete(std::string_view key);  // deleting a missing key is OK
  Status Write(const KvWriteBatch& batch);

  // Calls `visit(key, value)` for every key that starts with `prefix` and sorts after
  // `start_after` (empty: from the first), in key order, until `visit` returns false. Sees a
  // consistent snapshot taken when the scan starts.
  using Visitor = std::function<bool(std::string_view key, std::string_view value)>;
  Status Scan(std::string_view prefix, std::string_view start_after, const Visitor& visit) const;

 private:
  struct Impl;
  explicit KvStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace millrace
