// JqPartitionQuery: the MetadataExtraction processor's JQ query (JsonParsingEngine JQ-1.6), run
// with libjq 1.6 — the same engine Firehose uses — to turn one JSON record into its partition keys.
//
// The query is compiled once; Evaluate runs it on a record and expects an object whose values are
// scalars: strings as they are, numbers and booleans as jq prints them. Threading: a libjq state is
// not thread-safe, so one instance serves one thread at a time; separate instances may run on
// separate threads. A query that never terminates (a recursive `def`) blocks its caller: queries
// come from the stream's owner, not from record producers.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"
#include "firehose/partition_keys.h"

struct jq_state;

namespace millrace::firehose {

// The errorCode Firehose writes for records whose keys cannot be extracted.
inline constexpr std::string_view kMetadataExtractionFailed =
    "DynamicPartitioning.MetadataExtractionFailed";

class JqPartitionQuery {
 public:
  // Errors: InvalidArgument with jq's own compile message(s), e.g. for a syntax error.
  static Result<std::unique_ptr<JqPartitionQuery>> Compile(std::string_view query);
  ~JqPartitionQuery();
  JqPartitionQuery(const JqPartitionQuery&) = delete;
  JqPartitionQuery& operator=(const JqPartitionQuery&) = delete;

  // The record's partition keys, in the order the query's object lists them. Errors
  // (InvalidArgument; the caller writes the record to the error output under
  // kMetadataExtractionFailed with the message): the record is not JSON ("Non JSON record
  // provided"), the query fails at run time or yields nothing or a non-object, or a key is null
  // (missing from the record) or an array/object.
  Result<PartitionKeys> Evaluate(std::string_view record);

  const std::string& query() const { return query_; }

 private:
  JqPartitionQuery() = default;

  std::string query_;
  jq_state* jq_ = nullptr;
  std::string compile_errors_;
};

}  // namespace millrace::firehose
