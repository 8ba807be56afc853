// How a table's files sit under an S3 location: the location itself, Hive-style partition
// directories (`year=2024/region=eu/part-0.parquet`) and the type a partition key gets from its
// values. Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "catalog/hive_type.h"

namespace millrace::catalog {

struct S3Location {
  std::string bucket;
  std::string prefix;  // "" or ending in '/'

  // "s3://bucket/prefix/".
  std::string ToString() const { return "s3://" + bucket + "/" + prefix; }
};

// Parses "s3://bucket[/prefix]" (a missing trailing '/' is added). InvalidArgument otherwise.
Result<S3Location> ParseS3Location(std::string_view text);

// The table name a location suggests: its last prefix component (or the bucket), lower-cased,
// with characters other than letters, digits and '_' replaced by '_'.
std::string TableNameFor(const S3Location& location);

// An object's place under the location.
struct ObjectPath {
  std::vector<std::pair<std::string, std::string>> partitions;  // key, decoded value
  std::string file;
};

// True for objects a crawler leaves out: a path component starting with '_' or '.'
// (_SUCCESS, _temporary/, .hidden) and "directory marker" keys ending in '/'.
bool IsIgnoredObject(std::string_view relative_key);

// Splits a key relative to the location into its `k=v` directories (values %XX-decoded, as
// Hive escapes them) and the file name. InvalidArgument for a directory that is not `k=v`.
Result<ObjectPath> ParseObjectPath(std::string_view relative_key);

// int when every value is an integer that fits 32 bits, bigint when they fit 64, else string.
HiveType PartitionKeyType(const std::vector<std::string>& values);

}  // namespace millrace::catalog
