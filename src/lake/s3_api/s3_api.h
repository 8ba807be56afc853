// S3Api: the S3 REST API over an ObjectStore, on the edge port. Installed on the router as the
// path-prefix route "/" (after X-Amz-Target and exact routes), with streamed request bodies so
// uploads go to disk as they arrive. Path-style and virtual-host-style addressing, S3 XML
// responses and error shapes (docs/lake.md lists the operations).
// Thread-safe: handlers run on any event-loop thread; blocking file work runs on its own pool.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <memory>
#include <string>

#include "base/status.h"
#include "net/http_message.h"

namespace millrace::net {
class Router;
}

namespace millrace::lake {
class ObjectStore;
}

namespace millrace::lake::s3 {

class BlockingPool;
struct S3Address;
struct S3Call;  // one request in flight (s3_call.h)

// Largest single PutObject/UploadPart body (S3: 5 GiB).
inline constexpr uint64_t kMaxUploadBytes = 5ull << 30;

class S3Api {
 public:
  // REQUIRES: `store` outlives this object.
  explicit S3Api(ObjectStore& store, size_t blocking_threads = 2);
  ~S3Api();

  // Registers the "/" prefix route. REQUIRES: before serving starts.
  void Install(net::Router& router);

  boost::asio::awaitable<net::HttpResponse> Handle(net::HttpRequest& request);

 private:
  using Response = boost::asio::awaitable<net::HttpResponse>;

  Response Dispatch(S3Call& call);
  // Buckets (s3_bucket_ops.cc).
  Response ListBuckets(S3Call& call);
  Response CreateBucket(S3Call& call);
  Response DeleteBucket(S3Call& call);
  Response HeadBucket(S3Call& call);
  Response ListObjects(S3Call& call, bool v2);
  Response DeleteObjects(S3Call& call);
  // Objects (s3_object_ops.cc).
  Response PutObject(S3Call& call);
  Response GetObject(S3Call& call, bool head);
  Response DeleteObject(S3Call& call);
  Response CopyObject(S3Call& call);
  // Multipart (s3_multipart_ops.cc).
  Response CreateMultipartUpload(S3Call& call);
  Response UploadPart(S3Call& call);
  Response CompleteMultipartUpload(S3Call& call);
  Response AbortMultipartUpload(S3Call& call);
  Response ListParts(S3Call& call);

  // The whole (decoded) request body, for small XML requests; at most `limit` bytes.
  boost::asio::awaitable<Result<std::string>> ReadSmallBody(S3Call& call, size_t limit);

  ObjectStore& store_;
  std::unique_ptr<BlockingPool> pool_;
};

}  // namespace millrace::lake::s3
