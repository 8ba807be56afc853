// S3 object operations: PutObject, GetObject/HeadObject (with Range), DeleteObject, CopyObject.
#include "base/base64.h"
#include "lake/errors.h"
#include "lake/object_store.h"
#include "lake/s3_api/blocking_pool.h"
#include "lake/s3_api/s3_call.h"
#include "lake/s3_api/s3_xml.h"

namespace millrace::lake::s3 {

namespace asio = boost::asio;

namespace {

constexpr size_t kReadChunkBytes = 1 << 20;

// Streams an object's selected bytes into the response.
class ObjectBodySource final : public net::BodySource {
 public:
  explicit ObjectBodySource(std::unique_ptr<ObjectReader> reader) : reader_(std::move(reader)) {}
  asio::awaitable<std::optional<std::string>> Next() override {
    std::string chunk;
    Status s = reader_->Read(chunk, kReadChunkBytes);
    if (!s.ok()) throw std::runtime_error(s.ToString());  // aborts the response
    if (chunk.empty()) co_return std::nullopt;
    co_return chunk;
  }

 private:
  std::unique_ptr<ObjectReader> reader_;
};

class NoBodySource final : public net::BodySource {
 public:
  asio::awaitable<std::optional<std::string>> Next() override { co_return std::nullopt; }
};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

}  // namespace

ObjectAttributes AttributesFromHeaders(const net::HttpHeaders& headers) {
  ObjectAttributes attrs;
  if (auto type = headers.Get("content-type"); type && !type->empty()) {
    attrs.content_type = std::string(*type);
  }
  for (const auto& [name, value] : headers.fields()) {
    std::string lower = Lower(name);
    if (lower.rfind("x-amz-meta-", 0) == 0) {
      attrs.user_metadata.emplace_back(lower.substr(11), value);
    } else if (lower == "cache-control" || lower == "content-disposition" ||
               lower == "content-language" || lower == "expires") {
      attrs.headers.emplace_back(lower, value);
    } else if (lower == "content-encoding") {
      // aws-chunked is the transfer's encoding, not the object's.
      std::string kept;
      size_t start = 0;
      while (start <= value.size()) {
        size_t comma = value.find(',', start);
        std::string part = value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        while (!part.empty() && part.front() == ' ') part.erase(0, 1);
        while (!part.empty() && part.back() == ' ') part.pop_back();
        if (!part.empty() && part != "aws-chunked") kept += (kept.empty() ? "" : ",") + part;
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      if (!kept.empty()) attrs.headers.emplace_back(lower, kept);
    }
  }
  return attrs;
}

void AddObjectHeaders(const ObjectMeta& meta, net::HttpHeaders& headers) {
  headers.Set("content-type", meta.attributes.content_type);
  headers.Set("etag", QuotedEtag(meta.etag));
  headers.Set("last-modified", HttpDate(meta.last_modified_ms));
  headers.Set("accept-ranges", "bytes");
  for (const auto& [name, value] : meta.attributes.headers) headers.Set(name, value);
  for (const auto& [name, value] : meta.attributes.user_metadata) {
    headers.Set("x-amz-meta-" + name, value);
  }
}

asio::awaitable<net::HttpResponse> S3Api::PutObject(S3Call& call) {
  std::optional<std::string> content_md5;
  if (auto header = call.request.headers.Get("content-md5")) {
    content_md5 = base64::Decode(*header);
    if (!content_md5 || content_md5->size() != 16) {
      co_return ErrorResponse(call, LakeError(LakeErrc::kInvalidArgument /* InvalidDigest */,
                                              "The Content-MD5 you specified was invalid."));
    }
  }
  auto writer = co_await pool_->Run([&] {
    return store_.BeginPut(call.address.bucket, call.address.key,
                           AttributesFromHeaders(call.request.headers));
  });
  if (!writer.ok()) co_return ErrorResponse(call, writer.status());
  UploadBody body(call.request);
  std::string piece;
  for (;;) {
    Status s = co_await body.Next(piece);
    if (!s.ok()) co_return ErrorResponse(call, s);
    if (piece.empty()) break;
    // A write into the page cache; the slow part (fsync) runs on the pool in Commit.
    s = (*writer)->Append(piece);
    if (!s.ok()) co_return ErrorResponse(call, s);
  }
  auto meta = co_await pool_->Run([&] { return (*writer)->Commit(content_md5); });
  if (!meta.ok()) co_return ErrorResponse(call, meta.status());
  net::HttpResponse r = EmptyResponse(call, 200);
  r.headers.Set("etag", QuotedEtag(meta->etag));
  co_return r;
}

asio::awaitable<net::HttpResponse> S3Api::GetObject(S3Call& call, bool head) {
  std::optional<ByteRange> range;
  if (auto header = call.request.headers.Get("range")) range = ParseByteRange(*header);
  auto reader = co_await pool_->Run(
      [&] { return store_.GetObject(call.address.bucket, call.address.key, range); });
  if (!reader.ok()) {
    net::HttpResponse r = ErrorResponse(call, reader.status());
    if (S3ErrorOf(reader.status()).code == LakeErrc::kInvalidRange) {
      auto meta = co_await pool_->Run(
          [&] { return store_.HeadObject(call.address.bucket, call.address.key); });
      if (meta.ok()) r.headers.Set("content-range", "bytes */" + std::to_string(meta->size));
    }
    co_return r;
  }
  const ObjectMeta& meta = (*reader)->meta();
  net::HttpResponse r = EmptyResponse(call, range ? 206 : 200);
  AddObjectHeaders(meta, r.headers);
  if (range) {
    uint64_t first = (*reader)->offset(), last = first + (*reader)->length() - 1;
    r.headers.Set("content-range", "bytes " + std::to_string(first) + "-" + std::to_string(last) +
                                       "/" + std::to_string(meta.size));
  }
  r.headers.Set("content-length", std::to_string((*reader)->length()));
  if (head) {
    r.stream = std::make_unique<NoBodySource>();
  } else {
    r.stream = std::make_unique<ObjectBodySource>(std::move(reader).value());
  }
  co_return r;
}

asio::awaitable<net::HttpResponse> S3Api::DeleteObject(S3Call& call) {
  Status s =
      co_await pool_->Run([&] { return store_.DeleteObject(call.address.bucket, call.address.key); });
  if (!s.ok()) co_return ErrorResponse(call, s);
  co_return EmptyResponse(call, 204);
}

asio::awaitable<net::HttpResponse> S3Api::CopyObject(S3Call& call) {
  std::string source = UrlDecode(*call.request.headers.Get("x-amz-copy-source"), false);
  source = source.substr(0, source.find('?'));  // ?versionId=...: one version only
  if (!source.empty() && source.front() == '/') source.erase(0, 1);
  size_t slash = source.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == source.size()) {
    co_return ErrorResponse(call, LakeError(LakeErrc::kInvalidArgument,
                                            "Copy Source must mention the source bucket and key: "
                                            "sourcebucket/sourcekey"));
  }
  std::string src_bucket = source.substr(0, slash), src_key = source.substr(slash + 1);
  std::optional<ObjectAttributes> attributes;
  auto directive = call.request.headers.Get("x-amz-metadata-directive");
  if (directive && *directive == "REPLACE") {
    attributes = AttributesFromHeaders(call.request.headers);
  } else if (src_bucket == call.address.bucket && src_key == call.address.key) {
    co_return ErrorResponse(call, LakeError(LakeErrc::kInvalidRequest,
                                            "This copy request is illegal because it is trying to "
                                            "copy an object to itself without changing the "
                                            "object's metadata."));
  }
  auto meta = co_await pool_->Run([&] {
    return store_.CopyObject(src_bucket, src_key, call.address.bucket, call.address.key,
                             attributes);
  });
  if (!meta.ok()) co_return ErrorResponse(call, meta.status());
  XmlWriter xml("CopyObjectResult");
  xml.Element("LastModified", Iso8601(meta->last_modified_ms)).Element("ETag", QuotedEtag(meta->etag));
  co_return XmlResponse(call, xml.Finish());
}

}  // namespace millrace::lake::s3
