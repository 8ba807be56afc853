// GlueContext: what the Glue operations share — the KvStore at <data-dir>/catalog and the
// Catalog over it (open between the server's start and stop hooks), a small thread pool for
// their blocking disk work, and the helpers that read request members and turn a Status into
// Glue's error shape. The schema registry's operations use the same context (and store).
// Threading: Open/Close from the server's hooks; everything else from any thread.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "base/value.h"
#include "catalog/catalog.h"
#include "net/aws/aws_service.h"
#include "net/run_blocking.h"

namespace millrace {
class KvStore;
}

namespace millrace::catalog {

class GlueContext {
 public:
  explicit GlueContext(std::string data_dir);
  ~GlueContext();
  GlueContext(const GlueContext&) = delete;
  GlueContext& operator=(const GlueContext&) = delete;

  // Opens (creating) the store at <data-dir>/catalog. REQUIRES: called once, before requests.
  Status Open();
  // Finishes blocking work, then closes the catalog and the store. Idempotent. REQUIRES: no
  // request in flight (the server runs stop hooks after the last request).
  void Close();

  // The catalog, or nullptr before Open and after Close. In-process users (Firehose) call it
  // after the Glue start hook has run; the pointer stays valid until the Glue stop hook.
  Catalog* catalog() const { return catalog_.get(); }
  // The store the catalog lives in (keys under "catalog/"); other Glue parts may add their own
  // key prefixes. nullptr when not open.
  KvStore* store() const { return store_.get(); }

  // Runs `fn` on the blocking pool; resumes the caller on its own executor with the result.
  template <typename Fn>
  boost::asio::awaitable<std::invoke_result_t<Fn&>> RunBlocking(Fn fn) {
    return net::RunBlocking(blocking_, std::move(fn));
  }

 private:
  std::string data_dir_;
  boost::asio::thread_pool blocking_{2};
  std::unique_ptr<KvStore> store_;
  std::unique_ptr<Catalog> catalog_;
};

// The Glue error for a failed Status: the exception name of catalog_errors.h, HTTP 400 for the
// caller's mistakes and 500 for the server's. REQUIRES: !status.ok().
net::aws::AwsError ToGlueError(const Status& status);

// Request members. Missing required members and members of the wrong type are
// InvalidArgument ("DatabaseName is required").
Result<std::string> NeedString(const Value& params, std::string_view key);
Result<std::optional<std::string>> OptString(const Value& params, std::string_view key);
Result<std::optional<int64_t>> OptInt(const Value& params, std::string_view key);
Result<bool> OptBool(const Value& params, std::string_view key);
Result<const Value*> NeedObject(const Value& params, std::string_view key);
Result<const Value::Array*> NeedArray(const Value& params, std::string_view key);
Result<std::vector<std::string>> NeedStringList(const Value& params, std::string_view key);

// NextToken and MaxResults of a list request (InvalidArgument when MaxResults is below 1).
Result<ListOptions> ListOptionsOf(const Value& params);
// A page's items under `list_name`, with NextToken when there are more.
Value PageValue(std::string_view list_name, CatalogPage page);

// An operation on the catalog, run on the blocking pool. `op` gets the open catalog.
using CatalogOperation = std::function<Result<Value>(Catalog& catalog, const Value& params)>;
void AddCatalogOperation(net::aws::AwsService& service, GlueContext& ctx, std::string name,
                         CatalogOperation op);

}  // namespace millrace::catalog
