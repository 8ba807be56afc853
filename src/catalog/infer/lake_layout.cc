#include "catalog/infer/lake_layout.h"

#include <cctype>
#include <charconv>
#include <cstdint>

namespace millrace::catalog {

namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int hi = HexDigit(text[i + 1]), lo = HexDigit(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

}  // namespace

Result<S3Location> ParseS3Location(std::string_view text) {
  constexpr std::string_view kScheme = "s3://";
  if (text.substr(0, kScheme.size()) != kScheme) {
    return Status::InvalidArgument("'" + std::string(text) + "' is not an s3://bucket/prefix");
  }
  std::string_view rest = text.substr(kScheme.size());
  S3Location location;
  const size_t slash = rest.find('/');
  location.bucket = std::string(rest.substr(0, slash));
  if (location.bucket.empty()) {
    return Status::InvalidArgument("'" + std::string(text) + "' names no bucket");
  }
  if (slash != std::string_view::npos) location.prefix = std::string(rest.substr(slash + 1));
  if (!location.prefix.empty() && location.prefix.back() != '/') location.prefix.push_back('/');
  return location;
}

std::string TableNameFor(const S3Location& location) {
  std::string_view name = location.bucket;
  std::string_view prefix = location.prefix;
  if (!prefix.empty()) {
    prefix.remove_suffix(1);
    const size_t slash = prefix.rfind('/');
    name = slash == std::string_view::npos ? prefix : prefix.substr(slash + 1);
  }
  std::string out;
  for (char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    out.push_back(std::isalnum(byte) ? static_cast<char>(std::tolower(byte)) : '_');
  }
  return out;
}

bool IsIgnoredObject(std::string_view relative_key) {
  if (relative_key.empty() || relative_key.back() == '/') return true;
  size_t start = 0;
  while (start < relative_key.size()) {
    if (relative_key[start] == '_' || relative_key[start] == '.') return true;
    const size_t slash = relative_key.find('/', start);
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return false;
}

Result<ObjectPath> ParseObjectPath(std::string_view relative_key) {
  ObjectPath path;
  size_t start = 0;
  while (true) {
    const size_t slash = relative_key.find('/', start);
    if (slash == std::string_view::npos) {
      path.file = std::string(relative_key.substr(start));
      return path;
    }
    std::string_view dir = relative_key.substr(start, slash - start);
    const size_t eq = dir.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      return Status::InvalidArgument("'" + std::string(relative_key) + "': directory '" +
                                     std::string(dir) +
                                     "' is not a Hive-style partition (key=value)");
    }
    std::string key = PercentDecode(dir.substr(0, eq));
    for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    path.partitions.emplace_back(std::move(key), PercentDecode(dir.substr(eq + 1)));
    start = slash + 1;
  }
}

HiveType PartitionKeyType(const std::vector<std::string>& values) {
  HiveType type;
  type.kind = HiveType::Kind::kInt;
  if (values.empty()) type.kind = HiveType::Kind::kString;
  for (const std::string& v : values) {
    int64_t n = 0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (v.empty() || ec != std::errc() || end != v.data() + v.size()) {
      type.kind = HiveType::Kind::kString;
      return type;
    }
    if (n < INT32_MIN || n > INT32_MAX) type.kind = HiveType::Kind::kBigInt;
  }
  return type;
}

}  // namespace millrace::catalog
