// ColumnValues: the decoded non-null values of one column (a page or a whole chunk), stored by
// physical type, plus the decoders for every value encoding the reader supports. Decoders append
// to a ColumnValues and bounds-check their input (Corruption on malformed data).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "parquet/format.h"
#include "parquet/value.h"

namespace millrace::parquet {

struct ColumnValues {
  PhysicalType type = PhysicalType::kInt32;
  int32_t type_length = 0;  // FIXED_LEN_BYTE_ARRAY
  std::vector<uint8_t> bools;
  std::vector<int32_t> i32;
  std::vector<int64_t> i64;
  std::vector<float> f32;
  std::vector<double> f64;
  std::vector<std::string> bytes;  // BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY, INT96

  size_t size() const;
  // The value at `i` as a Value of the matching kind. REQUIRES: i < size().
  Value ValueAt(size_t i) const;
  // Appends values[i] of `other` (same type). REQUIRES: i < other.size().
  void AppendFrom(const ColumnValues& other, size_t i);
};

// PLAIN: appends `count` values decoded from the front of `data`.
Status DecodePlain(std::string_view data, size_t count, ColumnValues* out);
// RLE_DICTIONARY / PLAIN_DICTIONARY data: 1-byte bit width then hybrid indices into `dictionary`.
Status DecodeDictionaryIndices(std::string_view data, size_t count, const ColumnValues& dictionary,
                               ColumnValues* out);
// RLE booleans (DataPage V2 writers): 4-byte length prefix then the hybrid with bit width 1.
Status DecodeRleBooleans(std::string_view data, size_t count, ColumnValues* out);
// DELTA_BINARY_PACKED for INT32 / INT64. `*consumed` receives the bytes used.
Status DecodeDeltaBinaryPacked(std::string_view data, size_t count, ColumnValues* out,
                               size_t* consumed);
// DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY for BYTE_ARRAY / FIXED_LEN_BYTE_ARRAY.
Status DecodeDeltaLengthByteArray(std::string_view data, size_t count, ColumnValues* out);
Status DecodeDeltaByteArray(std::string_view data, size_t count, ColumnValues* out);
// BYTE_STREAM_SPLIT for FLOAT, DOUBLE, INT32, INT64 and FIXED_LEN_BYTE_ARRAY.
Status DecodeByteStreamSplit(std::string_view data, size_t count, ColumnValues* out);

// Encoders the writer and the tests use.
void EncodeDeltaBinaryPacked(const int64_t* values, size_t count, std::string* out);

}  // namespace millrace::parquet
