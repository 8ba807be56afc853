// Parsing of the footer structs from the Thrift compact protocol. Unknown fields are skipped;
// missing required fields and wrongly typed fields are Corruption.
#include "parquet/compact_struct_reader.h"
#include "parquet/metadata.h"
#include "parquet/thrift_compact.h"

namespace millrace::parquet {

using namespace compact_read;  // NOLINT: the helpers are this file's vocabulary

namespace {

using Kind = LogicalTypeInfo::Kind;

Status ReadTimeUnit(CompactDecoder& dec, TimeUnit* unit) {
  return ReadStruct(dec, [&](const CompactFieldHeader& h) -> Status {
    MR_RETURN_IF_ERROR(dec.ExpectStruct(h));
    if (h.id == 1) *unit = TimeUnit::kMillis;
    if (h.id == 2) *unit = TimeUnit::kMicros;
    if (h.id == 3) *unit = TimeUnit::kNanos;
    return dec.Skip(h.type);
  });
}

Status ReadLogicalType(CompactDecoder& dec, LogicalTypeInfo* lt) {
  return ReadStruct(dec, [&](const CompactFieldHeader& h) -> Status {
    MR_RETURN_IF_ERROR(dec.ExpectStruct(h));
    switch (h.id) {
      case 1:
        lt->kind = Kind::kString;
        break;
      case 2:
        lt->kind = Kind::kMap;
        break;
      case 3:
        lt->kind = Kind::kList;
        break;
      case 4:
        lt->kind = Kind::kEnum;
        break;
      case 5:
        lt->kind = Kind::kDecimal;
        return ReadStruct(dec, [&](const CompactFieldHeader& f) -> Status {
          if (f.id == 1) return dec.ReadI32(f, &lt->scale);
          if (f.id == 2) return dec.ReadI32(f, &lt->precision);
          return dec.Skip(f.type);
        });
      case 6:
        lt->kind = Kind::kDate;
        break;
      case 7:
      case 8:
        lt->kind = h.id == 7 ? Kind::kTime : Kind::kTimestamp;
        return ReadStruct(dec, [&](const CompactFieldHeader& f) -> Status {
          if (f.id == 1) return dec.ReadBool(f, &lt->is_adjusted_to_utc);
          if (f.id == 2) {
            MR_RETURN_IF_ERROR(dec.ExpectStruct(f));
            return ReadTimeUnit(dec, &lt->unit);
          }
          return dec.Skip(f.type);
        });
      case 10:
        lt->kind = Kind::kInteger;
        return ReadStruct(dec, [&](const CompactFieldHeader& f) -> Status {
          if (f.id == 1) return dec.ReadI8(f, &lt->bit_width);
          if (f.id == 2) return dec.ReadBool(f, &lt->is_signed);
          return dec.Skip(f.type);
        });
      case 11:
        lt->kind = Kind::kNull;
        break;
      case 12:
        lt->kind = Kind::kJson;
        break;
      case 13:
        lt->kind = Kind::kBson;
        break;
      case 14:
        lt->kind = Kind::kUuid;
        break;
      case 15:
        lt->kind = Kind::kFloat16;
        break;
      default:
        lt->kind = Kind::kUnknownKind;
        break;
    }
    return dec.Skip(h.type);
  });
}

Status ReadSchemaElement(CompactDecoder& dec, SchemaElement* e) {
  bool has_name = false;
  MR_RETURN_IF_ERROR(ReadStruct(dec, [&](const CompactFieldHeader& h) -> Status {
    auto i32 = [&](std::optional<int32_t>* out) {
      return ReadOptional(out, [&](int32_t* v) { return dec.ReadI32(h, v); });
    };
    switch (h.id) {
      case 1:
        return ReadEnum(dec, h, &e->type);
      case 2:
        return i32(&e->type_length);
      case 3:
        return ReadEnum(dec, h, &e->repetition_type);
      case 4:
        has_name = true;
        return dec.ReadBinary(h, &e->name);
      case 5:
        return i32(&e->num_children);
      case 6:
        return ReadEnum(dec, h, &e->converted_type);
      case 7:
        return i32(&e->scale);
      case 8:
        return i32(&e->precision);
      case 9:
        return i32(&e->field_id);
      case 10:
        MR_RETURN_IF_ERROR(dec.ExpectStruct(h));
        e->logical_type.emplace();
        return ReadLogicalType(dec, &*e->logical_type);
      default:
        return dec.Skip(h.type);
    }
  }));
  if (!has_name) return Missing("SchemaElement.name");
  return Status::Ok();
}

Status ReadKeyValues(CompactDecoder& dec, const CompactFieldHeader& h, std::vector<KeyValue>* out) {
  return ReadList(dec, h, CompactType::kStruct, [&]() -> Status {
    KeyValue kv;
    MR_RETURN_IF_ERROR(ReadStruct(dec, [&](const CompactFieldHeader& f) -> Status {
      if (f.id == 1) return dec.ReadBinary(f, &kv.key);
      if (f.id == 2) {
        return ReadOptional(&kv.value, [&](std::string* v) { return dec.ReadBinary(f, v); });
      }
      return dec.Skip(f.type);
    }));
    out->push_back(std::move(kv));
    return Status::Ok();
  });
}

Status ReadColumnMetaData(CompactDecoder& dec, ColumnMetaData* m) {
  uint32_t seen = 0;
  MR_RETURN_IF_ERROR(ReadStruct(dec, [&](const CompactFieldHeader& h) -> Status {
    if (h.id >= 1 && h.id <= 9) seen |= 1u << h.id;
    switch (h.id) {
      case 1:
        return ReadEnum(dec, h, &m->type);
      case 2:
        return ReadList(dec, h, CompactType::kI32, [&]() -> Status {
          int32_t v;
          MR_RETURN_IF_ERROR(dec.ReadI32Element(&v));
          m->encodings.push_back(static_cast<Encoding>(v));
          return Status::Ok();
        });
      case 3:
        return ReadList(dec, h, CompactType::kBinary, [&]() -> Status {
          m->path_in_schema.emplace_back();
          return dec.ReadBinaryElement(&m->path_in_schema.back());
        });
      case 4:
        return ReadEnum(dec, h, &m->codec);
      case 5:
        return dec.ReadI64(h, &m->num_values);
      case 6:
        return dec.ReadI64(h, &m->total_uncompressed_size);
      case 7:
        return dec.ReadI64(h, &m->total_compressed_size);
      case 8:
        return ReadKeyValues(dec, h, &m->key_value_metadata);
      case 9:
        return dec.ReadI64(h, &m->data_page_offset);
      case 10:
        return ReadOptional(&m->index_page_offset, [&](int64_t* v) { return dec.ReadI64(h, v); });
      case 11:
        return ReadOptional(&m->dictionary_page_offset,
                            [&](int64_t* v) { return dec.ReadI64(h, v); });
      case 12:
        MR_RETURN_IF_ERROR(dec.ExpectStruct(h));
        m->statistics.emplace();
        return ReadStatistics(dec, &*m->statistics);
      case 13:
        return ReadList(dec, h, CompactType::kStruct, [&]() -> Status {
          PageEncodingStats s;
          MR_RETURN_IF_ERROR(ReadStruct(dec, [&](const CompactFieldHeader& f) -> Status {
            if (f.id == 1) return ReadEnum(dec, f, &s.page_type);
            if (f.id == 2) return ReadEnum(dec, f, &s.encoding);
            if (f.id == 3) return dec.ReadI32(f, &s.count);
            return dec.Skip(f.type);
          }));
          m->encoding_stats.push_back(s);
          return Status::Ok();
        });
      default:
        return dec.Skip(h.type);
    }
  }));
  // type, encodings, path_in_schema, codec, num_values, sizes and data_page_offset are required
  // (key_value_metadata, id 8, is not).
  constexpr uint32_t kRequired = 0b1011111110;
  if ((seen & kRequired) != kRequired) return Missing("in ColumnMetaData");
  return Status::Ok();
}

Status ReadColumnChunk(CompactDecoder& dec, ColumnChunk* c) {
  return ReadStruct(dec, [&](const CompactFieldHeader& h) -> Status {
    switch (h.id) {
      case 1:
        return ReadOptional(&c->file_path, [&](std::string* v) { return dec.ReadBinary(h, v); });
      case 2:
        return dec.ReadI64(h, &c->file_offset);
      case 3:
        MR_RETURN_IF_ERROR(dec.ExpectStruct(h));
        c->meta_data.emplace();
        return ReadColumnMetaData(dec, &*c->meta_data);
      default:
        return dec.Skip(h.type);
    }
  });
}

Status ReadRowGroup(CompactDecoder& dec, RowGroup* rg) {
  bool has_columns = false, has_num_rows = false;
  MR_RETURN_IF_ERROR(ReadStruct(dec, [&](const CompactFieldHeader& h) -> Status {
    switch (h.id) {
      case 1:
        has_columns = true;
        return ReadList(dec, h, CompactType::kStruct, [&]() -> Status {
          rg->columns.emplace_back();
          return ReadColumnChunk(dec, &rg->columns.back());
        });
      case 2:
        return dec.ReadI64(h, &rg->total_byte_size);
      case 3:
        has_num_rows = true;
        return dec.ReadI64(h, &rg->num_rows);
      case 4:
        return ReadList(dec, h, CompactType::kStruct, [&]() -> Status {
          SortingColumn s;
          MR_RETURN_IF_ERROR(ReadStruct(dec, [&](const CompactFieldHeader& f) -> Status {
            if (f.id == 1) return dec.ReadI32(f, &s.column_idx);
            if (f.id == 2) return dec.ReadBool(f, &s.descending);
            if (f.id == 3) return dec.ReadBool(f, &s.nulls_first);
            return dec.Skip(f.type);
          }));
          rg->sorting_columns.push_back(s);
          return Status::Ok();
        });
      case 5:
        return ReadOptional(&rg->file_offset, [&](int64_t* v) { return dec.ReadI64(h, v); });
      case 6:
        return ReadOptional(&rg->total_compressed_size,
                            [&](int64_t* v) { return dec.ReadI64(h, v); });
      case 7:
        return ReadOptional(&rg->ordinal, [&](int16_t* v) { return dec.ReadI16(h, v); });
      default:
        return dec.Skip(h.type);
    }
  }));
  if (!has_columns || !has_num_rows) return Missing("in RowGroup");
  return Status::Ok();
}

}  // namespace

Result<FileMetaData> ParseFileMetaData(std::string_view bytes) {
  CompactDecoder dec(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  FileMetaData m;
  bool has_version = false, has_schema = false, has_rows = false, has_groups = false;
  MR_RETURN_IF_ERROR(ReadStruct(dec, [&](const CompactFieldHeader& h) -> Status {
    switch (h.id) {
      case 1:
        has_version = true;
        return dec.ReadI32(h, &m.version);
      case 2:
        has_schema = true;
        return ReadList(dec, h, CompactType::kStruct, [&]() -> Status {
          m.schema.emplace_back();
          return ReadSchemaElement(dec, &m.schema.back());
        });
      case 3:
        has_rows = true;
        return dec.ReadI64(h, &m.num_rows);
      case 4:
        has_groups = true;
        return ReadList(dec, h, CompactType::kStruct, [&]() -> Status {
          m.row_groups.emplace_back();
          return ReadRowGroup(dec, &m.row_groups.back());
        });
      case 5:
        return ReadKeyValues(dec, h, &m.key_value_metadata);
      case 6:
        return ReadOptional(&m.created_by, [&](std::string* v) { return dec.ReadBinary(h, v); });
      case 7:
        return ReadList(dec, h, CompactType::kStruct, [&]() -> Status {
          bool type_defined = false;
          MR_RETURN_IF_ERROR(ReadStruct(dec, [&](const CompactFieldHeader& f) -> Status {
            if (f.id == 1) type_defined = true;
            return dec.Skip(f.type);
          }));
          m.column_orders_type_defined.push_back(type_defined);
          return Status::Ok();
        });
      default:
        return dec.Skip(h.type);
    }
  }));
  if (!has_version || !has_schema || !has_rows || !has_groups) return Missing("in FileMetaData");
  return m;
}

}  // namespace millrace::parquet
