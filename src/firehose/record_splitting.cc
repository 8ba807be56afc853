#include "firehose/record_splitting.h"

namespace millrace::firehose {

namespace {

bool IsJsonSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

Status TooMany() {
  return Status::ResourceExhausted("a record de-aggregates into more than " +
                                   std::to_string(kMaxSubRecords) + " sub-records");
}

}  // namespace

Result<std::vector<std::string_view>> SplitJsonRecords(std::string_view record) {
  std::vector<std::string_view> pieces;
  size_t pos = 0;
  while (true) {
    while (pos < record.size() && IsJsonSpace(record[pos])) ++pos;
    if (pos == record.size()) break;
    if (record[pos] != '{') {
      return Status::InvalidArgument(
          "record is not a sequence of JSON objects: unexpected '" + std::string(1, record[pos]) +
          "' at byte " + std::to_string(pos) +
          (record[pos] == '[' ? " (a JSON array is not valid input)" : ""));
    }
    const size_t start = pos;
    size_t depth = 0;
    bool in_string = false;
    for (; pos < record.size(); ++pos) {
      const char c = record[pos];
      if (in_string) {
        if (c == '\\') {
          ++pos;  // skip the escaped character
        } else if (c == '"') {
          in_string = false;
        }
        continue;
      }
      if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) break;
      }
    }
    if (pos >= record.size()) {
      return Status::InvalidArgument("record ends inside a JSON object that starts at byte " +
                                     std::to_string(start));
    }
    ++pos;  // past the closing brace
    if (pieces.size() == kMaxSubRecords) return TooMany();
    pieces.push_back(record.substr(start, pos - start));
  }
  return pieces;
}

Result<std::vector<std::string_view>> SplitDelimitedRecords(std::string_view record,
                                                            std::string_view delimiter) {
  std::vector<std::string_view> pieces;
  size_t pos = 0;
  while (pos <= record.size()) {
    size_t next = record.find(delimiter, pos);
    if (next == std::string_view::npos) next = record.size();
    if (next > pos) {
      if (pieces.size() == kMaxSubRecords) return TooMany();
      pieces.push_back(record.substr(pos, next - pos));
    }
    pos = next + delimiter.size();
  }
  return pieces;
}

std::string AppendDelimiter(std::string_view record, std::string_view delimiter) {
  std::string out;
  out.reserve(record.size() + delimiter.size());
  out += record;
  out += delimiter;
  return out;
}

}  // namespace millrace::firehose
