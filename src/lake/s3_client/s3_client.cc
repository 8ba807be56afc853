#include "lake/s3_client/s3_client.h"

#include <curl/curl.h>

#include <memory>
#include <mutex>
#include <vector>

#include "base/clock.h"
#include "lake/errors.h"
#include "lake/s3_api/s3_request.h"
#include "lake/s3_api/s3_xml.h"
#include "lake/s3_client/sigv4_signer.h"

namespace millrace::lake::s3 {

struct S3Client::Reply {
  long status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case

  std::string Header(std::string_view name) const {
    for (const auto& [n, v] : headers) {
      if (n == name) return v;
    }
    return "";
  }
};

namespace {

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  std::string_view line(data, size * count);
  size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    for (char& c : name) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
      value.remove_suffix(1);
    }
    static_cast<std::vector<std::pair<std::string, std::string>>*>(user)->emplace_back(
        std::move(name), std::string(value));
  }
  return size * count;
}

std::string HostOf(std::string_view endpoint) {
  size_t scheme = endpoint.find("://");
  std::string_view rest = scheme == std::string_view::npos ? endpoint : endpoint.substr(scheme + 3);
  return std::string(rest.substr(0, rest.find('/')));
}

std::string StripQuotes(std::string v) {
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  return v;
}

// The Status for a non-2xx reply: the S3 error code when the body names one we know.
Status ErrorOf(long status, const std::string& body, std::string_view what) {
  auto doc = ParseXml(body);
  std::string code = "", message = "";
  if (doc.ok() && doc->name == "Error") {
    if (const XmlElement* c = doc->Child("Code")) code = c->text;
    if (const XmlElement* m = doc->Child("Message")) message = m->text;
  }
  if (code.empty() && status == 404) code = "NoSuchKey";  // HEAD errors have no body
  for (int i = 0; i <= static_cast<int>(LakeErrc::kServiceUnavailable); ++i) {
    auto errc = static_cast<LakeErrc>(i);
    if (LakeErrcName(errc) == code) {
      return LakeError(errc, message.empty() ? std::string(what) : message);
    }
  }
  return Status::IOError(std::string(what) + ": HTTP " + std::to_string(status) +
                         (code.empty() ? "" : " " + code) + (message.empty() ? "" : ": " + message));
}

}  // namespace

S3Client::S3Client(S3ClientOptions options) : options_(std::move(options)) {
  GlobalInit();
}

Result<S3Client::Reply> S3Client::Send(std::string_view method, std::string_view bucket,
                                       std::string_view key, std::string_view body,
                                       std::string_view content_type, const Pairs& query,
                                       const Pairs& extra_headers) {
  std::string path = "/" + std::string(bucket);
  if (!key.empty()) path += "/" + std::string(key);
  std::string host = HostOf(options_.endpoint);
  std::string amz_date = AmzDate(WallMillis());
  std::string payload_hash = Sha256HexOf(body);

  SigningRequest signing;
  signing.method = std::string(method);
  signing.path = path;
  signing.query = query;
  signing.headers = {{"host", host}, {"x-amz-date", amz_date}, {"x-amz-content-sha256", payload_hash}};
  if (!content_type.empty()) signing.headers.emplace_back("content-type", std::string(content_type));
  for (const auto& header : extra_headers) signing.headers.push_back(header);
  signing.payload_sha256 = payload_hash;
  std::string authorization =
      SignV4(signing, {options_.access_key, options_.secret_key, options_.region, "s3"}, amz_date);

  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return Status::Internal("curl_easy_init failed");
  curl_slist* raw_headers = nullptr;
  auto add = [&](const std::string& h) { raw_headers = curl_slist_append(raw_headers, h.c_str()); };
  add("x-amz-date: " + amz_date);
  add("x-amz-content-sha256: " + payload_hash);
  add("Authorization: " + authorization);
  if (!content_type.empty()) add("Content-Type: " + std::string(content_type));
  for (const auto& [name, value] : extra_headers) add(name + ": " + value);
  add("Expect:");  // no 100-continue round trip
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(raw_headers,
                                                                      curl_slist_free_all);
  std::string url = options_.endpoint + UrlEncode(path, true);
  for (size_t i = 0; i < query.size(); ++i) {
    url += (i == 0 ? "?" : "&") + UrlEncode(query[i].first, false) + "=" +
           UrlEncode(query[i].second, false);
  }
  Reply reply;
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout_ms));
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &reply.body);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &reply.headers);
  if (method == "HEAD") {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else if (method == "PUT" || method == "POST") {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, std::string(method).c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  } else if (method != "GET") {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, std::string(method).c_str());
  }
  CURLcode rc = curl_easy_perform(h);
  if (rc != CURLE_OK) {
    return Status::IOError(std::string(method) + " " + url + ": " + curl_easy_strerror(rc));
  }
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply.status);
  return reply;
}

Status S3Client::CreateBucket(std::string_view bucket) {
  MR_ASSIGN_OR_RETURN(Reply r, Send("PUT", bucket, "", "", ""));
  if (r.status / 100 != 2) return ErrorOf(r.status, r.body, "CreateBucket");
  return Status::Ok();
}

Result<std::string> S3Client::PutObject(std::string_view bucket, std::string_view key,
                                        std::string_view body, std::string_view content_type) {
  MR_ASSIGN_OR_RETURN(Reply r, Send("PUT", bucket, key, body, content_type));
  if (r.status / 100 != 2) return ErrorOf(r.status, r.body, "PutObject");
  return StripQuotes(r.Header("etag"));
}

