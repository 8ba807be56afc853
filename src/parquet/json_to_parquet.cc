#include "parquet/json_to_parquet.h"

#include <simdjson.h>

#include <cstring>

#include "parquet/json_record_parser.h"

namespace millrace::parquet {

JsonToParquet::JsonToParquet(std::unique_ptr<FileWriter> writer,
                             std::unique_ptr<JsonRecordParser> parser)
    : writer_(std::move(writer)), parser_(std::move(parser)), batch_(writer_->schema()) {}

JsonToParquet::~JsonToParquet() = default;

Result<std::unique_ptr<JsonToParquet>> JsonToParquet::Open(Schema schema, WriterOptions options,
                                                           OutputSink* sink) {
  MR_ASSIGN_OR_RETURN(auto writer, FileWriter::Open(std::move(schema), std::move(options), sink));
  auto parser = std::make_unique<JsonRecordParser>(writer->schema());
  return std::unique_ptr<JsonToParquet>(new JsonToParquet(std::move(writer), std::move(parser)));
}

Status JsonToParquet::Append(std::string_view ndjson, std::vector<RecordError>* errors) {
  // simdjson may read up to SIMDJSON_PADDING bytes past a record: records are parsed in place
  // while the input itself has that many bytes after them, the last few from a padded copy.
  const char* data = ndjson.data();
  const size_t size = ndjson.size();
  size_t pos = 0;
  while (pos < size) {
    const char* newline = static_cast<const char*>(std::memchr(data + pos, '\n', size - pos));
    size_t end = newline ? static_cast<size_t>(newline - data) : size;
    size_t begin = pos;
    pos = end + 1;
    while (begin < end && (data[begin] == ' ' || data[begin] == '\t' || data[begin] == '\r'))
      ++begin;
    if (begin == end) continue;
    if (size - end >= simdjson::SIMDJSON_PADDING) {
      MR_RETURN_IF_ERROR(AddRecord(data + begin, end - begin, errors));
    } else {
      padded_line_.assign(data + begin, end - begin);
      padded_line_.append(simdjson::SIMDJSON_PADDING, ' ');
      MR_RETURN_IF_ERROR(AddRecord(padded_line_.data(), end - begin, errors));
    }
  }
  return Status::Ok();
}

Status JsonToParquet::AddRecord(const char* line, size_t length,
                                std::vector<RecordError>* errors) {
  RecordError error;
  error.record = records_seen_++;
  if (!parser_->Parse(line, length, &batch_, &error)) {
    errors->push_back(std::move(error));
    return Status::Ok();
  }
  if (batch_.rows() >= kBatchRecords) return FlushBatch();
  return Status::Ok();
}

Status JsonToParquet::FlushBatch() {
  const size_t rows = batch_.rows();
  if (rows == 0) return Status::Ok();
  MR_RETURN_IF_ERROR(writer_->WriteBatch(batch_));
  records_written_ += static_cast<int64_t>(rows);
  batch_.Clear();
  return Status::Ok();
}

Status JsonToParquet::Close() {
  MR_RETURN_IF_ERROR(FlushBatch());
  return writer_->Close();
}

}  // namespace millrace::parquet
