// JsonToParquet converts newline-delimited JSON records into a Parquet file of a given schema,
// as Firehose's record format conversion does with the OpenX JSON SerDe: object keys match
// columns (and struct fields) case-insensitively, missing or null fields are nulls, keys outside
// the schema are dropped. A record whose value does not fit its column is skipped and reported
// (record index, column path, reason); the good records around it are still written.
// Records are parsed with simdjson into a ColumnBatch (typed arrays for flat columns) handed to
// FileWriter::WriteBatch.
// Not thread-safe; one converter per output file.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "parquet/column_batch.h"
#include "parquet/file_writer.h"
#include "parquet/io.h"
#include "parquet/json_record_parser.h"
#include "parquet/schema.h"

namespace millrace::parquet {

class JsonToParquet {
 public:
  // REQUIRES: `sink` is empty and outlives the converter.
  static Result<std::unique_ptr<JsonToParquet>> Open(Schema schema, WriterOptions options,
                                                     OutputSink* sink);
  ~JsonToParquet();

  // Converts the complete lines of `ndjson` (a final line without '\n' counts too); blank lines
  // are ignored. Rejected records are appended to `*errors`. A non-OK status means the file
  // itself failed (I/O), not a bad record.
  Status Append(std::string_view ndjson, std::vector<RecordError>* errors);
  // Writes the buffered records and the footer.
  Status Close();

  int64_t records_seen() const { return records_seen_; }
  int64_t records_written() const { return records_written_; }

  // Records buffered before they are handed to the writer as one column batch.
  static constexpr size_t kBatchRecords = 4096;

 private:
  JsonToParquet(std::unique_ptr<FileWriter> writer, std::unique_ptr<JsonRecordParser> parser);
  Status FlushBatch();
  // Parses one record (REQUIRES: SIMDJSON_PADDING readable bytes after it) into batch_.
  Status AddRecord(const char* line, size_t length, std::vector<RecordError>* errors);

  std::unique_ptr<FileWriter> writer_;
  std::unique_ptr<JsonRecordParser> parser_;
  ColumnBatch batch_;
  std::string padded_line_;  // a line too close to the end of its input, copied with padding
  int64_t records_seen_ = 0;
  int64_t records_written_ = 0;
};

}  // namespace millrace::parquet
