// How an HTTP request names its S3 resource: path-style (/<bucket>/<key>) or virtual-host-style
// (Host: <bucket>.localhost, <bucket>.s3.<region>.amazonaws.com ...), plus the query string,
// URL coding and the time formats S3 responses use. Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace millrace::lake::s3 {

struct S3Address {
  std::string bucket;  // empty: the service (ListBuckets)
  std::string key;     // empty: the bucket itself
  std::map<std::string, std::string> query;  // decoded; a name without '=' maps to ""
  bool virtual_host = false;

  bool Has(const std::string& name) const { return query.count(name) != 0; }
  std::optional<std::string> Get(const std::string& name) const;
};

// `path` as sent (percent-encoded), `query` without '?', `host` the Host header.
S3Address ParseS3Address(std::string_view path, std::string_view query, std::string_view host);

// The bucket a Host header names, if it is virtual-host-style.
std::optional<std::string> BucketFromHost(std::string_view host);

std::string UrlDecode(std::string_view text, bool plus_is_space);
// Encodes all but unreserved characters (A-Z a-z 0-9 - . _ ~); '/' too unless `keep_slash`.
std::string UrlEncode(std::string_view text, bool keep_slash);

std::string Iso8601(int64_t epoch_ms);   // 2024-01-02T03:04:05.678Z
std::string HttpDate(int64_t epoch_ms);  // Tue, 02 Jan 2024 03:04:05 GMT

}  // namespace millrace::lake::s3
