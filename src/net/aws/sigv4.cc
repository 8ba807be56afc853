#include "net/aws/sigv4.h"

#include <vector>

namespace millrace::net::aws {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  for (;;) {
    size_t i = s.find(sep);
    parts.push_back(s.substr(0, i));
    if (i == std::string_view::npos) return parts;
    s.remove_prefix(i + 1);
  }
}

}  // namespace

SigV4Credential ParseAuthorization(std::optional<std::string_view> header) {
  SigV4Credential out;
  if (!header) return out;
  std::string_view h = Trim(*header);
  constexpr std::string_view kScheme = "AWS4-HMAC-SHA256";
  if (!h.starts_with(kScheme)) return out;
  h.remove_prefix(kScheme.size());
  for (std::string_view part : Split(h, ',')) {
    part = Trim(part);
    size_t eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = Trim(part.substr(0, eq));
    std::string_view value = Trim(part.substr(eq + 1));
    if (key == "Credential") {
      std::vector<std::string_view> scope = Split(value, '/');
      if (scope.size() >= 1) out.access_key = scope[0];
      if (scope.size() >= 2) out.date = scope[1];
      if (scope.size() >= 3 && !scope[2].empty()) out.region = scope[2];
      if (scope.size() >= 4) out.service = scope[3];
      out.present = !out.access_key.empty();
    } else if (key == "SignedHeaders") {
      out.signed_headers = value;
    } else if (key == "Signature") {
      out.signature = value;
    }
  }
  return out;
}

}  // namespace millrace::net::aws
