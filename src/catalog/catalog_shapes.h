// The Glue shapes the catalog stores: checks a DatabaseInput / TableInput / PartitionInput the
// way Glue does and turns it into the Database / Table / Partition document that GetX returns
// (input members kept, names lower-cased, server-side members such as CreateTime added).
// Pure functions over Value, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "base/value.h"
#include "catalog/partition_filter.h"

namespace millrace::catalog {

// Limits Glue documents for names and values.
inline constexpr size_t kMaxNameLength = 255;
inline constexpr size_t kMaxDescriptionLength = 2048;
inline constexpr size_t kMaxColumnTypeLength = 131072;
inline constexpr size_t kMaxPartitionValueLength = 1024;

// `name` lower-cased, or InvalidArgument if it is empty, longer than 255 characters, or holds
// control characters. `what` ("Database name") starts the message.
Result<std::string> NormalizeName(std::string_view name, std::string_view what);

// The stored Database for a DatabaseInput. `now_ms` becomes CreateTime.
Result<Value> DatabaseFromInput(const Value& input, std::string_view catalog_id, int64_t now_ms);

// The stored Table for a TableInput in database `db`: Columns and PartitionKeys need a Name and
// a valid Hive Type, names are unique. CreateTime/UpdateTime are `now_ms`; VersionId "1".
Result<Value> TableFromInput(const Value& input, std::string_view db, std::string_view catalog_id,
                             int64_t now_ms);

// The partition keys of a stored Table, with their parsed types.
std::vector<PartitionKey> PartitionKeysOf(const Value& table);

// A PartitionInput's Values, checked against `key_count`.
Result<std::vector<std::string>> PartitionValuesOf(const Value& input, size_t key_count);
// A list of strings such as PartitionValueList / Values. `what` names it in messages.
Result<std::vector<std::string>> StringList(const Value& list, std::string_view what);

// The stored Partition for a PartitionInput of `table` (a stored Table).
Result<Value> PartitionFromInput(const Value& input, const Value& table,
                                 std::string_view catalog_id, int64_t now_ms);

// A stored document's string member, or "" when it is absent.
std::string StringMember(const Value& doc, std::string_view key);

}  // namespace millrace::catalog
