#include "lake/s3_api/s3_request.h"

#include <ctime>

namespace millrace::lake::s3 {

std::optional<std::string> S3Address::Get(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

std::string UrlDecode(std::string_view text, bool plus_is_space) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 &&
        hex(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2])));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string UrlEncode(std::string_view text, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~' || (keep_slash && c == '/');
    if (unreserved) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::optional<std::string> BucketFromHost(std::string_view host) {
  if (!host.empty() && host.front() == '[') return std::nullopt;  // IPv6 literal
  host = host.substr(0, host.find(':'));
  std::string lower;
  for (char c : host) lower.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  std::string_view h = lower;
  constexpr std::string_view kLocal = ".localhost";
  if (h.size() > kLocal.size() && h.substr(h.size() - kLocal.size()) == kLocal) {
    return std::string(h.substr(0, h.size() - kLocal.size()));
  }
  for (std::string_view marker : {".s3.", ".s3-"}) {
    size_t at = h.find(marker);
    if (at != std::string_view::npos && at > 0) return std::string(h.substr(0, at));
  }
  return std::nullopt;
}

S3Address ParseS3Address(std::string_view path, std::string_view query, std::string_view host) {
  S3Address address;
  std::string decoded = UrlDecode(path, false);
  std::string_view rest = decoded;
  if (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
  if (auto bucket = BucketFromHost(host)) {
    address.virtual_host = true;
    address.bucket = *bucket;
    address.key = std::string(rest);
  } else {
    size_t slash = rest.find('/');
    address.bucket = std::string(rest.substr(0, slash));
    if (slash != std::string_view::npos) address.key = std::string(rest.substr(slash + 1));
  }
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string name = UrlDecode(pair.substr(0, eq), true);
    std::string value = eq == std::string_view::npos ? "" : UrlDecode(pair.substr(eq + 1), true);
    address.query.emplace(std::move(name), std::move(value));
  }
  return address;
}

std::string Iso8601(int64_t epoch_ms) {
  std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[96];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(epoch_ms % 1000));
  return buf;
}

std::string HttpDate(int64_t epoch_ms) {
  std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[40];
  std::strftime(buf, sizeof(buf), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

}  // namespace millrace::lake::s3
