// Internals shared by the S3 operation files: the per-request Call, response builders in S3's
// shapes, and UploadBody (the decoded request body, streamed). Not for use outside s3_api/.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>

#include "base/status.h"
#include "lake/object_meta.h"
#include "lake/s3_api/aws_chunked.h"
#include "lake/s3_api/s3_api.h"
#include "lake/s3_api/s3_request.h"
#include "net/http_message.h"

namespace millrace::lake::s3 {

struct S3Call {
  net::HttpRequest& request;
  S3Address address;
  std::string request_id;
};

// An S3 XML error document for `status` (REQUIRES: !status.ok()).
net::HttpResponse ErrorResponse(const S3Call& call, const Status& status);
net::HttpResponse ErrorResponse(std::string_view request_id, std::string_view resource, int http_status,
                                std::string_view code, std::string_view message);
// 200 (or `http_status`) with an XML body.
net::HttpResponse XmlResponse(const S3Call& call, std::string body, int http_status = 200);
// An empty-bodied response with the request id headers.
net::HttpResponse EmptyResponse(const S3Call& call, int http_status);
std::string QuotedEtag(std::string_view etag);

// The object attributes a PutObject/CreateMultipartUpload request sets in its headers.
ObjectAttributes AttributesFromHeaders(const net::HttpHeaders& headers);
// Adds an object's stored headers (content type, user metadata ...) to a response.
void AddObjectHeaders(const ObjectMeta& meta, net::HttpHeaders& headers);

// The request body, aws-chunked decoding applied, piece by piece.
class UploadBody {
 public:
  explicit UploadBody(net::HttpRequest& request);
  // Replaces `out` with the next decoded piece; empty at the end. IncompleteBody,
  // EntityTooLarge or InvalidRequest errors.
  boost::asio::awaitable<Status> Next(std::string& out);

 private:
  net::HttpRequest& request_;
  bool aws_chunked_;
  bool buffered_taken_ = false;
  AwsChunkedDecoder decoder_;
  std::string raw_;
};

}  // namespace millrace::lake::s3
