// The RLE/bit-packing hybrid of the Parquet spec (Encodings.md), used for definition and
// repetition levels, dictionary indices and RLE booleans. The encoder chooses RLE runs for
// stretches of 8 or more equal values and bit-packed groups of 8 otherwise. Not thread-safe.
#pragma once

#include <cstddef>
#include <bit>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace millrace::parquet {

// Bits needed to store values up to `max_value` (0 for 0).
inline int BitWidthFor(uint64_t max_value) { return std::bit_width(max_value); }

// Appends the hybrid encoding of `values` (each < 2^bit_width) to `*out`, without any length
// prefix. REQUIRES: 0 <= bit_width <= 32.
void RleEncode(const uint32_t* values, size_t count, int bit_width, std::string* out);

// Appends levels as a page stores them: RLE hybrid, with the 4-byte little-endian length
// prefix when `length_prefix` (DataPage V1) and without it otherwise (V2).
void EncodeLevels(const std::vector<int16_t>& levels, int16_t max_level, bool length_prefix,
                  std::string* out);

// Decodes values from a hybrid-encoded byte range that must outlive the decoder.
class RleDecoder {
 public:
  // REQUIRES: 0 <= bit_width <= 32.
  RleDecoder(std::string_view data, int bit_width)
      : p_(reinterpret_cast<const uint8_t*>(data.data())),
        end_(p_ + data.size()),
        bit_width_(bit_width) {}

  // Reads exactly `count` values into `out`; Corruption if the data ends first or is malformed.
  Status Get(uint32_t* out, size_t count);
  // Bytes consumed so far (the end of the last run header or packed group read).
  const uint8_t* position() const { return p_; }

 private:
  Status NextRun();

  const uint8_t* p_;
  const uint8_t* end_;
  int bit_width_;
  // Current run: either `rle_remaining_` copies of `rle_value_`, or bit-packed values.
  uint64_t rle_remaining_ = 0;
  uint32_t rle_value_ = 0;
  const uint8_t* packed_ = nullptr;
  uint64_t packed_index_ = 0;
  uint64_t packed_count_ = 0;
};

// Decodes levels stored with the V1 4-byte length prefix from the front of `*data`, advancing
// it past them. Produces exactly `count` levels, each checked to be <= max_level.
Status DecodeLevelsV1(std::string_view* data, int16_t max_level, size_t count,
                      std::vector<int16_t>* levels);
// Decodes `count` levels from exactly `data` (V2: no prefix).
Status DecodeLevels(std::string_view data, int16_t max_level, size_t count,
                    std::vector<int16_t>* levels);

}  // namespace millrace::parquet
