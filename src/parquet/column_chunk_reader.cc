#include "parquet/column_chunk_reader.h"

#include <fmt/format.h>

#include <algorithm>

#include "parquet/compression.h"
#include "parquet/rle.h"

namespace millrace::parquet {

namespace {

Status DecodeValues(Encoding encoding, std::string_view data, size_t count,
                    const ColumnValues* dictionary, ColumnValues* out) {
  switch (encoding) {
    case Encoding::kPlain:
      return DecodePlain(data, count, out);
    case Encoding::kPlainDictionary:
    case Encoding::kRleDictionary:
      if (dictionary == nullptr) {
        return Status::Corruption("parquet: dictionary-encoded page without a dictionary page");
      }
      return DecodeDictionaryIndices(data, count, *dictionary, out);
    case Encoding::kRle:
      if (out->type != PhysicalType::kBoolean) {
        return Status::Corruption("parquet: RLE values on a non-boolean column");
      }
      return DecodeRleBooleans(data, count, out);
    case Encoding::kDeltaBinaryPacked: {
      size_t used = 0;
      return DecodeDeltaBinaryPacked(data, count, out, &used);
    }
    case Encoding::kDeltaLengthByteArray:
      if (out->type != PhysicalType::kByteArray) {
        return Status::Corruption("parquet: DELTA_LENGTH_BYTE_ARRAY on a non-BYTE_ARRAY column");
      }
      return DecodeDeltaLengthByteArray(data, count, out);
    case Encoding::kDeltaByteArray:
      if (out->type != PhysicalType::kByteArray && out->type != PhysicalType::kFixedLenByteArray) {
        return Status::Corruption("parquet: DELTA_BYTE_ARRAY on a non-byte-array column");
      }
      return DecodeDeltaByteArray(data, count, out);
    case Encoding::kByteStreamSplit:
      return DecodeByteStreamSplit(data, count, out);
    default:
      return Status::Corruption(
          fmt::format("parquet: unsupported value encoding {}", static_cast<int>(encoding)));
  }
}

size_t CountPresent(const std::vector<int16_t>& def, size_t from, int16_t max_def) {
  return static_cast<size_t>(
      std::count(def.begin() + static_cast<ptrdiff_t>(from), def.end(), max_def));
}

}  // namespace

Result<ColumnChunkData> ReadColumnChunk(const InputSource& source, const ColumnMetaData& meta,
                                        const ColumnDescriptor& column) {
  if (!CodecSupported(meta.codec)) {
    return Status::InvalidArgument(fmt::format("parquet column {}: codec {} is not supported",
                                               fmt::join(column.path, "."), CodecName(meta.codec)));
  }
  int64_t start = meta.data_page_offset;
  if (meta.dictionary_page_offset && *meta.dictionary_page_offset > 0) {
    start = std::min(start, *meta.dictionary_page_offset);
  }
  std::string bytes;
  MR_RETURN_IF_ERROR(source.ReadAt(static_cast<uint64_t>(start),
                                   static_cast<uint64_t>(meta.total_compressed_size), &bytes));
  ColumnChunkData out;
  out.values.type = column.node->physical_type;
  out.values.type_length = column.node->type_length;
  ColumnValues dictionary;
  dictionary.type = out.values.type;
  dictionary.type_length = out.values.type_length;
  const int16_t max_def = column.max_def_level;
  const int16_t max_rep = column.max_rep_level;
  std::string page;
  size_t pos = 0;
  auto corrupt = [&](std::string_view what) {
    return Status::Corruption(fmt::format("parquet column {} at offset {}: {}",
                                          fmt::join(column.path, "."), start + pos, what));
  };
  while (pos < bytes.size()) {
    size_t header_size = 0;
    auto header = ParsePageHeader(std::string_view(bytes).substr(pos), &header_size);
    if (!header.ok()) return corrupt(header.status().message());
    const size_t body_size = static_cast<size_t>(header->compressed_page_size);
    if (body_size > bytes.size() - pos - header_size) {
      return corrupt("page extends past the column chunk");
    }
    std::string_view body = std::string_view(bytes).substr(pos + header_size, body_size);
    const int64_t page_offset = start + static_cast<int64_t>(pos);
    pos += header_size + body_size;
    out.uncompressed_bytes += static_cast<int64_t>(header_size) + header->uncompressed_page_size;

    if (header->type == PageType::kDictionaryPage) {
      if (!header->dictionary_page_header) return corrupt("dictionary page without its header");
      if (out.has_dictionary || out.data_pages > 0) return corrupt("misplaced dictionary page");
      const auto& d = *header->dictionary_page_header;
      if (d.encoding != Encoding::kPlain && d.encoding != Encoding::kPlainDictionary) {
        return corrupt("dictionary page not PLAIN-encoded");
      }
      if (d.num_values < 0 || d.num_values > kMaxPageValues) return corrupt("bad dictionary size");
      MR_RETURN_IF_ERROR(
          Decompress(meta.codec, body, static_cast<size_t>(header->uncompressed_page_size), &page));
      MR_RETURN_IF_ERROR(DecodePlain(page, static_cast<size_t>(d.num_values), &dictionary));
      out.has_dictionary = true;
      continue;
    }
    if (header->type != PageType::kDataPage && header->type != PageType::kDataPageV2) {
      continue;  // index pages and unknown page kinds carry no values
    }
    if (out.first_data_page_offset < 0) out.first_data_page_offset = page_offset;
    ++out.data_pages;
    const size_t levels_before = out.def_levels.size();
    Encoding encoding;
    std::string_view values;
    std::vector<int16_t> rep, def;
    size_t num_values;
    if (header->type == PageType::kDataPage) {
      if (!header->data_page_header) return corrupt("data page without its header");
      const auto& d = *header->data_page_header;
      if (d.num_values < 0 || d.num_values > kMaxPageValues) return corrupt("bad value count");
      num_values = static_cast<size_t>(d.num_values);
      encoding = d.encoding;
      MR_RETURN_IF_ERROR(
          Decompress(meta.codec, body, static_cast<size_t>(header->uncompressed_page_size), &page));
      std::string_view rest = page;
      if (max_rep > 0) {
        if (d.repetition_level_encoding != Encoding::kRle) {
          return corrupt("repetition levels not RLE-encoded");
        }
        MR_RETURN_IF_ERROR(DecodeLevelsV1(&rest, max_rep, num_values, &rep));
      }
      if (max_def > 0) {
        if (d.definition_level_encoding != Encoding::kRle) {
          return corrupt("definition levels not RLE-encoded");
        }
        MR_RETURN_IF_ERROR(DecodeLevelsV1(&rest, max_def, num_values, &def));
      }
      values = rest;
    } else {
      if (!header->data_page_header_v2) return corrupt("data page V2 without its header");
      const auto& d = *header->data_page_header_v2;
      if (d.num_values < 0 || d.num_values > kMaxPageValues) return corrupt("bad value count");
      num_values = static_cast<size_t>(d.num_values);
      encoding = d.encoding;
      if (d.repetition_levels_byte_length < 0 || d.definition_levels_byte_length < 0 ||
          static_cast<size_t>(d.repetition_levels_byte_length) +
                  static_cast<size_t>(d.definition_levels_byte_length) >
              body.size()) {
        return corrupt("level lengths past the page end");
      }
      size_t rep_len = static_cast<size_t>(d.repetition_levels_byte_length);
      size_t def_len = static_cast<size_t>(d.definition_levels_byte_length);
      if (max_rep > 0) {
        MR_RETURN_IF_ERROR(DecodeLevels(body.substr(0, rep_len), max_rep, num_values, &rep));
      }
      if (max_def > 0) {
        MR_RETURN_IF_ERROR(DecodeLevels(body.substr(rep_len, def_len), max_def, num_values, &def));
      }
      std::string_view compressed = body.substr(rep_len + def_len);
      int64_t values_size = static_cast<int64_t>(header->uncompressed_page_size) -
                            static_cast<int64_t>(rep_len + def_len);
      if (values_size < 0) return corrupt("uncompressed size smaller than the levels");
      if (d.is_compressed && meta.codec != Codec::kUncompressed) {
        MR_RETURN_IF_ERROR(
            Decompress(meta.codec, compressed, static_cast<size_t>(values_size), &page));
        values = page;
      } else {
        if (compressed.size() != static_cast<size_t>(values_size)) {
          return corrupt("uncompressed page size differs from the page");
        }
        values = compressed;
      }
    }
    if (max_rep > 0) {
      out.rep_levels.insert(out.rep_levels.end(), rep.begin(), rep.end());
    } else {
      out.rep_levels.resize(out.rep_levels.size() + num_values, 0);
    }
    if (max_def > 0) {
      out.def_levels.insert(out.def_levels.end(), def.begin(), def.end());
    } else {
      out.def_levels.resize(out.def_levels.size() + num_values, 0);
    }
    if (static_cast<int64_t>(out.def_levels.size()) > meta.num_values) {
      return corrupt("pages hold more values than the chunk's num_values");
    }
    size_t present = CountPresent(out.def_levels, levels_before, max_def);
    size_t values_before = out.values.size();
    MR_RETURN_IF_ERROR(DecodeValues(encoding, values, present,
                                    out.has_dictionary ? &dictionary : nullptr, &out.values));
    if (out.values.size() - values_before != present) return corrupt("value count mismatch");
  }
  if (static_cast<int64_t>(out.def_levels.size()) != meta.num_values) {
    return Status::Corruption(
        fmt::format("parquet column {}: pages hold {} values, the chunk metadata says {}",
                    fmt::join(column.path, "."), out.def_levels.size(), meta.num_values));
  }
  out.rows = std::count(out.rep_levels.begin(), out.rep_levels.end(), 0);
  return out;
}

}  // namespace millrace::parquet
