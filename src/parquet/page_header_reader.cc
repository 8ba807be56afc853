// Parsing of page headers (and the Statistics struct both parsers share).
#include "parquet/compact_struct_reader.h"
#include "parquet/metadata.h"
#include "parquet/thrift_compact.h"

namespace millrace::parquet {

namespace compact_read {

Status ReadStatistics(CompactDecoder& dec, Statistics* s) {
  return ReadStruct(dec, [&](const CompactFieldHeader& h) -> Status {
    auto bin = [&](std::optional<std::string>* out) {
      return ReadOptional(out, [&](std::string* v) { return dec.ReadBinary(h, v); });
    };
    auto i64 = [&](std::optional<int64_t>* out) {
      return ReadOptional(out, [&](int64_t* v) { return dec.ReadI64(h, v); });
    };
    auto boolean = [&](std::optional<bool>* out) {
      return ReadOptional(out, [&](bool* v) { return dec.ReadBool(h, v); });
    };
    switch (h.id) {
      case 1:
        return bin(&s->max);
      case 2:
        return bin(&s->min);
      case 3:
        return i64(&s->null_count);
      case 4:
        return i64(&s->distinct_count);
      case 5:
        return bin(&s->max_value);
      case 6:
        return bin(&s->min_value);
      case 7:
        return boolean(&s->is_max_value_exact);
      case 8:
        return boolean(&s->is_min_value_exact);
      default:
        return dec.Skip(h.type);
    }
  });
}

}  // namespace compact_read

using namespace compact_read;  // NOLINT: the helpers are this file's vocabulary

Result<PageHeader> ParsePageHeader(std::string_view bytes, size_t* header_size) {
  CompactDecoder dec(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  PageHeader p;
  uint32_t seen = 0;
  MR_RETURN_IF_ERROR(ReadStruct(dec, [&](const CompactFieldHeader& h) -> Status {
    if (h.id >= 1 && h.id <= 3) seen |= 1u << h.id;
    switch (h.id) {
      case 1:
        return ReadEnum(dec, h, &p.type);
      case 2:
        return dec.ReadI32(h, &p.uncompressed_page_size);
      case 3:
        return dec.ReadI32(h, &p.compressed_page_size);
      case 4:
        return ReadOptional(&p.crc, [&](int32_t* v) { return dec.ReadI32(h, v); });
      case 5: {
        MR_RETURN_IF_ERROR(dec.ExpectStruct(h));
        DataPageHeader& d = p.data_page_header.emplace();
        return ReadStruct(dec, [&](const CompactFieldHeader& f) -> Status {
          switch (f.id) {
            case 1:
              return dec.ReadI32(f, &d.num_values);
            case 2:
              return ReadEnum(dec, f, &d.encoding);
            case 3:
              return ReadEnum(dec, f, &d.definition_level_encoding);
            case 4:
              return ReadEnum(dec, f, &d.repetition_level_encoding);
            case 5:
              MR_RETURN_IF_ERROR(dec.ExpectStruct(f));
              d.statistics.emplace();
              return ReadStatistics(dec, &*d.statistics);
            default:
              return dec.Skip(f.type);
          }
        });
      }
      case 7: {
        MR_RETURN_IF_ERROR(dec.ExpectStruct(h));
        DictionaryPageHeader& d = p.dictionary_page_header.emplace();
        return ReadStruct(dec, [&](const CompactFieldHeader& f) -> Status {
          switch (f.id) {
            case 1:
              return dec.ReadI32(f, &d.num_values);
            case 2:
              return ReadEnum(dec, f, &d.encoding);
            case 3:
              return ReadOptional(&d.is_sorted, [&](bool* v) { return dec.ReadBool(f, v); });
            default:
              return dec.Skip(f.type);
          }
        });
      }
      case 8: {
        MR_RETURN_IF_ERROR(dec.ExpectStruct(h));
        DataPageHeaderV2& d = p.data_page_header_v2.emplace();
        return ReadStruct(dec, [&](const CompactFieldHeader& f) -> Status {
          switch (f.id) {
            case 1:
              return dec.ReadI32(f, &d.num_values);
            case 2:
              return dec.ReadI32(f, &d.num_nulls);
            case 3:
              return dec.ReadI32(f, &d.num_rows);
            case 4:
              return ReadEnum(dec, f, &d.encoding);
            case 5:
              return dec.ReadI32(f, &d.definition_levels_byte_length);
            case 6:
              return dec.ReadI32(f, &d.repetition_levels_byte_length);
            case 7:
              return dec.ReadBool(f, &d.is_compressed);
            case 8:
              MR_RETURN_IF_ERROR(dec.ExpectStruct(f));
              d.statistics.emplace();
              return ReadStatistics(dec, &*d.statistics);
            default:
              return dec.Skip(f.type);
          }
        });
      }
      default:
        return dec.Skip(h.type);
    }
  }));
  if (seen != 0b1110) return Missing("in PageHeader");
  if (p.uncompressed_page_size < 0 || p.compressed_page_size < 0) {
    return Status::Corruption("parquet page header: negative page size");
  }
  *header_size = dec.position();
  return p;
}

}  // namespace millrace::parquet
