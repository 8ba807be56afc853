#include "parquet/rle.h"

#include <algorithm>

#include "base/endian.h"

namespace millrace::parquet {

namespace {

constexpr size_t kMinRleRun = 8;
// Some readers expect a bit-packed run header to fit one byte, as parquet-mr writes it.
constexpr size_t kMaxPackedGroups = 63;

size_t RunLength(const uint32_t* values, size_t count, size_t i) {
  size_t j = i + 1;
  while (j < count && values[j] == values[i]) ++j;
  return j - i;
}

void PutValueBytes(uint32_t value, int bit_width, std::string* out) {
  int bytes = (bit_width + 7) / 8;
  for (int b = 0; b < bytes; ++b) out->push_back(static_cast<char>((value >> (8 * b)) & 0xFF));
}

// Packs values[0..8*groups) LSB first; indices at or past `count` pack as zero.
void BitPack(const uint32_t* values, size_t count, size_t groups, int bit_width, std::string* out) {
  uint64_t buffer = 0;
  int bits = 0;
  for (size_t i = 0; i < groups * 8; ++i) {
    uint64_t v = i < count ? values[i] : 0;
    buffer |= v << bits;
    bits += bit_width;
    while (bits >= 8) {
      out->push_back(static_cast<char>(buffer & 0xFF));
      buffer >>= 8;
      bits -= 8;
    }
  }
  // 8 values of any width fill whole bytes, so nothing is left in `buffer`.
}

}  // namespace

void RleEncode(const uint32_t* values, size_t count, int bit_width, std::string* out) {
  size_t i = 0;
  while (i < count) {
    size_t run = RunLength(values, count, i);
    if (run >= kMinRleRun) {
      PutUVarint(*out, static_cast<uint64_t>(run) << 1);
      PutValueBytes(values[i], bit_width, out);
      i += run;
      continue;
    }
    // A bit-packed stretch: whole groups of 8 until a long run starts at a group boundary.
    size_t start = i;
    size_t groups = 0;
    while (i < count) {
      i = std::min(i + 8, count);
      ++groups;
      if (i >= count || RunLength(values, count, i) >= kMinRleRun) break;
      if (groups == kMaxPackedGroups) break;
    }
    PutUVarint(*out, (static_cast<uint64_t>(groups) << 1) | 1);
    BitPack(values + start, count - start, groups, bit_width, out);
  }
}

void EncodeLevels(const std::vector<int16_t>& levels, int16_t max_level, bool length_prefix,
                  std::string* out) {
  std::vector<uint32_t> values(levels.begin(), levels.end());
  size_t prefix_at = out->size();
  if (length_prefix) out->append(4, '\0');
  RleEncode(values.data(), values.size(), BitWidthFor(static_cast<uint64_t>(max_level)), out);
  if (length_prefix) {
    StoreLE(reinterpret_cast<uint8_t*>(out->data() + prefix_at),
            static_cast<uint32_t>(out->size() - prefix_at - 4));
  }
}

Status RleDecoder::NextRun() {
  uint64_t header;
  if (!GetUVarint(&p_, end_, &header)) {
    return Status::Corruption("parquet RLE: data ends before the values do");
  }
  if ((header & 1) == 0) {
    rle_remaining_ = header >> 1;
    if (rle_remaining_ == 0) return Status::Corruption("parquet RLE: empty run");
    int bytes = (bit_width_ + 7) / 8;
    if (end_ - p_ < bytes) return Status::Corruption("parquet RLE: truncated run value");
    uint32_t v = 0;
    for (int b = 0; b < bytes; ++b) v |= static_cast<uint32_t>(p_[b]) << (8 * b);
    p_ += bytes;
    if (bit_width_ < 32 && (v >> bit_width_) != 0) {
      return Status::Corruption("parquet RLE: run value wider than the bit width");
    }
    rle_value_ = v;
  } else {
    uint64_t groups = header >> 1;
    if (groups == 0) return Status::Corruption("parquet RLE: empty bit-packed run");
    uint64_t bytes = groups * static_cast<uint64_t>(bit_width_);
    // Writers may end the data inside the last group; values past the end are padding.
    uint64_t available = static_cast<uint64_t>(end_ - p_);
    packed_ = p_;
    packed_count_ = groups * 8;
    if (bytes > available) {
      packed_count_ = bit_width_ == 0 ? packed_count_ : available * 8 / bit_width_;
      bytes = available;
    }
    packed_index_ = 0;
    p_ += bytes;
    if (packed_count_ == 0) return Status::Corruption("parquet RLE: truncated bit-packed run");
  }
  return Status::Ok();
}

Status RleDecoder::Get(uint32_t* out, size_t count) {
  size_t done = 0;
  while (done < count) {
    if (rle_remaining_ > 0) {
      size_t n = static_cast<size_t>(std::min<uint64_t>(rle_remaining_, count - done));
      for (size_t i = 0; i < n; ++i) out[done + i] = rle_value_;
      rle_remaining_ -= n;
      done += n;
    } else if (packed_index_ < packed_count_) {
      while (done < count && packed_index_ < packed_count_) {
        uint64_t bit = packed_index_ * static_cast<uint64_t>(bit_width_);
        uint64_t v = 0;
        int got = 0;
        while (got < bit_width_) {
          uint64_t byte = packed_[(bit + got) / 8];
          int offset = static_cast<int>((bit + got) % 8);
          int take = std::min(8 - offset, bit_width_ - got);
          v |= ((byte >> offset) & ((1u << take) - 1)) << got;
          got += take;
        }
        out[done++] = static_cast<uint32_t>(v);
        ++packed_index_;
      }
    } else {
      MR_RETURN_IF_ERROR(NextRun());
    }
  }
  return Status::Ok();
}

Status DecodeLevels(std::string_view data, int16_t max_level, size_t count,
                    std::vector<int16_t>* levels) {
  levels->resize(count);
  if (max_level == 0) {
    std::fill(levels->begin(), levels->end(), 0);
    return Status::Ok();
  }
  std::vector<uint32_t> raw(count);
  RleDecoder decoder(data, BitWidthFor(static_cast<uint64_t>(max_level)));
  MR_RETURN_IF_ERROR(decoder.Get(raw.data(), count));
  for (size_t i = 0; i < count; ++i) {
    if (raw[i] > static_cast<uint32_t>(max_level)) {
      return Status::Corruption("parquet levels: level above the column's maximum");
    }
    (*levels)[i] = static_cast<int16_t>(raw[i]);
  }
  return Status::Ok();
}

Status DecodeLevelsV1(std::string_view* data, int16_t max_level, size_t count,
                      std::vector<int16_t>* levels) {
  if (data->size() < 4) return Status::Corruption("parquet levels: missing length prefix");
  uint32_t length = LoadLE<uint32_t>(reinterpret_cast<const uint8_t*>(data->data()));
  if (length > data->size() - 4) return Status::Corruption("parquet levels: length past page end");
  MR_RETURN_IF_ERROR(DecodeLevels(data->substr(4, length), max_level, count, levels));
  data->remove_prefix(4 + length);
  return Status::Ok();
}

}  // namespace millrace::parquet
