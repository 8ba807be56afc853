#include "parquet/metadata.h"

#include <gtest/gtest.h>

#include <random>

namespace millrace::parquet {
namespace {

FileMetaData SampleMetadata() {
  FileMetaData m;
  m.version = 1;
  SchemaElement root;
  root.name = "schema";
  root.num_children = 2;
  SchemaElement id;
  id.name = "id";
  id.type = PhysicalType::kInt64;
  id.repetition_type = Repetition::kRequired;
  SchemaElement ts;
  ts.name = "ts";
  ts.type = PhysicalType::kInt64;
  ts.repetition_type = Repetition::kOptional;
  ts.converted_type = ConvertedType::kTimestampMicros;
  ts.logical_type = LogicalTypeInfo{.kind = LogicalTypeInfo::Kind::kTimestamp,
                                    .is_adjusted_to_utc = true,
                                    .unit = TimeUnit::kMicros};
  SchemaElement dec;
  dec.name = "price";
  dec.type = PhysicalType::kInt64;
  dec.repetition_type = Repetition::kOptional;
  dec.converted_type = ConvertedType::kDecimal;
  dec.scale = 2;
  dec.precision = 12;
  dec.logical_type =
      LogicalTypeInfo{.kind = LogicalTypeInfo::Kind::kDecimal, .scale = 2, .precision = 12};
  m.schema = {root, id, ts, dec};
  m.num_rows = 1000;
  RowGroup rg;
  rg.num_rows = 1000;
  rg.total_byte_size = 5000;
  rg.file_offset = 4;
  rg.total_compressed_size = 4000;
  rg.ordinal = 0;
  ColumnChunk chunk;
  chunk.file_offset = 4;
  ColumnMetaData cmd;
  cmd.type = PhysicalType::kInt64;
  cmd.encodings = {Encoding::kPlain, Encoding::kRle, Encoding::kRleDictionary};
  cmd.path_in_schema = {"id"};
  cmd.codec = Codec::kSnappy;
  cmd.num_values = 1000;
  cmd.total_uncompressed_size = 8100;
  cmd.total_compressed_size = 4000;
  cmd.data_page_offset = 40;
  cmd.dictionary_page_offset = 4;
  Statistics stats;
  stats.null_count = 0;
  stats.min_value = std::string("\x01\0\0\0\0\0\0\0", 8);
  stats.max_value = std::string("\xe8\x03\0\0\0\0\0\0", 8);
  cmd.statistics = stats;
  cmd.encoding_stats = {{PageType::kDictionaryPage, Encoding::kPlain, 1},
                        {PageType::kDataPage, Encoding::kRleDictionary, 3}};
  cmd.key_value_metadata = {{"k", "v"}, {"only-key", std::nullopt}};
  chunk.meta_data = cmd;
  rg.columns = {chunk, chunk, chunk};
  m.row_groups = {rg, rg};
  m.key_value_metadata = {{"writer", "millrace"}};
  m.created_by = "millrace version 0.1";
  m.column_orders_type_defined = {true, true, false};
  return m;
}

TEST(Metadata, FileMetaDataRoundTrip) {
  FileMetaData m = SampleMetadata();
  std::string bytes;
  SerializeFileMetaData(m, &bytes);
  auto parsed = ParseFileMetaData(bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(*parsed, m);
}

TEST(Metadata, EveryTruncatedFooterFails) {
  std::string bytes;
  SerializeFileMetaData(SampleMetadata(), &bytes);
  for (size_t len = 0; len < bytes.size(); ++len) {
    EXPECT_FALSE(ParseFileMetaData(std::string_view(bytes).substr(0, len)).ok()) << len;
  }
}

TEST(Metadata, MissingRequiredFieldFails) {
  FileMetaData m = SampleMetadata();
  m.row_groups[0].columns[0].meta_data->path_in_schema.clear();
  std::string bytes;
  SerializeFileMetaData(m, &bytes);
  // An empty list is still present; drop the schema instead by writing a bare struct.
  EXPECT_TRUE(ParseFileMetaData(bytes).ok());
  std::string bare = std::string("\x15\x02\x00", 3);  // only version = 1
  EXPECT_EQ(ParseFileMetaData(bare).status().code(), StatusCode::kCorruption);
}

TEST(Metadata, PageHeaderRoundTripAllKinds) {
  PageHeader v1;
  v1.type = PageType::kDataPage;
  v1.uncompressed_page_size = 100;
  v1.compressed_page_size = 80;
  v1.data_page_header = DataPageHeader{.num_values = 10, .encoding = Encoding::kRleDictionary};
  v1.data_page_header->statistics = Statistics{.null_count = 2};
  PageHeader dict;
  dict.type = PageType::kDictionaryPage;
  dict.uncompressed_page_size = 40;
  dict.compressed_page_size = 40;
  dict.dictionary_page_header = DictionaryPageHeader{.num_values = 5, .is_sorted = false};
  PageHeader v2;
  v2.type = PageType::kDataPageV2;
  v2.uncompressed_page_size = 1 << 20;
  v2.compressed_page_size = 1 << 19;
  v2.crc = -5;
  v2.data_page_header_v2 = DataPageHeaderV2{.num_values = 7,
                                            .num_nulls = 1,
                                            .num_rows = 3,
                                            .encoding = Encoding::kPlain,
                                            .definition_levels_byte_length = 4,
                                            .repetition_levels_byte_length = 2,
                                            .is_compressed = false};
  for (const PageHeader& h : {v1, dict, v2}) {
    std::string bytes;
    SerializePageHeader(h, &bytes);
    std::string with_body = bytes + "BODY";
    size_t used = 0;
    auto parsed = ParsePageHeader(with_body, &used);
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    EXPECT_EQ(*parsed, h);
    EXPECT_EQ(used, bytes.size());
  }
}

TEST(Metadata, PageHeaderGoldenBytes) {
  PageHeader h;
  h.type = PageType::kDictionaryPage;
  h.uncompressed_page_size = 3;
  h.compressed_page_size = 3;
  h.dictionary_page_header = DictionaryPageHeader{.num_values = 1};
  std::string bytes;
  SerializePageHeader(h, &bytes);
  // type=2 (zigzag 4), sizes 3 (zigzag 6), field 7 struct (delta 4): {1: 1, 2: 0}.
  EXPECT_EQ(bytes, std::string("\x15\x04\x15\x06\x15\x06\x4c\x15\x02\x15\x00\x00\x00", 13));
}

TEST(Metadata, RandomBytesNeverCrashTheParsers) {
  std::string valid;
  SerializeFileMetaData(SampleMetadata(), &valid);
  std::mt19937 rng(11);
  int parsed = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    std::string bytes;
    if (trial % 2 == 0) {
      bytes.resize(rng() % 200);
      for (char& c : bytes) c = static_cast<char>(rng());
    } else {
      bytes = valid;  // mutations of a valid footer reach deeper
      for (int k = 0; k < 3; ++k) bytes[rng() % bytes.size()] = static_cast<char>(rng());
    }
    parsed += ParseFileMetaData(bytes).ok();
    size_t used = 0;
    auto header = ParsePageHeader(bytes, &used);
    if (header.ok()) {
      EXPECT_LE(used, bytes.size());
    }
  }
  EXPECT_LT(parsed, 3000);
}

}  // namespace
}  // namespace millrace::parquet
