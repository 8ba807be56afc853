// Helpers shared by the parquet tests: writing rows to an in-memory file and reading them back.
#pragma once

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "parquet/file_reader.h"
#include "parquet/file_writer.h"

namespace millrace::parquet {

// Lets gtest print Values readably in failure messages.
inline void PrintTo(const Value& value, std::ostream* os) {
  *os << value.ToString();
}

}  // namespace millrace::parquet

namespace millrace::parquet::testing {

inline Result<std::string> WriteToString(const Schema& schema, const std::vector<Value>& rows,
                                         const WriterOptions& options) {
  StringSink sink;
  MR_ASSIGN_OR_RETURN(auto writer, FileWriter::Open(schema, options, &sink));
  for (const Value& row : rows) MR_RETURN_IF_ERROR(writer->WriteRow(row));
  MR_RETURN_IF_ERROR(writer->Close());
  return sink.Release();
}

inline Result<std::vector<Value>> ReadFromString(const std::string& bytes) {
  StringSource source(bytes);
  MR_ASSIGN_OR_RETURN(auto reader, FileReader::Open(&source));
  return reader->ReadAll();
}

// Compares row by row so that a failure names the first differing row.
inline void ExpectSameRows(const std::vector<Value>& expected, const std::vector<Value>& actual) {
  ASSERT_EQ(expected.size(), actual.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    ASSERT_EQ(expected[i], actual[i]) << "row " << i << "\n  wrote " << expected[i].ToString()
                                      << "\n  read  " << actual[i].ToString();
  }
}

}  // namespace millrace::parquet::testing
