#include "lake/s3_client/sigv4_signer.h"

#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <ctime>

#include "lake/digest.h"
#include "lake/s3_api/s3_request.h"

namespace millrace::lake::s3 {
namespace {

std::string Hmac(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &n);
  return std::string(reinterpret_cast<char*>(out), n);
}

std::string Trim(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  std::string out;
  bool space = false;
  for (char c : v) {  // sequential spaces collapse to one
    if (c == ' ') {
      if (!space) out.push_back(c);
      space = true;
    } else {
      out.push_back(c);
      space = false;
    }
  }
  return out;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

}  // namespace

std::string Sha256HexOf(std::string_view bytes) {
  return Sha256Hex(bytes);
}

std::string AmzDate(int64_t epoch_ms) {
  std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

std::string SignV4(const SigningRequest& request, const SigningCredentials& credentials,
                   std::string_view amz_date) {
  // Canonical request.
  std::string canonical = request.method + "\n" + UrlEncode(request.path, true) + "\n";
  std::vector<std::pair<std::string, std::string>> query;
  for (const auto& [name, value] : request.query) {
    query.emplace_back(UrlEncode(name, false), UrlEncode(value, false));
  }
  std::sort(query.begin(), query.end());
  for (size_t i = 0; i < query.size(); ++i) {
    if (i > 0) canonical += "&";
    canonical += query[i].first + "=" + query[i].second;
  }
  canonical += "\n";
  std::vector<std::pair<std::string, std::string>> headers;
  for (const auto& [name, value] : request.headers) headers.emplace_back(Lower(name), Trim(value));
  std::sort(headers.begin(), headers.end());
  std::string signed_headers;
  for (const auto& [name, value] : headers) {
    canonical += name + ":" + value + "\n";
    if (!signed_headers.empty()) signed_headers += ";";
    signed_headers += name;
  }
  canonical += "\n" + signed_headers + "\n" + request.payload_sha256;

  std::string date(amz_date.substr(0, 8));
  std::string scope = date + "/" + credentials.region + "/" + credentials.service + "/aws4_request";
  std::string to_sign = "AWS4-HMAC-SHA256\n" + std::string(amz_date) + "\n" + scope + "\n" +
                        Sha256Hex(canonical);
  std::string key = Hmac("AWS4" + credentials.secret_key, date);
  key = Hmac(key, credentials.region);
  key = Hmac(key, credentials.service);
  key = Hmac(key, "aws4_request");
  return "AWS4-HMAC-SHA256 Credential=" + credentials.access_key + "/" + scope +
         ", SignedHeaders=" + signed_headers + ", Signature=" + HexOf(Hmac(key, to_sign));
}

}  // namespace millrace::lake::s3
