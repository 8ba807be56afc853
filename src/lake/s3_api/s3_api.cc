#include "lake/s3_api/s3_api.h"

#include "base/logging.h"
#include "lake/errors.h"
#include "lake/file_io.h"
#include "lake/object_store.h"
#include "lake/s3_api/blocking_pool.h"
#include "lake/s3_api/s3_call.h"
#include "lake/s3_api/s3_xml.h"
#include "net/router.h"

namespace millrace::lake::s3 {

namespace asio = boost::asio;

namespace {

std::string NewRequestId() {
  std::string id = RandomHex(8);
  for (char& c : id) c = static_cast<char>(c >= 'a' && c <= 'f' ? c - 'a' + 'A' : c);
  return id;
}

void AddRequestIds(std::string_view request_id, net::HttpHeaders& headers) {
  headers.Set("x-amz-request-id", std::string(request_id));
  headers.Set("x-amz-id-2", std::string(request_id));
  headers.Set("server", "millrace");
}

// Sub-resources S3 has that the lake does not implement: they answer NotImplemented rather than
// being mistaken for a listing or a plain object operation.
bool UnsupportedSubresource(const S3Address& a) {
  for (const char* name : {"acl", "policy", "cors", "lifecycle", "tagging", "versioning",
                           "website", "logging", "notification", "replication", "encryption",
                           "object-lock", "ownershipControls", "publicAccessBlock", "accelerate",
                           "requestPayment", "analytics", "inventory", "metrics",
                           "intelligent-tiering", "versions", "retention", "legal-hold",
                           "torrent", "restore", "select", "attributes", "versionId"}) {
    if (a.Has(name)) return true;
  }
  return false;
}

}  // namespace

net::HttpResponse ErrorResponse(std::string_view request_id, std::string_view resource,
                                int http_status, std::string_view code, std::string_view message) {
  XmlWriter xml("Error", false);
  xml.Element("Code", code).Element("Message", message).Element("Resource", resource);
  xml.Element("RequestId", request_id);
  net::HttpResponse r;
  r.status = http_status;
  r.headers.Set("content-type", "application/xml");
  AddRequestIds(request_id, r.headers);
  r.body = xml.Finish();
  return r;
}

net::HttpResponse ErrorResponse(const S3Call& call, const Status& status) {
  S3Error e = S3ErrorOf(status);
  if (e.code == LakeErrc::kInternalError) {
    MR_LOG_ERROR("S3 {} {}: {}", call.request.method, call.request.path, status.ToString());
  }
  XmlWriter xml("Error", false);
  xml.Element("Code", LakeErrcName(e.code)).Element("Message", e.message);
  if (e.code == LakeErrc::kNoSuchBucket || e.code == LakeErrc::kBucketNotEmpty ||
      e.code == LakeErrc::kBucketAlreadyOwnedByYou || e.code == LakeErrc::kInvalidBucketName) {
    xml.Element("BucketName", call.address.bucket);
  }
  if (e.code == LakeErrc::kNoSuchKey) xml.Element("Key", call.address.key);
  if (e.code == LakeErrc::kNoSuchUpload) xml.Element("UploadId", call.address.Get("uploadId").value_or(""));
  xml.Element("Resource", call.request.path).Element("RequestId", call.request_id);
  net::HttpResponse r;
  r.status = e.http_status;
  r.headers.Set("content-type", "application/xml");
  AddRequestIds(call.request_id, r.headers);
  r.body = xml.Finish();
  return r;
}

net::HttpResponse XmlResponse(const S3Call& call, std::string body, int http_status) {
  net::HttpResponse r;
  r.status = http_status;
  r.headers.Set("content-type", "application/xml");
  AddRequestIds(call.request_id, r.headers);
  r.body = std::move(body);
  return r;
}

net::HttpResponse EmptyResponse(const S3Call& call, int http_status) {
  net::HttpResponse r;
  r.status = http_status;
  AddRequestIds(call.request_id, r.headers);
  return r;
}

std::string QuotedEtag(std::string_view etag) {
  return "\"" + std::string(etag) + "\"";
}

S3Api::S3Api(ObjectStore& store, size_t blocking_threads)
    : store_(store), pool_(std::make_unique<BlockingPool>(blocking_threads)) {}

S3Api::~S3Api() = default;

void S3Api::Install(net::Router& router) {
  net::RouteOptions options;
  options.label = "s3";
  options.max_body_bytes = kMaxUploadBytes;
  options.stream_body = true;
  options.error_response = [](int status, std::string_view code, std::string_view message) {
    std::string_view s3_code = code;
    if (status == 413) s3_code = "EntityTooLarge";
    else if (status == 400) s3_code = "InvalidRequest";
    else if (status >= 500) s3_code = "InternalError";
    return ErrorResponse(NewRequestId(), "", status, s3_code, message);
  };
  router.AddPrefix("/", [this](net::HttpRequest& r) { return Handle(r); }, std::move(options));
}

asio::awaitable<net::HttpResponse> S3Api::Handle(net::HttpRequest& request) {
  S3Call call{request,
            ParseS3Address(request.path, request.query, request.headers.Get("host").value_or("")),
                NewRequestId()};
  co_return co_await Dispatch(call);
}

asio::awaitable<net::HttpResponse> S3Api::Dispatch(S3Call& call) {
  const std::string& method = call.request.method;
  const S3Address& a = call.address;
  auto not_implemented = [&] {
    return ErrorResponse(call, LakeError(LakeErrc::kNotImplemented,
                                         "A header or query you provided implies functionality "
                                         "that is not implemented"));
  };
  auto not_allowed = [&] {
    return ErrorResponse(call, LakeError(LakeErrc::kMethodNotAllowed,
                                         "The specified method is not allowed against this "
                                         "resource."));
  };
  if (a.bucket.empty()) {
    if (method == "GET" || method == "HEAD") co_return co_await ListBuckets(call);
    co_return not_allowed();
  }
  if (UnsupportedSubresource(a)) co_return not_implemented();
  if (a.key.empty()) {
    if (method == "PUT") co_return co_await CreateBucket(call);
    if (method == "DELETE") co_return co_await DeleteBucket(call);
    if (method == "HEAD") co_return co_await HeadBucket(call);
    if (method == "GET") {
      if (a.Has("location")) {
        auto status = co_await pool_->Run([&] { return store_.HeadBucket(a.bucket); });
        if (!status.ok()) co_return ErrorResponse(call, status);
        co_return XmlResponse(call, XmlWriter("LocationConstraint").Finish());
      }
      if (a.Has("uploads")) co_return not_implemented();
      co_return co_await ListObjects(call, a.Get("list-type") == "2");
    }
    if (method == "POST" && a.Has("delete")) co_return co_await DeleteObjects(call);
    co_return not_allowed();
  }
  if (method == "PUT") {
    if (a.Has("uploadId") && a.Has("partNumber")) {
      if (call.request.headers.Has("x-amz-copy-source")) co_return not_implemented();
      co_return co_await UploadPart(call);
    }
    if (call.request.headers.Has("x-amz-copy-source")) co_return co_await CopyObject(call);
    co_return co_await PutObject(call);
  }
  if (method == "GET") {
    if (a.Has("uploadId")) co_return co_await ListParts(call);
    co_return co_await GetObject(call, false);
  }
  if (method == "HEAD") co_return co_await GetObject(call, true);
  if (method == "DELETE") {
    if (a.Has("uploadId")) co_return co_await AbortMultipartUpload(call);
    co_return co_await DeleteObject(call);
  }
  if (method == "POST") {
    if (a.Has("uploads")) co_return co_await CreateMultipartUpload(call);
    if (a.Has("uploadId")) co_return co_await CompleteMultipartUpload(call);
  }
  co_return not_allowed();
}

asio::awaitable<Result<std::string>> S3Api::ReadSmallBody(S3Call& call, size_t limit) {
  UploadBody body(call.request);
  std::string all, piece;
  for (;;) {
    Status s = co_await body.Next(piece);
    if (!s.ok()) co_return s;
    if (piece.empty()) break;
    all += piece;
    if (all.size() > limit) {
      co_return LakeError(LakeErrc::kMalformedXML, "the request body is too large");
    }
  }
  co_return all;
}

// ---- UploadBody ----

UploadBody::UploadBody(net::HttpRequest& request)
    : request_(request),
      aws_chunked_(IsAwsChunked(request.headers.Get("x-amz-content-sha256").value_or(""),
                                request.headers.Get("content-encoding").value_or(""))) {}

asio::awaitable<Status> UploadBody::Next(std::string& out) {
  out.clear();
  for (;;) {
    if (request_.body_reader) {
      Status s = co_await request_.body_reader->Read(raw_, 1 << 20);
      if (!s.ok()) {
        if (s.code() == StatusCode::kResourceExhausted) {
          co_return LakeError(LakeErrc::kEntityTooLarge,
                              "Your proposed upload exceeds the maximum allowed size");
        }
        co_return LakeError(LakeErrc::kIncompleteBody, "You did not provide the number of bytes "
                                                       "specified by the Content-Length HTTP "
                                                       "header: " + s.message());
      }
    } else if (buffered_taken_) {
      raw_.clear();
    } else {
      raw_ = std::move(request_.body);
      buffered_taken_ = true;
    }
    if (raw_.empty()) {
      if (aws_chunked_ && !decoder_.AcceptableEnd()) {
        co_return LakeError(LakeErrc::kIncompleteBody, "the aws-chunked body ended early");
      }
      co_return Status::Ok();
    }
    if (!aws_chunked_) {
      out.swap(raw_);
      co_return Status::Ok();
    }
    Status s = decoder_.Feed(raw_, out);
    if (!s.ok()) co_return s;
    if (!out.empty()) co_return Status::Ok();
  }
}

}  // namespace millrace::lake::s3
