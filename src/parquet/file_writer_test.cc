#include "parquet/file_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <set>

#include "base/endian.h"
#include "parquet/file_reader.h"
#include "parquet/test_util.h"

namespace millrace::parquet {
namespace {

using testing::ExpectSameRows;
using testing::ReadFromString;
using testing::WriteToString;

Schema MustMake(std::vector<SchemaNode> columns) {
  auto s = Schema::Make(std::move(columns));
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return std::move(s).value();
}

Value Strings(std::vector<std::optional<std::string>> items) {
  std::vector<Value> out;
  for (auto& item : items) out.push_back(item ? Value::Bytes(*item) : Value::Null());
  return Value::List(std::move(out));
}

TEST(FileWriter, ListLevelsMatchTheSpecExample) {
  Schema schema = MustMake({schema::List("tags", schema::String("element"))});
  std::vector<Value> rows = {
      Value::Struct({Strings({"a", "b"})}),
      Value::Struct({Value::Null()}),
      Value::Struct({Strings({})}),
      Value::Struct({Strings({"c", std::nullopt})}),
  };
  auto bytes = WriteToString(schema, rows, WriterOptions{});
  ASSERT_TRUE(bytes.ok());
  StringSource source(*bytes);
  auto reader = FileReader::Open(&source);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  auto chunk = (*reader)->ReadColumnChunk(0, 0);
  ASSERT_TRUE(chunk.ok()) << chunk.status().ToString();
  EXPECT_EQ(chunk->rep_levels, std::vector<int16_t>({0, 1, 0, 0, 0, 1}));
  EXPECT_EQ(chunk->def_levels, std::vector<int16_t>({3, 3, 0, 1, 3, 2}));
  EXPECT_EQ(chunk->values.bytes, std::vector<std::string>({"a", "b", "c"}));
  EXPECT_EQ((*reader)->metadata().row_groups[0].columns[0].meta_data->num_values, 6);
  auto back = (*reader)->ReadAll();
  ASSERT_TRUE(back.ok());
  ExpectSameRows(rows, *back);
}

TEST(FileWriter, FooterLayoutAndLegacyAnnotations) {
  Schema schema = MustMake({schema::Int64("id", Repetition::kRequired),
                            schema::TimestampMillis("ts"), schema::Decimal("price", 10, 2)});
  WriterOptions options;
  options.key_value_metadata = {{"origin", "test"}};
  auto bytes = WriteToString(
      schema, {Value::Struct({Value::Int64(1), Value::Int64(5), Value::Int64(12345)})}, options);
  ASSERT_TRUE(bytes.ok());
  const std::string& b = *bytes;
  EXPECT_EQ(b.substr(0, 4), "PAR1");
  EXPECT_EQ(b.substr(b.size() - 4), "PAR1");
  uint32_t footer_length =
      LoadLE<uint32_t>(reinterpret_cast<const uint8_t*>(b.data() + b.size() - 8));
  auto metadata =
      ParseFileMetaData(std::string_view(b).substr(b.size() - 8 - footer_length, footer_length));
  ASSERT_TRUE(metadata.ok()) << metadata.status().ToString();
  EXPECT_EQ(metadata->version, 1);
  EXPECT_EQ(metadata->created_by, "millrace version 0.1");
  EXPECT_EQ(metadata->column_orders_type_defined, std::vector<bool>({true, true, true}));
  EXPECT_EQ(metadata->key_value_metadata.size(), 1u);
  EXPECT_FALSE(metadata->schema[0].repetition_type.has_value());
  EXPECT_EQ(metadata->schema[2].converted_type, ConvertedType::kTimestampMillis);
  EXPECT_TRUE(metadata->schema[2].logical_type->is_adjusted_to_utc);
  EXPECT_EQ(metadata->schema[3].converted_type, ConvertedType::kDecimal);
  EXPECT_EQ(metadata->schema[3].precision, 10);
  EXPECT_EQ(metadata->schema[3].scale, 2);
  EXPECT_EQ(metadata->schema[3].type, PhysicalType::kInt64);
  // The first chunk starts right after the leading magic.
  const ColumnMetaData& first = *metadata->row_groups[0].columns[0].meta_data;
  EXPECT_EQ(first.dictionary_page_offset.value_or(first.data_page_offset), 4);
}

TEST(FileWriter, StatisticsSupportPruning) {
  Schema schema = MustMake({schema::Int64("n"), schema::String("s"), schema::Double("d"),
                            schema::Decimal("big", 20, 0)});
  auto be16 = [](int64_t v) {  // 9-byte big-endian two's complement, the FLBA length for p=20
    std::string out(9, v < 0 ? '\xff' : '\0');
    for (int i = 0; i < 8; ++i) out[8 - i] = static_cast<char>((v >> (8 * i)) & 0xFF);
    return Value::Bytes(out);
  };
  std::vector<Value> rows = {
      Value::Struct({Value::Int64(-5), Value::Bytes("pear"), Value::Double(0.0), be16(-300)}),
      Value::Struct({Value::Null(), Value::Bytes("apple"), Value::Double(NAN), be16(7)}),
      Value::Struct({Value::Int64(42), Value::Bytes("\xc3\xa9t\xc3\xa9"), Value::Double(-2.5),
                     Value::Null()}),
  };
  auto bytes = WriteToString(schema, rows, WriterOptions{});
  ASSERT_TRUE(bytes.ok());
  StringSource source(*bytes);
  ASSERT_TRUE(VerifyFile(source).ok()) << VerifyFile(source).ToString();
  auto reader = FileReader::Open(&source);
  ASSERT_TRUE(reader.ok());
  const auto& cols = (*reader)->metadata().row_groups[0].columns;
  const Statistics& n = *cols[0].meta_data->statistics;
  EXPECT_EQ(n.null_count, 1);
  int64_t lo, hi;
  std::memcpy(&lo, n.min_value->data(), 8);
  std::memcpy(&hi, n.max_value->data(), 8);
  EXPECT_EQ(lo, -5);
  EXPECT_EQ(hi, 42);
  const Statistics& s = *cols[1].meta_data->statistics;
  EXPECT_EQ(s.min_value, "apple");
  EXPECT_EQ(s.max_value, "\xc3\xa9t\xc3\xa9");  // unsigned bytes: 0xc3 sorts after ASCII
  EXPECT_EQ(s.null_count, 0);
  const Statistics& d = *cols[2].meta_data->statistics;
  double dlo, dhi;
  std::memcpy(&dlo, d.min_value->data(), 8);
  std::memcpy(&dhi, d.max_value->data(), 8);
  EXPECT_EQ(dlo, -2.5);
  EXPECT_EQ(dhi, 0.0);
  EXPECT_FALSE(std::signbit(dhi));
  const Statistics& big = *cols[3].meta_data->statistics;
  EXPECT_EQ(big.min_value, be16(-300).bytes());
  EXPECT_EQ(big.max_value, be16(7).bytes());
}

TEST(FileWriter, DictionaryFallsBackToPlainWhenFull) {
  Schema schema = MustMake({schema::String("s")});
  std::vector<Value> rows;
  for (int i = 0; i < 3000; ++i) {
    rows.push_back(Value::Struct({Value::Bytes("distinct-value-" + std::to_string(i))}));
  }
  WriterOptions options;
  options.dictionary_page_size_limit = 4096;
  options.page_size = 2048;
  auto bytes = WriteToString(schema, rows, options);
  ASSERT_TRUE(bytes.ok());
  StringSource source(*bytes);
  ASSERT_TRUE(VerifyFile(source).ok()) << VerifyFile(source).ToString();
  auto reader = FileReader::Open(&source);
  ASSERT_TRUE(reader.ok());
  const ColumnMetaData& m = *(*reader)->metadata().row_groups[0].columns[0].meta_data;
  std::set<Encoding> data_encodings;
  for (const auto& s : m.encoding_stats) {
    if (s.page_type == PageType::kDataPage) data_encodings.insert(s.encoding);
  }
  EXPECT_EQ(data_encodings, std::set<Encoding>({Encoding::kPlain, Encoding::kRleDictionary}));
  EXPECT_TRUE(m.dictionary_page_offset.has_value());
  auto back = (*reader)->ReadAll();
  ASSERT_TRUE(back.ok());
  ExpectSameRows(rows, *back);
}

// A chunk whose first kDictionaryProbeValues values are mostly distinct drops its dictionary
// early (well before the size limit); a repetitive column keeps it.
TEST(FileWriter, MostlyDistinctColumnsDropTheDictionaryEarly) {
  Schema schema = MustMake({schema::Int64("id", Repetition::kRequired), schema::String("name"),
                            schema::Int32("few", Repetition::kRequired)});
  std::vector<Value> rows;
  for (int i = 0; i < 3 * kDictionaryProbeValues; ++i) {
    rows.push_back(Value::Struct({Value::Int64(i), Value::Bytes("n" + std::to_string(i)),
                                  Value::Int32(i % 10)}));
  }
  WriterOptions options;
  options.page_size = 4096;
  auto bytes = WriteToString(schema, rows, options);
  ASSERT_TRUE(bytes.ok());
  StringSource source(*bytes);
  ASSERT_TRUE(VerifyFile(source).ok()) << VerifyFile(source).ToString();
  auto reader = FileReader::Open(&source);
  ASSERT_TRUE(reader.ok());
  for (int leaf = 0; leaf < 3; ++leaf) {
    const ColumnMetaData& m = *(*reader)->metadata().row_groups[0].columns[leaf].meta_data;
    int64_t plain_pages = 0, dictionary_pages = 0;
    for (const auto& s : m.encoding_stats) {
      if (s.page_type != PageType::kDataPage) continue;
      (s.encoding == Encoding::kPlain ? plain_pages : dictionary_pages) += s.count;
    }
    if (leaf < 2) {
      EXPECT_GT(plain_pages, dictionary_pages) << "leaf " << leaf;
      EXPECT_GT(dictionary_pages, 0) << "leaf " << leaf;  // the probe itself was encoded
    } else {
      EXPECT_EQ(plain_pages, 0);
    }
  }
  auto back = (*reader)->ReadAll();
  ASSERT_TRUE(back.ok());
  ExpectSameRows(rows, *back);
}

TEST(FileWriter, PagesAndRowGroupsAreSizedByBytes) {
  Schema schema = MustMake({schema::Int64("n", Repetition::kRequired)});
  std::vector<Value> rows;
  for (int i = 0; i < 100000; ++i) rows.push_back(Value::Struct({Value::Int64(i * 7919LL)}));
  WriterOptions options;
  options.dictionary = false;
  options.codec = Codec::kUncompressed;  // sizes are then exact: 8 bytes per value
  options.page_size = 64 << 10;          // 8192 values per page
  options.row_group_size = 256 << 10;    // about 4 pages per row group
  auto bytes = WriteToString(schema, rows, options);
  ASSERT_TRUE(bytes.ok());
  StringSource source(*bytes);
  auto reader = FileReader::Open(&source);
  ASSERT_TRUE(reader.ok());
  int groups = (*reader)->num_row_groups();
  EXPECT_EQ(groups, 4);  // about 32768 rows each, the last one partial
  auto chunk = (*reader)->ReadColumnChunk(0, 0);
  ASSERT_TRUE(chunk.ok());
  EXPECT_EQ(chunk->data_pages, 4);
  // The group closes once its bytes (page headers included) reach the target.
  EXPECT_GT((*reader)->metadata().row_groups[0].num_rows, 32700);
  EXPECT_LE((*reader)->metadata().row_groups[0].num_rows, 32768);
  auto back = (*reader)->ReadAll();
  ASSERT_TRUE(back.ok());
  ExpectSameRows(rows, *back);
}

TEST(FileWriter, InvalidRowsAreRejectedAndLeaveTheFileValid) {
  Schema schema = MustMake({schema::Int32("a", Repetition::kRequired),
                            schema::List("l", schema::Int32("e", Repetition::kRequired)),
                            schema::Decimal("d", 30, 2)});
  StringSink sink;
  auto writer = FileWriter::Open(schema, WriterOptions{}, &sink);
  ASSERT_TRUE(writer.ok());
  Value good = Value::Struct({Value::Int32(1), Value::List({Value::Int32(2)}), Value::Null()});
  ASSERT_TRUE((*writer)->WriteRow(good).ok());
  std::vector<Value> bad_rows = {
      Value::Int32(1),                                                         // not a struct
      Value::Struct({Value::Null()}),                                          // required null
      Value::Struct({Value::Int64(1)}),                                        // wrong kind
      Value::Struct({Value::Int32(1), Value::List({Value::Null()})}),          // required element
      Value::Struct({Value::Int32(1), Value::Int32(2)}),                       // list expected
      Value::Struct({Value::Int32(1), Value::Null(), Value::Bytes("short")}),  // FLBA length
      Value::Struct({Value::Int32(1), Value::Null(), Value::Null(), Value::Null()}),  // too many
  };
  for (const Value& bad : bad_rows) {
    Status s = (*writer)->WriteRow(bad);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << bad.ToString();
  }
  ASSERT_TRUE((*writer)->WriteRow(good).ok());
  ASSERT_TRUE((*writer)->Close().ok());
  EXPECT_FALSE((*writer)->WriteRow(good).ok());
  auto back = ReadFromString(sink.data());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ExpectSameRows({good, good}, *back);
}

TEST(FileWriter, MissingTrailingFieldsAreNull) {
  Schema schema = MustMake({schema::Int32("a"), schema::String("b")});
  auto bytes = WriteToString(schema, {Value::Struct({Value::Int32(3)})}, WriterOptions{});
  ASSERT_TRUE(bytes.ok());
  auto back = ReadFromString(*bytes);
  ASSERT_TRUE(back.ok());
  ExpectSameRows({Value::Struct({Value::Int32(3), Value::Null()})}, *back);
}

TEST(FileWriter, EmptyFileIsValid) {
  Schema schema = MustMake({schema::Int32("a")});
  auto bytes = WriteToString(schema, {}, WriterOptions{});
  ASSERT_TRUE(bytes.ok());
  StringSource source(*bytes);
  EXPECT_TRUE(VerifyFile(source).ok());
  auto reader = FileReader::Open(&source);
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ((*reader)->num_rows(), 0);
  EXPECT_EQ((*reader)->num_row_groups(), 0);
}

TEST(FileWriter, RejectsBadOptions) {
  Schema schema = MustMake({schema::Int32("a")});
  StringSink sink;
  WriterOptions options;
  options.codec = Codec::kLzo;
  EXPECT_EQ(FileWriter::Open(schema, options, &sink).status().code(), StatusCode::kInvalidArgument);
  options = WriterOptions{};
  options.page_size = 0;
  EXPECT_FALSE(FileWriter::Open(schema, options, &sink).ok());
}

TEST(FileWriter, LegacyListAndBareRepeatedFieldsRoundTrip) {
  // optional group l (LIST) { repeated int32 array; }  and  repeated binary r (UTF8);
  std::vector<SchemaElement> elements(4);
  elements[0].name = "schema";
  elements[0].num_children = 2;
  elements[1].name = "l";
  elements[1].repetition_type = Repetition::kOptional;
  elements[1].num_children = 1;
  elements[1].converted_type = ConvertedType::kList;
  elements[2].name = "array";
  elements[2].repetition_type = Repetition::kRepeated;
  elements[2].type = PhysicalType::kInt32;
  elements[3].name = "r";
  elements[3].repetition_type = Repetition::kRepeated;
  elements[3].type = PhysicalType::kByteArray;
  elements[3].converted_type = ConvertedType::kUtf8;
  auto schema = Schema::FromElements(elements);
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  std::vector<Value> rows = {
      Value::Struct({Value::List({Value::Int32(1), Value::Int32(2)}), Strings({"x", "y", "z"})}),
      Value::Struct({Value::Null(), Strings({})}),
      Value::Struct({Value::List({}), Strings({"w"})}),
  };
  auto bytes = WriteToString(*schema, rows, WriterOptions{});
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  auto back = ReadFromString(*bytes);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  // A bare repeated field reads as a list; an absent one as an empty list.
  ExpectSameRows(rows, *back);
}

TEST(FileWriter, FileSinkAndFileSource) {
  std::string path = (std::filesystem::temp_directory_path() /
                      ("millrace-parquet-" + std::to_string(::getpid()) + ".parquet"))
                         .string();
  Schema schema = MustMake({schema::String("s"), schema::Int64("n")});
  std::vector<Value> rows;
  for (int i = 0; i < 1000; ++i) {
    rows.push_back(Value::Struct({Value::Bytes("v" + std::to_string(i % 13)), Value::Int64(i)}));
  }
  {
    auto sink = FileSink::Create(path);
    ASSERT_TRUE(sink.ok()) << sink.status().ToString();
    auto writer = FileWriter::Open(schema, WriterOptions{}, sink->get());
    ASSERT_TRUE(writer.ok());
    for (const Value& row : rows) ASSERT_TRUE((*writer)->WriteRow(row).ok());
    ASSERT_TRUE((*writer)->Close().ok());
    ASSERT_TRUE((*sink)->Sync().ok());
    ASSERT_TRUE((*sink)->Close().ok());
  }
  auto source = FileSource::Open(path);
  ASSERT_TRUE(source.ok());
  ASSERT_TRUE(VerifyFile(**source).ok());
  auto reader = FileReader::Open(source->get());
  ASSERT_TRUE(reader.ok());
  auto back = (*reader)->ReadAll();
  ASSERT_TRUE(back.ok());
  ExpectSameRows(rows, *back);
  auto projected = (*reader)->ReadRowGroup(0, {1});
  ASSERT_TRUE(projected.ok());
  ASSERT_EQ(projected->size(), rows.size());
  EXPECT_EQ((*projected)[999], Value::Struct({Value::Int64(999)}));
  std::remove(path.c_str());
  EXPECT_FALSE(FileSource::Open(path).ok());
}

}  // namespace
}  // namespace millrace::parquet

