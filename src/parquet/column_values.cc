#include "parquet/column_values.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cstring>

#include "base/endian.h"
#include "parquet/rle.h"

namespace millrace::parquet {

namespace {

Status Short(std::string_view what) {
  return Status::Corruption(fmt::format("parquet {}: data ends before the values do", what));
}

size_t FixedWidth(const ColumnValues& v) {
  switch (v.type) {
    case PhysicalType::kInt32:
    case PhysicalType::kFloat:
      return 4;
    case PhysicalType::kInt64:
    case PhysicalType::kDouble:
      return 8;
    case PhysicalType::kInt96:
      return 12;
    case PhysicalType::kFixedLenByteArray:
      return static_cast<size_t>(v.type_length);
    default:
      return 0;
  }
}

// Unpacks `count` values of `bit_width` bits, LSB first, from `in`. REQUIRES enough input.
void Unpack(const uint8_t* in, size_t count, int bit_width, uint64_t* out) {
  for (size_t i = 0; i < count; ++i) {
    uint64_t bit = i * static_cast<uint64_t>(bit_width);
    uint64_t v = 0;
    int got = 0;
    while (got < bit_width) {
      uint64_t byte = in[(bit + got) / 8];
      int offset = static_cast<int>((bit + got) % 8);
      int take = std::min(8 - offset, bit_width - got);
      v |= ((byte >> offset) & ((1u << take) - 1)) << got;
      got += take;
    }
    out[i] = v;
  }
}

// Decodes a DELTA_BINARY_PACKED stream of exactly its header's count into int64s.
Status DecodeDeltaInts(std::string_view data, std::vector<int64_t>* values, size_t* consumed,
                       size_t max_count) {
  const uint8_t* p = reinterpret_cast<const uint8_t*>(data.data());
  const uint8_t* end = p + data.size();
  uint64_t block_size, miniblocks, total;
  int64_t first;
  if (!GetUVarint(&p, end, &block_size) || !GetUVarint(&p, end, &miniblocks) ||
      !GetUVarint(&p, end, &total) || !GetVarint(&p, end, &first)) {
    return Short("DELTA_BINARY_PACKED header");
  }
  if (block_size == 0 || block_size % 128 != 0 || miniblocks == 0 || block_size % miniblocks != 0 ||
      (block_size / miniblocks) % 32 != 0 || block_size > (1u << 20)) {
    return Status::Corruption("parquet DELTA_BINARY_PACKED: bad block layout");
  }
  if (total > max_count) {
    return Status::Corruption("parquet DELTA_BINARY_PACKED: more values than the page holds");
  }
  const uint64_t per_miniblock = block_size / miniblocks;
  values->clear();
  values->reserve(total);
  if (total > 0) values->push_back(first);
  uint64_t last = static_cast<uint64_t>(first);
  std::vector<uint64_t> unpacked(per_miniblock);
  while (values->size() < total) {
    int64_t min_delta;
    if (!GetVarint(&p, end, &min_delta)) return Short("DELTA_BINARY_PACKED block");
    if (static_cast<uint64_t>(end - p) < miniblocks) return Short("DELTA_BINARY_PACKED widths");
    const uint8_t* widths = p;
    p += miniblocks;
    for (uint64_t m = 0; m < miniblocks && values->size() < total; ++m) {
      int width = widths[m];
      if (width > 64) return Status::Corruption("parquet DELTA_BINARY_PACKED: bad bit width");
      uint64_t bytes = per_miniblock * width / 8;
      if (static_cast<uint64_t>(end - p) < bytes) return Short("DELTA_BINARY_PACKED miniblock");
      if (width == 64) {
        for (uint64_t i = 0; i < per_miniblock; ++i) unpacked[i] = LoadLE<uint64_t>(p + 8 * i);
      } else {
        Unpack(p, per_miniblock, width, unpacked.data());
      }
      p += bytes;
      for (uint64_t i = 0; i < per_miniblock && values->size() < total; ++i) {
        last += unpacked[i] + static_cast<uint64_t>(min_delta);
        values->push_back(static_cast<int64_t>(last));
      }
    }
  }
  *consumed = static_cast<size_t>(p - reinterpret_cast<const uint8_t*>(data.data()));
  return Status::Ok();
}

}  // namespace

size_t ColumnValues::size() const {
  switch (type) {
    case PhysicalType::kBoolean:
      return bools.size();
    case PhysicalType::kInt32:
      return i32.size();
    case PhysicalType::kInt64:
      return i64.size();
    case PhysicalType::kFloat:
      return f32.size();
    case PhysicalType::kDouble:
      return f64.size();
    default:
      return bytes.size();
  }
}

Value ColumnValues::ValueAt(size_t i) const {
  switch (type) {
    case PhysicalType::kBoolean:
      return Value::Bool(bools[i] != 0);
    case PhysicalType::kInt32:
      return Value::Int32(i32[i]);
    case PhysicalType::kInt64:
      return Value::Int64(i64[i]);
    case PhysicalType::kFloat:
      return Value::Float(f32[i]);
    case PhysicalType::kDouble:
      return Value::Double(f64[i]);
    default:
      return Value::Bytes(bytes[i]);
  }
}

void ColumnValues::AppendFrom(const ColumnValues& other, size_t i) {
  switch (type) {
    case PhysicalType::kBoolean:
      bools.push_back(other.bools[i]);
      break;
    case PhysicalType::kInt32:
      i32.push_back(other.i32[i]);
      break;
    case PhysicalType::kInt64:
      i64.push_back(other.i64[i]);
      break;
    case PhysicalType::kFloat:
      f32.push_back(other.f32[i]);
      break;
    case PhysicalType::kDouble:
      f64.push_back(other.f64[i]);
      break;
    default:
      bytes.push_back(other.bytes[i]);
      break;
  }
}

Status DecodePlain(std::string_view data, size_t count, ColumnValues* out) {
  const uint8_t* p = reinterpret_cast<const uint8_t*>(data.data());
  switch (out->type) {
    case PhysicalType::kBoolean: {
      if (data.size() < (count + 7) / 8) return Short("PLAIN BOOLEAN");
      for (size_t i = 0; i < count; ++i) out->bools.push_back((p[i / 8] >> (i % 8)) & 1);
      return Status::Ok();
    }
    case PhysicalType::kInt32:
    case PhysicalType::kInt64:
    case PhysicalType::kFloat:
    case PhysicalType::kDouble: {
      size_t width = FixedWidth(*out);
      if (data.size() / width < count) return Short("PLAIN");
      auto append = [&](auto& vec) {
        if (count == 0) return;  // an all-null page: vec.data() may be null, memcpy forbids it
        size_t old = vec.size();
        vec.resize(old + count);
        std::memcpy(vec.data() + old, p, count * width);  // little-endian hosts only
      };
      static_assert(std::endian::native == std::endian::little);
      if (out->type == PhysicalType::kInt32) append(out->i32);
      if (out->type == PhysicalType::kInt64) append(out->i64);
      if (out->type == PhysicalType::kFloat) append(out->f32);
      if (out->type == PhysicalType::kDouble) append(out->f64);
      return Status::Ok();
    }
    case PhysicalType::kInt96:
    case PhysicalType::kFixedLenByteArray: {
      size_t width = FixedWidth(*out);
      if (width == 0) return Status::Corruption("parquet: FIXED_LEN_BYTE_ARRAY of length 0");
      if (data.size() / width < count) return Short("PLAIN fixed-length");
      for (size_t i = 0; i < count; ++i) out->bytes.emplace_back(data.substr(i * width, width));
      return Status::Ok();
    }
    case PhysicalType::kByteArray: {
      if (data.size() / 4 < count) return Short("PLAIN BYTE_ARRAY");
      size_t pos = 0;
      for (size_t i = 0; i < count; ++i) {
        if (data.size() - pos < 4) return Short("PLAIN BYTE_ARRAY");
        uint32_t n = LoadLE<uint32_t>(p + pos);
        pos += 4;
        if (data.size() - pos < n) return Short("PLAIN BYTE_ARRAY");
        out->bytes.emplace_back(data.substr(pos, n));
        pos += n;
      }
      return Status::Ok();
    }
  }
  return Status::Corruption("parquet: unknown physical type");
}

Status DecodeDictionaryIndices(std::string_view data, size_t count, const ColumnValues& dictionary,
                               ColumnValues* out) {
  if (count == 0) return Status::Ok();
  if (data.empty()) return Short("dictionary indices");
  int bit_width = static_cast<uint8_t>(data[0]);
  if (bit_width > 32) return Status::Corruption("parquet dictionary indices: bad bit width");
  std::vector<uint32_t> indices(count);
  RleDecoder decoder(data.substr(1), bit_width);
  MR_RETURN_IF_ERROR(decoder.Get(indices.data(), count));
  const size_t dict_size = dictionary.size();
  for (uint32_t index : indices) {
    if (index >= dict_size) {
      return Status::Corruption("parquet dictionary index past the dictionary's end");
    }
    out->AppendFrom(dictionary, index);
  }
  return Status::Ok();
}

Status DecodeRleBooleans(std::string_view data, size_t count, ColumnValues* out) {
  if (data.size() < 4) return Short("RLE BOOLEAN");
  uint32_t length = LoadLE<uint32_t>(reinterpret_cast<const uint8_t*>(data.data()));
  if (length > data.size() - 4) return Short("RLE BOOLEAN");
  std::vector<uint32_t> bits(count);
  RleDecoder decoder(data.substr(4, length), 1);
  MR_RETURN_IF_ERROR(decoder.Get(bits.data(), count));
  for (uint32_t b : bits) out->bools.push_back(static_cast<uint8_t>(b));
  return Status::Ok();
}

Status DecodeDeltaBinaryPacked(std::string_view data, size_t count, ColumnValues* out,
                               size_t* consumed) {
  if (out->type != PhysicalType::kInt32 && out->type != PhysicalType::kInt64) {
    return Status::Corruption("parquet DELTA_BINARY_PACKED on a non-integer column");
  }
  std::vector<int64_t> values;
  MR_RETURN_IF_ERROR(DecodeDeltaInts(data, &values, consumed, count));
  if (values.size() != count) {
    return Status::Corruption("parquet DELTA_BINARY_PACKED: value count differs from the page");
  }
  for (int64_t v : values) {
    if (out->type == PhysicalType::kInt32) {
      out->i32.push_back(static_cast<int32_t>(v));
    } else {
      out->i64.push_back(v);
    }
  }
  return Status::Ok();
}

Status DecodeDeltaLengthByteArray(std::string_view data, size_t count, ColumnValues* out) {
  std::vector<int64_t> lengths;
  size_t used = 0;
  MR_RETURN_IF_ERROR(DecodeDeltaInts(data, &lengths, &used, count));
  if (lengths.size() != count) {
    return Status::Corruption("parquet DELTA_LENGTH_BYTE_ARRAY: count differs from the page");
  }
  size_t pos = used;
  for (int64_t n : lengths) {
    if (n < 0 || static_cast<uint64_t>(n) > data.size() - pos) return Short("DELTA_LENGTH");
    out->bytes.emplace_back(data.substr(pos, static_cast<size_t>(n)));
    pos += static_cast<size_t>(n);
  }
  return Status::Ok();
}

Status DecodeDeltaByteArray(std::string_view data, size_t count, ColumnValues* out) {
  std::vector<int64_t> prefixes;
  size_t used = 0;
  MR_RETURN_IF_ERROR(DecodeDeltaInts(data, &prefixes, &used, count));
  if (prefixes.size() != count) {
    return Status::Corruption("parquet DELTA_BYTE_ARRAY: count differs from the page");
  }
  ColumnValues suffixes;
  suffixes.type = PhysicalType::kByteArray;
  MR_RETURN_IF_ERROR(DecodeDeltaLengthByteArray(data.substr(used), count, &suffixes));
  std::string previous;
  for (size_t i = 0; i < count; ++i) {
    if (prefixes[i] < 0 || static_cast<uint64_t>(prefixes[i]) > previous.size()) {
      return Status::Corruption("parquet DELTA_BYTE_ARRAY: prefix longer than the last value");
    }
    std::string value = previous.substr(0, static_cast<size_t>(prefixes[i])) + suffixes.bytes[i];
    if (out->type == PhysicalType::kFixedLenByteArray &&
        value.size() != static_cast<size_t>(out->type_length)) {
      return Status::Corruption("parquet DELTA_BYTE_ARRAY: value of the wrong fixed length");
    }
    out->bytes.push_back(value);
    previous = std::move(value);
  }
  return Status::Ok();
}

Status DecodeByteStreamSplit(std::string_view data, size_t count, ColumnValues* out) {
  size_t width = FixedWidth(*out);
  if (width == 0 || out->type == PhysicalType::kInt96) {
    return Status::Corruption("parquet BYTE_STREAM_SPLIT on an unsupported type");
  }
  if (data.size() / width < count) return Short("BYTE_STREAM_SPLIT");
  std::string joined(count * width, '\0');
  for (size_t i = 0; i < count; ++i) {
    for (size_t k = 0; k < width; ++k) joined[i * width + k] = data[k * count + i];
  }
  return DecodePlain(joined, count, out);
}

void EncodeDeltaBinaryPacked(const int64_t* values, size_t count, std::string* out) {
  constexpr uint64_t kBlock = 128, kMiniblocks = 4, kPer = kBlock / kMiniblocks;
  PutUVarint(*out, kBlock);
  PutUVarint(*out, kMiniblocks);
  PutUVarint(*out, count);
  PutVarint(*out, count ? values[0] : 0);
  size_t i = 1;
  while (i < count) {
    size_t n = std::min<size_t>(kBlock, count - i);
    std::vector<uint64_t> deltas(n);
    int64_t min_delta = INT64_MAX;
    for (size_t j = 0; j < n; ++j) {
      deltas[j] = static_cast<uint64_t>(values[i + j]) - static_cast<uint64_t>(values[i + j - 1]);
      min_delta = std::min(min_delta, static_cast<int64_t>(deltas[j]));
    }
    PutVarint(*out, min_delta);
    size_t widths_at = out->size();
    out->append(kMiniblocks, '\0');
    for (uint64_t m = 0; m < kMiniblocks && m * kPer < n; ++m) {
      uint64_t max_rel = 0;
      size_t lo = m * kPer, hi = std::min<size_t>(n, lo + kPer);
      for (size_t j = lo; j < hi; ++j) {
        max_rel = std::max(max_rel, deltas[j] - static_cast<uint64_t>(min_delta));
      }
      int width = BitWidthFor(max_rel);
      (*out)[widths_at + m] = static_cast<char>(width);
      // Pack kPer values (zero padding past the end), LSB first.
      unsigned __int128 buffer = 0;
      int bits = 0;
      for (size_t j = lo; j < lo + kPer; ++j) {
        uint64_t rel = j < hi ? deltas[j] - static_cast<uint64_t>(min_delta) : 0;
        buffer |= static_cast<unsigned __int128>(rel) << bits;
        bits += width;
        while (bits >= 8) {
          out->push_back(static_cast<char>(static_cast<uint8_t>(buffer)));
          buffer >>= 8;
          bits -= 8;
        }
      }
    }
    i += n;
  }
}

}  // namespace millrace::parquet
