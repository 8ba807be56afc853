// Serialization of the metadata structs in the Thrift compact protocol (field ids per
// parquet.thrift).
#include "parquet/metadata.h"
#include "parquet/thrift_compact.h"

namespace millrace::parquet {

namespace {

void EmptyStructField(CompactEncoder& enc, int16_t id) {
  enc.FieldStructBegin(id);
  enc.EndStruct();
}

void WriteLogicalType(CompactEncoder& enc, const LogicalTypeInfo& lt) {
  using Kind = LogicalTypeInfo::Kind;
  auto write_unit = [&](TimeUnit unit) {
    enc.FieldStructBegin(2);
    EmptyStructField(enc, unit == TimeUnit::kMillis ? 1 : unit == TimeUnit::kMicros ? 2 : 3);
    enc.EndStruct();
  };
  switch (lt.kind) {
    case Kind::kString:
      EmptyStructField(enc, 1);
      break;
    case Kind::kMap:
      EmptyStructField(enc, 2);
      break;
    case Kind::kList:
      EmptyStructField(enc, 3);
      break;
    case Kind::kEnum:
      EmptyStructField(enc, 4);
      break;
    case Kind::kDecimal:
      enc.FieldStructBegin(5);
      enc.FieldI32(1, lt.scale);
      enc.FieldI32(2, lt.precision);
      enc.EndStruct();
      break;
    case Kind::kDate:
      EmptyStructField(enc, 6);
      break;
    case Kind::kTime:
    case Kind::kTimestamp:
      enc.FieldStructBegin(lt.kind == Kind::kTime ? 7 : 8);
      enc.FieldBool(1, lt.is_adjusted_to_utc);
      write_unit(lt.unit);
      enc.EndStruct();
      break;
    case Kind::kInteger:
      enc.FieldStructBegin(10);
      enc.FieldI8(1, lt.bit_width);
      enc.FieldBool(2, lt.is_signed);
      enc.EndStruct();
      break;
    case Kind::kNull:
      EmptyStructField(enc, 11);
      break;
    case Kind::kJson:
      EmptyStructField(enc, 12);
      break;
    case Kind::kBson:
      EmptyStructField(enc, 13);
      break;
    case Kind::kUuid:
      EmptyStructField(enc, 14);
      break;
    case Kind::kFloat16:
      EmptyStructField(enc, 15);
      break;
    case Kind::kNone:
    case Kind::kUnknownKind:
      break;  // callers do not write these
  }
}

void WriteSchemaElement(CompactEncoder& enc, const SchemaElement& e) {
  enc.ElementStructBegin();
  if (e.type) enc.FieldI32(1, static_cast<int32_t>(*e.type));
  if (e.type_length) enc.FieldI32(2, *e.type_length);
  if (e.repetition_type) enc.FieldI32(3, static_cast<int32_t>(*e.repetition_type));
  enc.FieldBinary(4, e.name);
  if (e.num_children) enc.FieldI32(5, *e.num_children);
  if (e.converted_type) enc.FieldI32(6, static_cast<int32_t>(*e.converted_type));
  if (e.scale) enc.FieldI32(7, *e.scale);
  if (e.precision) enc.FieldI32(8, *e.precision);
  if (e.field_id) enc.FieldI32(9, *e.field_id);
  if (e.logical_type && e.logical_type->kind != LogicalTypeInfo::Kind::kNone &&
      e.logical_type->kind != LogicalTypeInfo::Kind::kUnknownKind) {
    enc.FieldStructBegin(10);
    WriteLogicalType(enc, *e.logical_type);
    enc.EndStruct();
  }
  enc.EndStruct();
}

void WriteStatistics(CompactEncoder& enc, int16_t id, const Statistics& s) {
  enc.FieldStructBegin(id);
  if (s.max) enc.FieldBinary(1, *s.max);
  if (s.min) enc.FieldBinary(2, *s.min);
  if (s.null_count) enc.FieldI64(3, *s.null_count);
  if (s.distinct_count) enc.FieldI64(4, *s.distinct_count);
  if (s.max_value) enc.FieldBinary(5, *s.max_value);
  if (s.min_value) enc.FieldBinary(6, *s.min_value);
  if (s.is_max_value_exact) enc.FieldBool(7, *s.is_max_value_exact);
  if (s.is_min_value_exact) enc.FieldBool(8, *s.is_min_value_exact);
  enc.EndStruct();
}

void WriteKeyValues(CompactEncoder& enc, int16_t id, const std::vector<KeyValue>& kvs) {
  if (kvs.empty()) return;
  enc.FieldListBegin(id, CompactType::kStruct, static_cast<uint32_t>(kvs.size()));
  for (const KeyValue& kv : kvs) {
    enc.ElementStructBegin();
    enc.FieldBinary(1, kv.key);
    if (kv.value) enc.FieldBinary(2, *kv.value);
    enc.EndStruct();
  }
}

void WriteColumnMetaData(CompactEncoder& enc, const ColumnMetaData& m) {
  enc.FieldStructBegin(3);
  enc.FieldI32(1, static_cast<int32_t>(m.type));
  enc.FieldListBegin(2, CompactType::kI32, static_cast<uint32_t>(m.encodings.size()));
  for (Encoding e : m.encodings) enc.ElementI32(static_cast<int32_t>(e));
  enc.FieldListBegin(3, CompactType::kBinary, static_cast<uint32_t>(m.path_in_schema.size()));
  for (const std::string& p : m.path_in_schema) enc.ElementBinary(p);
  enc.FieldI32(4, static_cast<int32_t>(m.codec));
  enc.FieldI64(5, m.num_values);
  enc.FieldI64(6, m.total_uncompressed_size);
  enc.FieldI64(7, m.total_compressed_size);
  WriteKeyValues(enc, 8, m.key_value_metadata);
  enc.FieldI64(9, m.data_page_offset);
  if (m.index_page_offset) enc.FieldI64(10, *m.index_page_offset);
  if (m.dictionary_page_offset) enc.FieldI64(11, *m.dictionary_page_offset);
  if (m.statistics) WriteStatistics(enc, 12, *m.statistics);
  if (!m.encoding_stats.empty()) {
    enc.FieldListBegin(13, CompactType::kStruct, static_cast<uint32_t>(m.encoding_stats.size()));
    for (const PageEncodingStats& s : m.encoding_stats) {
      enc.ElementStructBegin();
      enc.FieldI32(1, static_cast<int32_t>(s.page_type));
      enc.FieldI32(2, static_cast<int32_t>(s.encoding));
      enc.FieldI32(3, s.count);
      enc.EndStruct();
    }
  }
  enc.EndStruct();
}

void WriteRowGroup(CompactEncoder& enc, const RowGroup& rg) {
  enc.ElementStructBegin();
  enc.FieldListBegin(1, CompactType::kStruct, static_cast<uint32_t>(rg.columns.size()));
  for (const ColumnChunk& c : rg.columns) {
    enc.ElementStructBegin();
    if (c.file_path) enc.FieldBinary(1, *c.file_path);
    enc.FieldI64(2, c.file_offset);
    if (c.meta_data) WriteColumnMetaData(enc, *c.meta_data);
    enc.EndStruct();
  }
  enc.FieldI64(2, rg.total_byte_size);
  enc.FieldI64(3, rg.num_rows);
  if (!rg.sorting_columns.empty()) {
    enc.FieldListBegin(4, CompactType::kStruct, static_cast<uint32_t>(rg.sorting_columns.size()));
    for (const SortingColumn& s : rg.sorting_columns) {
      enc.ElementStructBegin();
      enc.FieldI32(1, s.column_idx);
      enc.FieldBool(2, s.descending);
      enc.FieldBool(3, s.nulls_first);
      enc.EndStruct();
    }
  }
  if (rg.file_offset) enc.FieldI64(5, *rg.file_offset);
  if (rg.total_compressed_size) enc.FieldI64(6, *rg.total_compressed_size);
  if (rg.ordinal) enc.FieldI16(7, *rg.ordinal);
  enc.EndStruct();
}

}  // namespace

void SerializeFileMetaData(const FileMetaData& m, std::string* out) {
  CompactEncoder enc(out);
  enc.BeginStruct();
  enc.FieldI32(1, m.version);
  enc.FieldListBegin(2, CompactType::kStruct, static_cast<uint32_t>(m.schema.size()));
  for (const SchemaElement& e : m.schema) WriteSchemaElement(enc, e);
  enc.FieldI64(3, m.num_rows);
  enc.FieldListBegin(4, CompactType::kStruct, static_cast<uint32_t>(m.row_groups.size()));
  for (const RowGroup& rg : m.row_groups) WriteRowGroup(enc, rg);
  WriteKeyValues(enc, 5, m.key_value_metadata);
  if (m.created_by) enc.FieldBinary(6, *m.created_by);
  if (!m.column_orders_type_defined.empty()) {
    enc.FieldListBegin(7, CompactType::kStruct,
                       static_cast<uint32_t>(m.column_orders_type_defined.size()));
    for (bool type_defined : m.column_orders_type_defined) {
      enc.ElementStructBegin();
      EmptyStructField(enc, type_defined ? 1 : 2);  // TYPE_ORDER or IEEE_754_TOTAL_ORDER
      enc.EndStruct();
    }
  }
  enc.EndStruct();
}

void SerializePageHeader(const PageHeader& h, std::string* out) {
  CompactEncoder enc(out);
  enc.BeginStruct();
  enc.FieldI32(1, static_cast<int32_t>(h.type));
  enc.FieldI32(2, h.uncompressed_page_size);
  enc.FieldI32(3, h.compressed_page_size);
  if (h.crc) enc.FieldI32(4, *h.crc);
  if (h.data_page_header) {
    const DataPageHeader& d = *h.data_page_header;
    enc.FieldStructBegin(5);
    enc.FieldI32(1, d.num_values);
    enc.FieldI32(2, static_cast<int32_t>(d.encoding));
    enc.FieldI32(3, static_cast<int32_t>(d.definition_level_encoding));
    enc.FieldI32(4, static_cast<int32_t>(d.repetition_level_encoding));
    if (d.statistics) WriteStatistics(enc, 5, *d.statistics);
    enc.EndStruct();
  }
  if (h.dictionary_page_header) {
    const DictionaryPageHeader& d = *h.dictionary_page_header;
    enc.FieldStructBegin(7);
    enc.FieldI32(1, d.num_values);
    enc.FieldI32(2, static_cast<int32_t>(d.encoding));
    if (d.is_sorted) enc.FieldBool(3, *d.is_sorted);
    enc.EndStruct();
  }
  if (h.data_page_header_v2) {
    const DataPageHeaderV2& d = *h.data_page_header_v2;
    enc.FieldStructBegin(8);
    enc.FieldI32(1, d.num_values);
    enc.FieldI32(2, d.num_nulls);
    enc.FieldI32(3, d.num_rows);
    enc.FieldI32(4, static_cast<int32_t>(d.encoding));
    enc.FieldI32(5, d.definition_levels_byte_length);
    enc.FieldI32(6, d.repetition_levels_byte_length);
    enc.FieldBool(7, d.is_compressed);
    if (d.statistics) WriteStatistics(enc, 8, *d.statistics);
    enc.EndStruct();
  }
  enc.EndStruct();
}

}  // namespace millrace::parquet