namespace millrace::parquet {
namespace {

TEST(FileWriter, ColumnBatchesMatchRowByRowOutput) {
  auto schema = Schema::Make({schema::Int64("id", Repetition::kRequired), schema::String("s"),
                              schema::List("l", schema::Int32("e")),
                              schema::Struct("p", {schema::Double("x"), schema::Boolean("b")})});
  ASSERT_TRUE(schema.ok());
  std::vector<Value> rows;
  std::vector<std::vector<Value>> columns(4);
  for (int i = 0; i < 5000; ++i) {
    Value row = Value::Struct(
        {Value::Int64(i), i % 3 ? Value::Bytes("s" + std::to_string(i % 11)) : Value::Null(),
         i % 5 ? Value::List({Value::Int32(i), Value::Null()}) : Value::Null(),
         Value::Struct({Value::Double(i / 3.0), Value::Bool(i % 2)})});
    for (size_t c = 0; c < 4; ++c) columns[c].push_back(row.children()[c]);
    rows.push_back(std::move(row));
  }
  WriterOptions options;
  options.page_size = 4096;
  auto by_rows = testing::WriteToString(*schema, rows, options);
  ASSERT_TRUE(by_rows.ok());
  StringSink sink;
  auto writer = FileWriter::Open(*schema, options, &sink);
  ASSERT_TRUE(writer.ok());
  // Split into uneven batches.
  for (size_t begin = 0; begin < rows.size(); begin += 1700) {
    std::vector<std::vector<Value>> batch(4);
    for (size_t c = 0; c < 4; ++c) {
      size_t end = std::min(rows.size(), begin + 1700);
      batch[c].assign(columns[c].begin() + static_cast<ptrdiff_t>(begin),
                      columns[c].begin() + static_cast<ptrdiff_t>(end));
    }
    ASSERT_TRUE((*writer)->WriteColumns(batch).ok());
  }
  ASSERT_TRUE((*writer)->Close().ok());
  EXPECT_EQ(sink.data(), *by_rows);  // same pages, same footer

  // A bad value anywhere rejects the whole batch before anything is written.
  StringSink sink2;
  auto writer2 = FileWriter::Open(*schema, options, &sink2);
  ASSERT_TRUE(writer2.ok());
  std::vector<std::vector<Value>> bad = {{Value::Int64(1), Value::Null()},
                                         {Value::Null(), Value::Null()},
                                         {Value::Null(), Value::Null()},
                                         {Value::Null(), Value::Null()}};
  EXPECT_EQ((*writer2)->WriteColumns(bad).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ((*writer2)->rows_written(), 0);
  EXPECT_FALSE((*writer2)->WriteColumns({{Value::Int64(1)}}).ok());  // wrong column count
  ASSERT_TRUE((*writer2)->Close().ok());
  auto back = testing::ReadFromString(sink2.data());
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(back->empty());
}

}  // namespace
}  // namespace millrace::parquet

namespace millrace::parquet {
namespace {

TEST(FileWriter, LongByteArrayStatisticsAreLeftOut) {
  auto schema = Schema::Make({schema::String("short"), schema::String("long")});
  ASSERT_TRUE(schema.ok());
  std::vector<Value> rows = {
      Value::Struct({Value::Bytes("a"), Value::Bytes(std::string(5000, 'x'))}),
      Value::Struct({Value::Bytes("b"), Value::Bytes("y")}),
  };
  auto bytes = testing::WriteToString(*schema, rows, WriterOptions{});
  ASSERT_TRUE(bytes.ok());
  StringSource source(*bytes);
  ASSERT_TRUE(VerifyFile(source).ok()) << VerifyFile(source).ToString();
  auto reader = FileReader::Open(&source);
  ASSERT_TRUE(reader.ok());
  const auto& cols = (*reader)->metadata().row_groups[0].columns;
  EXPECT_EQ(cols[0].meta_data->statistics->max_value, "b");
  EXPECT_FALSE(cols[1].meta_data->statistics->max_value.has_value());
  EXPECT_EQ(cols[1].meta_data->statistics->null_count, 0);
}

}  // namespace
}  // namespace millrace::parquet
