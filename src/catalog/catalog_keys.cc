#include "catalog/catalog_keys.h"

#include <cstdint>
#include <cstdio>
#include <optional>

#include "base/base64.h"

namespace millrace::catalog::keys {

std::string Escape(std::string_view component) {
  std::string out;
  out.reserve(component.size());
  for (char c : component) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '%' || c == '/' || byte < 0x20) {
      char hex[4];
      std::snprintf(hex, sizeof(hex), "%%%02X", byte);
      out += hex;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string DatabasePrefix() {
  return "catalog/db/";
}

std::string Database(std::string_view db) {
  return DatabasePrefix() + Escape(db);
}

std::string TablePrefix(std::string_view db) {
  return "catalog/table/" + Escape(db) + "/";
}

std::string Table(std::string_view db, std::string_view table) {
  return TablePrefix(db) + Escape(table);
}

std::string TableVersionsOfDatabase(std::string_view db) {
  return "catalog/tver/" + Escape(db) + "/";
}

std::string PartitionsOfDatabase(std::string_view db) {
  return "catalog/part/" + Escape(db) + "/";
}

std::string TableVersionPrefix(std::string_view db, std::string_view table) {
  return "catalog/tver/" + Escape(db) + "/" + Escape(table) + "/";
}

std::string TableVersion(std::string_view db, std::string_view table, int64_t version) {
  char digits[24];
  std::snprintf(digits, sizeof(digits), "%020lld", static_cast<long long>(INT64_MAX - version));
  return TableVersionPrefix(db, table) + digits;
}

std::string PartitionPrefix(std::string_view db, std::string_view table) {
  return "catalog/part/" + Escape(db) + "/" + Escape(table) + "/";
}

std::string Partition(std::string_view db, std::string_view table,
                      const std::vector<std::string>& values) {
  std::string key = PartitionPrefix(db, table);
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) key.push_back('/');
    key += Escape(values[i]);
  }
  return key;
}

std::string PageToken(std::string_view last_key) {
  return base64::Encode(last_key);
}

Result<std::string> ResumeKey(std::string_view token, std::string_view prefix) {
  std::optional<std::string> key = base64::Decode(token);
  if (!key || key->compare(0, prefix.size(), prefix) != 0) {
    return Status::InvalidArgument("Invalid NextToken: it was not issued for this listing");
  }
  return std::move(*key);
}

}  // namespace millrace::catalog::keys
