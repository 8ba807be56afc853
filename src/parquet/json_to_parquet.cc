#include "parquet/json_to_parquet.h"

#include <simdjson.h>

#include <cstring>

#include "parquet/json_record_parser.h"

namespace millrace::parquet {

JsonToParquet::JsonToParquet(std::unique_ptr<FileWriter> writer,
                             std::unique_ptr<JsonRecordParser> parser)
    : writer_(std::move(writer)), parser_(std::move(parser)) {
  batch_.resize(writer_->schema().columns().size());
}

JsonToParquet::~JsonToParquet() = default;

Result<std::unique_ptr<JsonToParquet>> JsonToParquet::Open(Schema schema, WriterOptions options,
                                                           OutputSink* sink) {
  MR_ASSIGN_OR_RETURN(auto writer, FileWriter::Open(std::move(schema), std::move(options), sink));
  auto parser = std::make_unique<JsonRecordParser>(writer->schema());
  return std::unique_ptr<JsonToParquet>(new JsonToParquet(std::move(writer), std::move(parser)));
}

Status JsonToParquet::Append(std::string_view ndjson, std::vector<RecordError>* errors) {
  // simdjson reads up to SIMDJSON_PADDING bytes past a document: copy into a padded buffer.
  simdjson::padded_string padded(ndjson);
  const char* data = padded.data();
  const size_t size = padded.size();
  std::vector<Value> row;
  size_t pos = 0;
  while (pos < size) {
    const char* newline = static_cast<const char*>(std::memchr(data + pos, '\n', size - pos));
    size_t end = newline ? static_cast<size_t>(newline - data) : size;
    size_t begin = pos;
    pos = end + 1;
    while (begin < end && (data[begin] == ' ' || data[begin] == '\t' || data[begin] == '\r'))
      ++begin;
    if (begin == end) continue;
    RecordError error;
    error.record = records_seen_++;
    if (!parser_->Parse(data + begin, end - begin, &row, &error)) {
      errors->push_back(std::move(error));
      continue;
    }
    for (size_t c = 0; c < batch_.size(); ++c) batch_[c].push_back(std::move(row[c]));
    if (batch_[0].size() >= kBatchRecords) MR_RETURN_IF_ERROR(FlushBatch());
  }
  return Status::Ok();
}

Status JsonToParquet::FlushBatch() {
  if (batch_.empty() || batch_[0].empty()) return Status::Ok();
  MR_RETURN_IF_ERROR(writer_->WriteColumns(batch_));
  records_written_ += static_cast<int64_t>(batch_[0].size());
  for (auto& column : batch_) column.clear();
  return Status::Ok();
}

Status JsonToParquet::Close() {
  MR_RETURN_IF_ERROR(FlushBatch());
  return writer_->Close();
}

}  // namespace millrace::parquet
