#include "catalog/infer/glue_client.h"

#include <curl/curl.h>

#include <memory>
#include <mutex>

#include "base/clock.h"
#include "base/json.h"
#include "lake/s3_client/sigv4_signer.h"

namespace millrace::catalog {

namespace {

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

std::string HostOf(std::string_view endpoint) {
  size_t scheme = endpoint.find("://");
  std::string_view rest = scheme == std::string_view::npos ? endpoint : endpoint.substr(scheme + 3);
  return std::string(rest.substr(0, rest.find('/')));
}

Status ErrorOf(long http_status, const std::string& body, std::string_view operation) {
  std::string type, message;
  if (Result<Value> doc = json::Parse(body); doc.ok()) {
    if (const Value* t = doc->Find("__type"); t != nullptr && t->kind() == Value::Kind::kString) {
      type = t->string_value();
      type = type.substr(type.find('#') == std::string::npos ? 0 : type.find('#') + 1);
    }
    for (const char* key : {"message", "Message"}) {
      if (const Value* m = doc->Find(key); m != nullptr && m->kind() == Value::Kind::kString) {
        message = m->string_value();
      }
    }
  }
  if (type.empty()) {
    return Status::IOError(std::string(operation) + ": HTTP " + std::to_string(http_status));
  }
  StatusCode code = StatusCode::kInternal;
  if (type == "EntityNotFoundException") code = StatusCode::kNotFound;
  if (type == "AlreadyExistsException") code = StatusCode::kAlreadyExists;
  if (type == "InvalidInputException" || type == "ValidationException") {
    code = StatusCode::kInvalidArgument;
  }
  return Status(code, type + ": " + message);
}

}  // namespace

GlueClient::GlueClient(GlueClientOptions options) : options_(std::move(options)) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Result<Value> GlueClient::Call(std::string_view operation, const Value& request) {
  const std::string body = json::Write(request.is_null() ? Value::MakeObject() : request);
  const std::string target = "AWSGlue." + std::string(operation);
  const std::string amz_date = lake::s3::AmzDate(WallMillis());
  const std::string payload_hash = lake::s3::Sha256HexOf(body);
  const std::string content_type = "application/x-amz-json-1.1";

  lake::s3::SigningRequest signing;
  signing.method = "POST";
  signing.path = "/";
  signing.headers = {{"host", HostOf(options_.endpoint)},
                     {"x-amz-date", amz_date},
                     {"x-amz-target", target},
                     {"content-type", content_type}};
  signing.payload_sha256 = payload_hash;
  const std::string authorization = lake::s3::SignV4(
      signing, {options_.access_key, options_.secret_key, options_.region, "glue"}, amz_date);

  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return Status::Internal("curl_easy_init failed");
  curl_slist* raw = nullptr;
  for (const std::string& h :
       {"X-Amz-Date: " + amz_date, "X-Amz-Target: " + target, "Content-Type: " + content_type,
        "Authorization: " + authorization, std::string("Expect:")}) {
    raw = curl_slist_append(raw, h.c_str());
  }
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(raw, curl_slist_free_all);
  const std::string url = options_.endpoint + "/";
  std::string reply;
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout_ms));
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &reply);
  if (CURLcode rc = curl_easy_perform(h); rc != CURLE_OK) {
    return Status::IOError("Glue " + std::string(operation) + " at " + url + ": " +
                           curl_easy_strerror(rc));
  }
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  if (status / 100 != 2) return ErrorOf(status, reply, operation);
  if (reply.empty()) return Value::MakeObject();
  return json::Parse(reply);
}

}  // namespace millrace::catalog
