// Where the catalog keeps things in the KvStore, and the page tokens of its list operations.
// Every key starts with "catalog/"; name components are escaped so that '/' separates levels
// unambiguously (docs/catalog.md has the layout). Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace millrace::catalog::keys {

// '%' -> "%25", '/' -> "%2F", bytes below 0x20 -> "%XX"; everything else as is.
std::string Escape(std::string_view component);

std::string DatabasePrefix();                                    // catalog/db/
std::string Database(std::string_view db);                       // catalog/db/<db>
std::string TablePrefix(std::string_view db);                    // catalog/table/<db>/
std::string Table(std::string_view db, std::string_view table);  // catalog/table/<db>/<table>
// catalog/tver/<db>/<table>/ and .../<INT64_MAX - version as 20 digits> (newest first)
std::string TableVersionPrefix(std::string_view db, std::string_view table);
std::string TableVersion(std::string_view db, std::string_view table, int64_t version);
// Every table version / partition of a database: catalog/tver/<db>/, catalog/part/<db>/.
std::string TableVersionsOfDatabase(std::string_view db);
std::string PartitionsOfDatabase(std::string_view db);
// catalog/part/<db>/<table>/ and .../<value>/<value>...
std::string PartitionPrefix(std::string_view db, std::string_view table);
std::string Partition(std::string_view db, std::string_view table,
                      const std::vector<std::string>& values);

// A NextToken that resumes a scan after `last_key`, and back. InvalidArgument for a token this
// catalog did not hand out for `prefix`.
std::string PageToken(std::string_view last_key);
Result<std::string> ResumeKey(std::string_view token, std::string_view prefix);

}  // namespace millrace::catalog::keys
