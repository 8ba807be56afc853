// Files laid out the way other writers lay them out (DuckDB, parquet-mr, arrow): pages are
// assembled by hand here, so the reader is tested on encodings and header forms that
// millrace's own writer never produces.
#include <gtest/gtest.h>

#include <cstring>

#include "base/endian.h"
#include "parquet/column_values.h"
#include "parquet/compression.h"
#include "parquet/file_reader.h"
#include "parquet/rle.h"
#include "parquet/test_util.h"

namespace millrace::parquet {
namespace {

struct RawColumn {
  std::string pages;  // header + body of each page, in order
  ColumnMetaData meta;
  bool has_dictionary = false;
  size_t dictionary_bytes = 0;  // bytes of the leading dictionary page
};

std::string Page(PageHeader header, std::string_view uncompressed, Codec codec) {
  std::string body;
  EXPECT_TRUE(Compress(codec, uncompressed, &body).ok());
  header.uncompressed_page_size = static_cast<int32_t>(uncompressed.size());
  header.compressed_page_size = static_cast<int32_t>(body.size());
  std::string out;
  SerializePageHeader(header, &out);
  return out + body;
}

void AddDictionaryPage(RawColumn& column, std::string_view plain, int32_t count, Codec codec) {
  PageHeader h;
  h.type = PageType::kDictionaryPage;
  h.dictionary_page_header =
      DictionaryPageHeader{.num_values = count, .encoding = Encoding::kPlainDictionary};
  std::string page = Page(h, plain, codec);
  column.pages += page;
  column.has_dictionary = true;
  column.dictionary_bytes = page.size();
}

void AddV1Page(RawColumn& column, const std::vector<int16_t>& def, int16_t max_def,
               Encoding encoding, std::string_view values, Codec codec) {
  std::string body;
  if (max_def > 0) EncodeLevels(def, max_def, true, &body);
  body += values;
  PageHeader h;
  h.type = PageType::kDataPage;
  h.data_page_header =
      DataPageHeader{.num_values = static_cast<int32_t>(def.size()), .encoding = encoding};
  // Other writers often put statistics in page headers; the reader must skip over them.
  h.data_page_header->statistics = Statistics{.null_count = 0, .max_value = "zz"};
  column.pages += Page(h, body, codec);
}

void AddV2Page(RawColumn& column, const std::vector<int16_t>& def, int16_t max_def,
               Encoding encoding, std::string_view values, Codec codec, bool compress_values) {
  std::string levels;
  if (max_def > 0) EncodeLevels(def, max_def, false, &levels);
  std::string stored_values;
  if (compress_values) {
    EXPECT_TRUE(Compress(codec, values, &stored_values).ok());
  } else {
    stored_values = values;
  }
  int32_t nulls = 0;
  for (int16_t d : def) nulls += d < max_def;
  PageHeader h;
  h.type = PageType::kDataPageV2;
  h.uncompressed_page_size = static_cast<int32_t>(levels.size() + values.size());
  h.compressed_page_size = static_cast<int32_t>(levels.size() + stored_values.size());
  h.data_page_header_v2 = DataPageHeaderV2{
      .num_values = static_cast<int32_t>(def.size()),
      .num_nulls = nulls,
      .num_rows = static_cast<int32_t>(def.size()),
      .encoding = encoding,
      .definition_levels_byte_length = static_cast<int32_t>(levels.size()),
      .repetition_levels_byte_length = 0,
      .is_compressed = compress_values,
  };
  std::string out;
  SerializePageHeader(h, &out);
  column.pages += out + levels + stored_values;
}

SchemaElement Leaf(std::string name, PhysicalType type, Repetition repetition) {
  SchemaElement e;
  e.name = std::move(name);
  e.type = type;
  e.repetition_type = repetition;
  return e;
}

std::string Assemble(std::vector<SchemaElement> schema, int64_t num_rows,
                     std::vector<RawColumn> columns) {
  std::string file = "PAR1";
  RowGroup rg;
  rg.num_rows = num_rows;
  for (RawColumn& c : columns) {
    int64_t start = static_cast<int64_t>(file.size());
    ColumnChunk chunk;
    chunk.file_offset = start;
    ColumnMetaData m = c.meta;
    m.total_compressed_size = static_cast<int64_t>(c.pages.size());
    m.total_uncompressed_size = m.total_compressed_size;
    m.data_page_offset = start + static_cast<int64_t>(c.dictionary_bytes);
    if (c.has_dictionary) m.dictionary_page_offset = start;
    chunk.meta_data = m;
    rg.columns.push_back(chunk);
    file += c.pages;
  }
  FileMetaData fm;
  fm.schema = std::move(schema);
  fm.num_rows = num_rows;
  fm.row_groups = {rg};
  fm.created_by = "duckdb version v1.5.6 (build 0000000)";
  std::string footer;
  SerializeFileMetaData(fm, &footer);
  char length[4];
  StoreLE(reinterpret_cast<uint8_t*>(length), static_cast<uint32_t>(footer.size()));
  return file + footer + std::string(length, 4) + "PAR1";
}

template <typename T>
std::string PlainOf(const std::vector<T>& values) {
  std::string out(values.size() * sizeof(T), '\0');
  std::memcpy(out.data(), values.data(), out.size());
  return out;
}

ColumnMetaData Meta(PhysicalType type, std::string name, Codec codec, int64_t num_values) {
  ColumnMetaData m;
  m.type = type;
  m.path_in_schema = {std::move(name)};
  m.codec = codec;
  m.num_values = num_values;
  m.encodings = {Encoding::kPlain, Encoding::kRle};
  return m;
}

TEST(ForeignLayouts, EncodingsOtherWritersUse) {
  std::vector<SchemaElement> schema;
  SchemaElement root;
  root.name = "duckdb_schema";
  root.repetition_type = Repetition::kRequired;  // DuckDB sets it on the root
  root.num_children = 8;
  schema.push_back(root);
  SchemaElement day = Leaf("day", PhysicalType::kInt32, Repetition::kOptional);
  day.converted_type = ConvertedType::kDate;  // legacy annotation only
  schema.push_back(day);
  schema.push_back(Leaf("n", PhysicalType::kInt64, Repetition::kRequired));
  schema.push_back(Leaf("flag", PhysicalType::kBoolean, Repetition::kOptional));
  SchemaElement word = Leaf("word", PhysicalType::kByteArray, Repetition::kRequired);
  word.converted_type = ConvertedType::kUtf8;
  schema.push_back(word);
  schema.push_back(Leaf("blob", PhysicalType::kByteArray, Repetition::kRequired));
  schema.push_back(Leaf("f", PhysicalType::kFloat, Repetition::kRequired));
  schema.push_back(Leaf("legacy_ts", PhysicalType::kInt96, Repetition::kRequired));
  schema.push_back(Leaf("raw", PhysicalType::kInt32, Repetition::kRequired));

  std::vector<RawColumn> columns(8);
  // day: V1, PLAIN_DICTIONARY dictionary page and data pages, snappy, one null.
  {
    RawColumn& c = columns[0];
    c.meta = Meta(PhysicalType::kInt32, "day", Codec::kSnappy, 5);
    AddDictionaryPage(c, PlainOf<int32_t>({19000, 19001}), 2, Codec::kSnappy);
    std::vector<uint32_t> idx = {1, 0, 1};
    std::string values(1, '\x01');
    RleEncode(idx.data(), idx.size(), 1, &values);
    AddV1Page(c, {1, 1, 0}, 1, Encoding::kPlainDictionary, values, Codec::kSnappy);
    std::vector<uint32_t> idx2 = {0};
    std::string values2(1, '\x01');
    RleEncode(idx2.data(), idx2.size(), 1, &values2);
    AddV1Page(c, {0, 1}, 1, Encoding::kPlainDictionary, values2, Codec::kSnappy);
  }
  // n: V2 DELTA_BINARY_PACKED, zstd, two pages.
  {
    RawColumn& c = columns[1];
    c.meta = Meta(PhysicalType::kInt64, "n", Codec::kZstd, 5);
    std::vector<int64_t> a = {100, 90, 1LL << 40}, b = {-7, -7};
    std::string ea, eb;
    EncodeDeltaBinaryPacked(a.data(), a.size(), &ea);
    EncodeDeltaBinaryPacked(b.data(), b.size(), &eb);
    AddV2Page(c, {0, 0, 0}, 0, Encoding::kDeltaBinaryPacked, ea, Codec::kZstd, true);
    AddV2Page(c, {0, 0}, 0, Encoding::kDeltaBinaryPacked, eb, Codec::kZstd, true);
  }
  // flag: V2 RLE booleans, values stored uncompressed although the codec is snappy.
  {
    RawColumn& c = columns[2];
    c.meta = Meta(PhysicalType::kBoolean, "flag", Codec::kSnappy, 5);
    std::vector<uint32_t> bits = {1, 0, 1, 1};
    std::string hybrid;
    RleEncode(bits.data(), bits.size(), 1, &hybrid);
    std::string values(4, '\0');
    values[0] = static_cast<char>(hybrid.size());
    values += hybrid;
    AddV2Page(c, {1, 1, 0, 1, 1}, 1, Encoding::kRle, values, Codec::kSnappy, false);
  }
  // word: V2 DELTA_BYTE_ARRAY, gzip.
  {
    RawColumn& c = columns[3];
    c.meta = Meta(PhysicalType::kByteArray, "word", Codec::kGzip, 5);
    std::vector<int64_t> prefixes = {0, 4, 4, 0, 1}, suffix_lengths = {4, 3, 0, 1, 2};
    // "duck", "duck"+"ing", "duck"+"", ""+"x", "x"+"yz"
    std::string values;
    EncodeDeltaBinaryPacked(prefixes.data(), prefixes.size(), &values);
    EncodeDeltaBinaryPacked(suffix_lengths.data(), suffix_lengths.size(), &values);
    values +=
        "duck"
        "ing"
        ""
        "x"
        "yz";
    AddV2Page(c, {0, 0, 0, 0, 0}, 0, Encoding::kDeltaByteArray, values, Codec::kGzip, true);
  }
  // blob: V1 DELTA_LENGTH_BYTE_ARRAY, uncompressed.
  {
    RawColumn& c = columns[4];
    c.meta = Meta(PhysicalType::kByteArray, "blob", Codec::kUncompressed, 5);
    std::vector<int64_t> lengths = {1, 0, 2, 3, 1};
    std::string values;
    EncodeDeltaBinaryPacked(lengths.data(), lengths.size(), &values);
    values += std::string(
        "a"
        ""
        "bc"
        "d\0f"
        "g",
        7);
    AddV1Page(c, {0, 0, 0, 0, 0}, 0, Encoding::kDeltaLengthByteArray, values, Codec::kUncompressed);
  }
  // f: BYTE_STREAM_SPLIT floats.
  {
    RawColumn& c = columns[5];
    c.meta = Meta(PhysicalType::kFloat, "f", Codec::kSnappy, 5);
    std::vector<float> fs = {1.5f, -2.0f, 0.25f, 1e30f, -0.0f};
    std::string plain = PlainOf(fs), split(plain.size(), '\0');
    for (size_t i = 0; i < fs.size(); ++i) {
      for (size_t b = 0; b < 4; ++b) split[b * fs.size() + i] = plain[i * 4 + b];
    }
    AddV1Page(c, {0, 0, 0, 0, 0}, 0, Encoding::kByteStreamSplit, split, Codec::kSnappy);
  }
  // legacy_ts: INT96 PLAIN.
  {
    RawColumn& c = columns[6];
    c.meta = Meta(PhysicalType::kInt96, "legacy_ts", Codec::kUncompressed, 5);
    std::string values;
    for (int i = 0; i < 5; ++i) values += std::string(12, static_cast<char>('A' + i));
    AddV1Page(c, {0, 0, 0, 0, 0}, 0, Encoding::kPlain, values, Codec::kUncompressed);
  }
  // raw: V1 PLAIN under gzip.
  {
    RawColumn& c = columns[7];
    c.meta = Meta(PhysicalType::kInt32, "raw", Codec::kGzip, 5);
    AddV1Page(c, {0, 0, 0, 0, 0}, 0, Encoding::kPlain, PlainOf<int32_t>({5, 4, 3, 2, 1}),
              Codec::kGzip);
  }

  std::string file = Assemble(schema, 5, std::move(columns));
  StringSource source(file);
  auto reader = FileReader::Open(&source);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ((*reader)->schema().columns()[0].logical_type.kind, LogicalTypeInfo::Kind::kDate);
  EXPECT_EQ((*reader)->schema().columns()[3].logical_type.kind, LogicalTypeInfo::Kind::kString);
  auto rows = (*reader)->ReadAll();
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  auto I = [](int32_t v) { return Value::Int32(v); };
  auto L = [](int64_t v) { return Value::Int64(v); };
  auto B = [](std::string v) { return Value::Bytes(std::move(v)); };
  std::vector<Value> expected = {
      Value::Struct({I(19001), L(100), Value::Bool(true), B("duck"), B("a"), Value::Float(1.5f),
                     B(std::string(12, 'A')), I(5)}),
      Value::Struct({I(19000), L(90), Value::Bool(false), B("ducking"), B(""), Value::Float(-2.0f),
                     B(std::string(12, 'B')), I(4)}),
      Value::Struct({Value::Null(), L(1LL << 40), Value::Null(), B("duck"), B("bc"),
                     Value::Float(0.25f), B(std::string(12, 'C')), I(3)}),
      Value::Struct({Value::Null(), L(-7), Value::Bool(true), B("x"), B(std::string("d\0f", 3)),
                     Value::Float(1e30f), B(std::string(12, 'D')), I(2)}),
      Value::Struct({I(19000), L(-7), Value::Bool(true), B("xyz"), B("g"), Value::Float(-0.0f),
                     B(std::string(12, 'E')), I(1)}),
  };
  ASSERT_EQ(rows->size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ((*rows)[i], expected[i]) << i << ": " << (*rows)[i].ToString();
  }
}

TEST(ForeignLayouts, UnsupportedCodecFailsOnlyWhenRead) {
  std::vector<SchemaElement> schema;
  SchemaElement root;
  root.name = "schema";
  root.num_children = 1;
  schema.push_back(root);
  schema.push_back(Leaf("x", PhysicalType::kInt32, Repetition::kRequired));
  RawColumn c;
  c.meta = Meta(PhysicalType::kInt32, "x", Codec::kLz4Raw, 1);
  AddV1Page(c, {0}, 0, Encoding::kPlain, PlainOf<int32_t>({1}), Codec::kUncompressed);
  std::string file = Assemble(schema, 1, {c});
  StringSource source(file);
  auto reader = FileReader::Open(&source);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();  // the footer is fine
  auto rows = (*reader)->ReadAll();
  ASSERT_FALSE(rows.ok());
  EXPECT_NE(rows.status().message().find("LZ4_RAW"), std::string::npos);
}

}  // namespace
}  // namespace millrace::parquet
