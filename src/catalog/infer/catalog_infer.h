// `millrace catalog infer`: a crawler for one S3 location. Lists the objects under it through an
// S3 API, reads each Parquet footer with two range reads at most, infers the table
// (TableInference), and creates or updates it and its missing partitions through a Glue API —
// both normally the running millrace server's edge port, but any S3 / Glue endpoint works.
// Blocking; meant for the command line.
#pragma once

#include <iosfwd>
#include <string>

#include "base/status.h"

namespace millrace::catalog {

struct InferOptions {
  std::string location;  // s3://bucket/prefix/
  std::string database;  // created when missing
  std::string table;     // empty: the last component of the prefix
  std::string endpoint = "http://127.0.0.1:4566";  // for both S3 and Glue
  std::string region = "us-east-1";
  std::string access_key = "test";
  std::string secret_key = "test";
};

// Crawls `options.location` and writes the table and partitions; prints a summary to `out`.
// NotFound when the location holds no Parquet object; InvalidArgument for an unusable layout
// (mixed partition keys, a directory that is not key=value); the S3 or Glue error otherwise.
Status InferCatalogTable(const InferOptions& options, std::ostream& out);

}  // namespace millrace::catalog
