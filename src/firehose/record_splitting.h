// Record splitting for the RecordDeAggregation and AppendDelimiterToRecord processors: one
// incoming record that holds several (concatenated JSON objects, or pieces separated by a
// delimiter) becomes several records, and records can get a delimiter appended before they are
// concatenated into an object. Pure functions over borrowed bytes: thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace millrace::firehose {

// Firehose de-aggregates at most this many sub-records out of one record.
inline constexpr size_t kMaxSubRecords = 500;

// Splits `record` into its top-level JSON objects: `{..}{..}`, `{..}\n{..}` (whitespace between
// objects is dropped; each piece is the exact bytes of one object). The scan tracks strings and
// nesting only: whether each object is otherwise valid JSON is left to its consumer.
// Errors: InvalidArgument for a top-level value that is not an object (an array is not valid
// input), an unterminated object or string, or stray bytes; ResourceExhausted past
// kMaxSubRecords. An empty or all-whitespace record yields no pieces.
// The views point into `record`.
Result<std::vector<std::string_view>> SplitJsonRecords(std::string_view record);

// Splits `record` at every occurrence of `delimiter`, dropping empty pieces (so a trailing
// delimiter adds nothing). REQUIRES: !delimiter.empty(). Errors: ResourceExhausted past
// kMaxSubRecords. The views point into `record`.
Result<std::vector<std::string_view>> SplitDelimitedRecords(std::string_view record,
                                                            std::string_view delimiter);

// `record` followed by `delimiter` (AppendDelimiterToRecord; "\n" unless configured otherwise).
std::string AppendDelimiter(std::string_view record, std::string_view delimiter = "\n");

}  // namespace millrace::firehose
