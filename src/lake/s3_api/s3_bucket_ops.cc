// S3 bucket operations: ListBuckets, CreateBucket, DeleteBucket, HeadBucket, ListObjects (V1 and
// V2), DeleteObjects.
#include <algorithm>
#include <charconv>

#include "base/base64.h"
#include "lake/errors.h"
#include "lake/object_store.h"
#include "lake/s3_api/blocking_pool.h"
#include "lake/s3_api/s3_call.h"
#include "lake/s3_api/s3_xml.h"

namespace millrace::lake::s3 {

namespace asio = boost::asio;

namespace {

constexpr uint32_t kMaxKeys = 1000;

void WriteOwner(XmlWriter& xml) {
  xml.Open("Owner").Element("ID", "millrace").Element("DisplayName", "millrace").Close("Owner");
}

}  // namespace

asio::awaitable<net::HttpResponse> S3Api::ListBuckets(S3Call& call) {
  auto buckets = co_await pool_->Run([&] { return store_.ListBuckets(); });
  if (!buckets.ok()) co_return ErrorResponse(call, buckets.status());
  XmlWriter xml("ListAllMyBucketsResult");
  WriteOwner(xml);
  xml.Open("Buckets");
  for (const BucketInfo& b : *buckets) {
    xml.Open("Bucket").Element("Name", b.name).Element("CreationDate", Iso8601(b.created_ms));
    xml.Close("Bucket");
  }
  xml.Close("Buckets");
  co_return XmlResponse(call, xml.Finish());
}

asio::awaitable<net::HttpResponse> S3Api::CreateBucket(S3Call& call) {
  // The body (CreateBucketConfiguration with a region) is read and ignored: one region.
  auto body = co_await ReadSmallBody(call, 64 << 10);
  if (!body.ok()) co_return ErrorResponse(call, body.status());
  Status s = co_await pool_->Run([&] { return store_.CreateBucket(call.address.bucket); });
  if (!s.ok()) co_return ErrorResponse(call, s);
  net::HttpResponse r = EmptyResponse(call, 200);
  r.headers.Set("location", "/" + call.address.bucket);
  co_return r;
}

asio::awaitable<net::HttpResponse> S3Api::DeleteBucket(S3Call& call) {
  Status s = co_await pool_->Run([&] { return store_.DeleteBucket(call.address.bucket); });
  if (!s.ok()) co_return ErrorResponse(call, s);
  co_return EmptyResponse(call, 204);
}

asio::awaitable<net::HttpResponse> S3Api::HeadBucket(S3Call& call) {
  Status s = co_await pool_->Run([&] { return store_.HeadBucket(call.address.bucket); });
  if (!s.ok()) co_return ErrorResponse(call, s);
  net::HttpResponse r = EmptyResponse(call, 200);
  r.headers.Set("x-amz-bucket-region", "us-east-1");
  co_return r;
}

asio::awaitable<net::HttpResponse> S3Api::ListObjects(S3Call& call, bool v2) {
  const S3Address& a = call.address;
  ListOptions options;
  options.prefix = a.Get("prefix").value_or("");
  options.delimiter = a.Get("delimiter").value_or("");
  if (auto max = a.Get("max-keys")) {
    int64_t n = -1;
    auto [p, ec] = std::from_chars(max->data(), max->data() + max->size(), n);
    if (ec != std::errc() || p != max->data() + max->size() || n < 0) {
      co_return ErrorResponse(call, LakeError(LakeErrc::kInvalidArgument,
                                              "Provided max-keys not an integer or within "
                                              "integer range"));
    }
    options.max_keys = static_cast<uint32_t>(std::min<int64_t>(n, kMaxKeys));
  }
  std::optional<std::string> token = a.Get("continuation-token");
  std::string start_after = a.Get(v2 ? "start-after" : "marker").value_or("");
  options.start_after = start_after;
  if (v2 && token) {
    auto decoded = base64::Decode(*token);
    if (!decoded) {
      co_return ErrorResponse(call, LakeError(LakeErrc::kInvalidArgument,
                                              "The continuation token provided is incorrect"));
    }
    options.start_after = std::max(options.start_after, *decoded);
  }
  bool url = a.Get("encoding-type") == "url";
  if (a.Has("encoding-type") && !url) {
    co_return ErrorResponse(call, LakeError(LakeErrc::kInvalidArgument, "Invalid Encoding Method specified in Request"));
  }
  auto enc = [&](const std::string& s) { return url ? UrlEncode(s, true) : s; };

  auto result = co_await pool_->Run([&] { return store_.ListObjects(a.bucket, options); });
  if (!result.ok()) co_return ErrorResponse(call, result.status());

  XmlWriter xml("ListBucketResult");
  xml.Element("Name", a.bucket).Element("Prefix", enc(options.prefix));
  if (v2) {
    if (token) xml.Element("ContinuationToken", *token);
    if (!start_after.empty()) xml.Element("StartAfter", enc(start_after));
    xml.Element("KeyCount",
                std::to_string(result->objects.size() + result->common_prefixes.size()));
  } else {
    xml.Element("Marker", enc(start_after));
  }
  xml.Element("MaxKeys", std::to_string(options.max_keys));
  if (!options.delimiter.empty()) xml.Element("Delimiter", enc(options.delimiter));
  if (url) xml.Element("EncodingType", "url");
  xml.Element("IsTruncated", result->truncated ? "true" : "false");
  if (result->truncated) {
    if (v2) xml.Element("NextContinuationToken", base64::Encode(result->last));
    else xml.Element("NextMarker", enc(result->last));
  }
  bool owner = !v2 || a.Get("fetch-owner") == "true";
  for (const ObjectMeta& o : result->objects) {
    xml.Open("Contents").Element("Key", enc(o.key));
    xml.Element("LastModified", Iso8601(o.last_modified_ms)).Element("ETag", QuotedEtag(o.etag));
    xml.Element("Size", std::to_string(o.size)).Element("StorageClass", "STANDARD");
    if (owner) WriteOwner(xml);
    xml.Close("Contents");
  }
  for (const std::string& p : result->common_prefixes) {
    xml.Open("CommonPrefixes").Element("Prefix", enc(p)).Close("CommonPrefixes");
  }
  co_return XmlResponse(call, xml.Finish());
}

asio::awaitable<net::HttpResponse> S3Api::DeleteObjects(S3Call& call) {
  auto body = co_await ReadSmallBody(call, 2 << 20);
  if (!body.ok()) co_return ErrorResponse(call, body.status());
  auto doc = ParseXml(*body);
  if (!doc.ok()) co_return ErrorResponse(call, doc.status());
  if (doc->name != "Delete") {
    co_return ErrorResponse(call, LakeError(LakeErrc::kMalformedXML, "expected a Delete document"));
  }
  const XmlElement* quiet = doc->Child("Quiet");
  bool is_quiet = quiet != nullptr && quiet->text == "true";
  std::vector<std::string> keys;
  for (const XmlElement& child : doc->children) {
    if (child.name != "Object") continue;
    const XmlElement* key = child.Child("Key");
    if (key == nullptr) {
      co_return ErrorResponse(call, LakeError(LakeErrc::kMalformedXML, "an Object without a Key"));
    }
    keys.push_back(key->text);
  }
  if (keys.size() > 1000) {
    co_return ErrorResponse(call, LakeError(LakeErrc::kMalformedXML,
                                            "at most 1000 keys can be deleted in one request"));
  }
  auto statuses = co_await pool_->Run([&] {
    std::vector<Status> out;
    for (const std::string& key : keys) out.push_back(store_.DeleteObject(call.address.bucket, key));
    return out;
  });
  XmlWriter xml("DeleteResult");
  for (size_t i = 0; i < keys.size(); ++i) {
    if (statuses[i].ok()) {
      if (!is_quiet) xml.Open("Deleted").Element("Key", keys[i]).Close("Deleted");
    } else {
      S3Error e = S3ErrorOf(statuses[i]);
      if (e.code == LakeErrc::kNoSuchBucket) co_return ErrorResponse(call, statuses[i]);
      xml.Open("Error").Element("Key", keys[i]).Element("Code", LakeErrcName(e.code));
      xml.Element("Message", e.message).Close("Error");
    }
  }
  co_return XmlResponse(call, xml.Finish());
}

}  // namespace millrace::lake::s3