Result<std::string> S3Client::PutObjectMultipart(std::string_view bucket, std::string_view key,
                                                  std::string_view body, size_t part_bytes,
                                                  std::string_view content_type) {
  if (part_bytes == 0) return Status::InvalidArgument("PutObjectMultipart: part size 0");
  MR_ASSIGN_OR_RETURN(Reply created,
                      Send("POST", bucket, key, "", content_type, {{"uploads", ""}}));
  if (created.status / 100 != 2) {
    return ErrorOf(created.status, created.body, "CreateMultipartUpload");
  }
  MR_ASSIGN_OR_RETURN(XmlElement created_doc, ParseXml(created.body));
  const XmlElement* id = created_doc.Child("UploadId");
  if (id == nullptr || id->text.empty()) {
    return Status::IOError("CreateMultipartUpload: no UploadId in the answer");
  }
  const std::string upload_id = id->text;
  auto abort = [&](Status why) {
    (void)Send("DELETE", bucket, key, "", "", {{"uploadId", upload_id}});
    return why;
  };
  std::string complete = "<CompleteMultipartUpload>";
  int part = 0;
  for (size_t offset = 0; offset < body.size() || part == 0; offset += part_bytes) {
    ++part;
    std::string_view piece = body.substr(offset, part_bytes);
    Result<Reply> r = Send("PUT", bucket, key, piece, "",
                           {{"partNumber", std::to_string(part)}, {"uploadId", upload_id}});
    if (!r.ok()) return abort(r.status());
    if (r->status / 100 != 2) return abort(ErrorOf(r->status, r->body, "UploadPart"));
    complete += "<Part><PartNumber>" + std::to_string(part) + "</PartNumber><ETag>\"" +
                StripQuotes(r->Header("etag")) + "\"</ETag></Part>";
    if (body.empty()) break;
  }
  complete += "</CompleteMultipartUpload>";
  Result<Reply> done =
      Send("POST", bucket, key, complete, "application/xml", {{"uploadId", upload_id}});
  if (!done.ok()) return abort(done.status());
  // S3 may answer 200 with an <Error> document once the response has started.
  if (done->status / 100 != 2 || done->body.find("<Error>") != std::string::npos) {
    return abort(ErrorOf(done->status / 100 == 2 ? 500 : done->status, done->body,
                         "CompleteMultipartUpload"));
  }
  MR_ASSIGN_OR_RETURN(XmlElement done_doc, ParseXml(done->body));
  const XmlElement* etag = done_doc.Child("ETag");
  return etag != nullptr ? StripQuotes(etag->text) : std::string();
}

Result<std::string> S3Client::GetObject(std::string_view bucket, std::string_view key) {
  MR_ASSIGN_OR_RETURN(Reply r, Send("GET", bucket, key, "", ""));
  if (r.status / 100 != 2) return ErrorOf(r.status, r.body, "GetObject");
  return std::move(r.body);
}

Result<std::string> S3Client::GetObjectRange(std::string_view bucket, std::string_view key,
                                             uint64_t offset, uint64_t length) {
  if (length == 0) return std::string();
  const std::string range =
      "bytes=" + std::to_string(offset) + "-" + std::to_string(offset + length - 1);
  MR_ASSIGN_OR_RETURN(Reply r, Send("GET", bucket, key, "", "", {}, {{"range", range}}));
  if (r.status / 100 != 2) return ErrorOf(r.status, r.body, "GetObject");
  if (r.status == 200 && r.body.size() > length) {  // a server that ignores Range
    r.body = offset < r.body.size() ? r.body.substr(offset, length) : std::string();
  }
  return std::move(r.body);
}

Result<S3ObjectListing> S3Client::ListObjects(std::string_view bucket, std::string_view prefix,
                                              std::string_view continuation_token,
                                              uint32_t max_keys) {
  Pairs query = {{"list-type", "2"}, {"prefix", std::string(prefix)}};
  if (max_keys > 0) query.emplace_back("max-keys", std::to_string(max_keys));
  if (!continuation_token.empty()) {
    query.emplace_back("continuation-token", std::string(continuation_token));
  }
  MR_ASSIGN_OR_RETURN(Reply r, Send("GET", bucket, "", "", "", query));
  if (r.status / 100 != 2) return ErrorOf(r.status, r.body, "ListObjectsV2");
  MR_ASSIGN_OR_RETURN(XmlElement doc, ParseXml(r.body));
  S3ObjectListing listing;
  for (const XmlElement& child : doc.children) {
    if (child.name != "Contents") continue;
    S3ObjectListing::Entry entry;
    if (const XmlElement* k = child.Child("Key")) entry.key = k->text;
    if (const XmlElement* size = child.Child("Size")) {
      entry.size = std::strtoull(size->text.c_str(), nullptr, 10);
    }
    listing.objects.push_back(std::move(entry));
  }
  const XmlElement* truncated = doc.Child("IsTruncated");
  const XmlElement* next = doc.Child("NextContinuationToken");
  if (truncated != nullptr && truncated->text == "true" && next != nullptr) {
    listing.next_continuation_token = next->text;
  }
  return listing;
}

Result<S3ObjectHead> S3Client::HeadObject(std::string_view bucket, std::string_view key) {
  MR_ASSIGN_OR_RETURN(Reply r, Send("HEAD", bucket, key, "", ""));
  if (r.status / 100 != 2) return ErrorOf(r.status, r.body, "HeadObject");
  S3ObjectHead head;
  head.size = std::strtoull(r.Header("content-length").c_str(), nullptr, 10);
  head.etag = StripQuotes(r.Header("etag"));
  head.content_type = r.Header("content-type");
  return head;
}

Status S3Client::DeleteObject(std::string_view bucket, std::string_view key) {
  MR_ASSIGN_OR_RETURN(Reply r, Send("DELETE", bucket, key, "", ""));
  if (r.status / 100 != 2) return ErrorOf(r.status, r.body, "DeleteObject");
  return Status::Ok();
}

}  // namespace millrace::lake::s3
