// S3 multipart uploads: CreateMultipartUpload, UploadPart, CompleteMultipartUpload,
// AbortMultipartUpload, ListParts.
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

std::optional<int32_t> ParsePartNumber(std::string_view text) {
  int32_t n = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
  return n;
}

}  // namespace

asio::awaitable<net::HttpResponse> S3Api::CreateMultipartUpload(S3Call& call) {
  auto id = co_await pool_->Run([&] {
    return store_.CreateMultipartUpload(call.address.bucket, call.address.key,
                                        AttributesFromHeaders(call.request.headers));
  });
  if (!id.ok()) co_return ErrorResponse(call, id.status());
  XmlWriter xml("InitiateMultipartUploadResult");
  xml.Element("Bucket", call.address.bucket).Element("Key", call.address.key);
  xml.Element("UploadId", *id);
  co_return XmlResponse(call, xml.Finish());
}

asio::awaitable<net::HttpResponse> S3Api::UploadPart(S3Call& call) {
  auto number = ParsePartNumber(*call.address.Get("partNumber"));
  if (!number) {
    co_return ErrorResponse(call, LakeError(LakeErrc::kInvalidArgument,
                                            "Part number must be an integer between 1 and 10000, "
                                            "inclusive"));
  }
  std::optional<std::string> content_md5;
  if (auto header = call.request.headers.Get("content-md5")) {
    content_md5 = base64::Decode(*header);
    if (!content_md5 || content_md5->size() != 16) {
      co_return ErrorResponse(call, LakeError(LakeErrc::kInvalidArgument,
                                              "The Content-MD5 you specified was invalid."));
    }
  }
  std::string upload_id = *call.address.Get("uploadId");
  auto writer = co_await pool_->Run([&] {
    return store_.BeginUploadPart(call.address.bucket, call.address.key, upload_id, *number);
  });
  if (!writer.ok()) co_return ErrorResponse(call, writer.status());
  UploadBody body(call.request);
  std::string piece;
  for (;;) {
    Status s = co_await body.Next(piece);
    if (!s.ok()) co_return ErrorResponse(call, s);
    if (piece.empty()) break;
    s = (*writer)->Append(piece);
    if (!s.ok()) co_return ErrorResponse(call, s);
  }
  auto meta = co_await pool_->Run([&] { return (*writer)->Commit(content_md5); });
  if (!meta.ok()) co_return ErrorResponse(call, meta.status());
  net::HttpResponse r = EmptyResponse(call, 200);
  r.headers.Set("etag", QuotedEtag(meta->etag));
  co_return r;
}

asio::awaitable<net::HttpResponse> S3Api::CompleteMultipartUpload(S3Call& call) {
  auto body = co_await ReadSmallBody(call, 4 << 20);
  if (!body.ok()) co_return ErrorResponse(call, body.status());
  auto doc = ParseXml(*body);
  if (!doc.ok()) co_return ErrorResponse(call, doc.status());
  std::vector<CompletedPart> parts;
  for (const XmlElement& child : doc->children) {
    if (child.name != "Part") continue;
    const XmlElement* number = child.Child("PartNumber");
    const XmlElement* etag = child.Child("ETag");
    std::optional<int32_t> n = number ? ParsePartNumber(number->text) : std::nullopt;
    if (!n || etag == nullptr) {
      co_return ErrorResponse(call, LakeError(LakeErrc::kMalformedXML,
                                              "each Part needs a PartNumber and an ETag"));
    }
    parts.push_back({*n, etag->text});
  }
  std::string upload_id = *call.address.Get("uploadId");
  auto meta = co_await pool_->Run([&] {
    return store_.CompleteMultipartUpload(call.address.bucket, call.address.key, upload_id, parts);
  });
  if (!meta.ok()) co_return ErrorResponse(call, meta.status());
  XmlWriter xml("CompleteMultipartUploadResult");
  xml.Element("Location", "/" + call.address.bucket + "/" + call.address.key);
  xml.Element("Bucket", call.address.bucket).Element("Key", call.address.key);
  xml.Element("ETag", QuotedEtag(meta->etag));
  co_return XmlResponse(call, xml.Finish());
}

asio::awaitable<net::HttpResponse> S3Api::AbortMultipartUpload(S3Call& call) {
  std::string upload_id = *call.address.Get("uploadId");
  Status s = co_await pool_->Run([&] {
    return store_.AbortMultipartUpload(call.address.bucket, call.address.key, upload_id);
  });
  if (!s.ok()) co_return ErrorResponse(call, s);
  co_return EmptyResponse(call, 204);
}

asio::awaitable<net::HttpResponse> S3Api::ListParts(S3Call& call) {
  std::string upload_id = *call.address.Get("uploadId");
  auto parts = co_await pool_->Run(
      [&] { return store_.ListParts(call.address.bucket, call.address.key, upload_id); });
  if (!parts.ok()) co_return ErrorResponse(call, parts.status());
  int32_t marker = 0;
  if (auto m = call.address.Get("part-number-marker")) marker = ParsePartNumber(*m).value_or(0);
  int32_t max_parts = 1000;
  if (auto m = call.address.Get("max-parts")) max_parts = std::clamp(ParsePartNumber(*m).value_or(1000), 0, 1000);
  XmlWriter xml("ListPartsResult");
  xml.Element("Bucket", call.address.bucket).Element("Key", call.address.key);
  xml.Element("UploadId", upload_id).Element("PartNumberMarker", std::to_string(marker));
  int32_t count = 0, last = marker;
  bool truncated = false;
  for (const PartInfo& p : *parts) {
    if (p.part_number <= marker) continue;
    if (count == max_parts) {
      truncated = true;
      break;
    }
    xml.Open("Part").Element("PartNumber", std::to_string(p.part_number));
    xml.Element("LastModified", Iso8601(p.last_modified_ms)).Element("ETag", QuotedEtag(p.etag));
    xml.Element("Size", std::to_string(p.size)).Close("Part");
    last = p.part_number;
    ++count;
  }
  xml.Element("NextPartNumberMarker", std::to_string(last));
  xml.Element("MaxParts", std::to_string(max_parts));
  xml.Element("IsTruncated", truncated ? "true" : "false");
  xml.Element("StorageClass", "STANDARD");
  co_return XmlResponse(call, xml.Finish());
}

}  // namespace millrace::lake::s3
