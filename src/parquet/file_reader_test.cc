// Footer validation and corruption handling: each injected writer bug from the interop notes
// must be caught, and random damage must produce errors, never crashes.
#include "parquet/file_reader.h"

#include <gtest/gtest.h>

#include <functional>
#include <random>

#include "base/endian.h"
#include "parquet/test_util.h"

namespace millrace::parquet {
namespace {

using testing::WriteToString;

std::string SampleFile(WriterOptions options = {}) {
  auto schema = Schema::Make({schema::Int64("id", Repetition::kRequired), schema::String("name"),
                              schema::List("tags", schema::String("e"))});
  EXPECT_TRUE(schema.ok());
  std::vector<Value> rows;
  for (int i = 0; i < 300; ++i) {
    rows.push_back(Value::Struct(
        {Value::Int64(i), i % 7 ? Value::Bytes("n" + std::to_string(i % 5)) : Value::Null(),
         Value::List({Value::Bytes("t"), Value::Bytes(std::to_string(i))})}));
  }
  options.page_size = 256;
  auto bytes = WriteToString(*schema, rows, options);
  EXPECT_TRUE(bytes.ok());
  return *bytes;
}

// Re-serializes the footer of `file` after `mutate` changed it.
std::string WithFooter(const std::string& file, const std::function<void(FileMetaData&)>& mutate) {
  uint32_t length =
      LoadLE<uint32_t>(reinterpret_cast<const uint8_t*>(file.data() + file.size() - 8));
  size_t footer_start = file.size() - 8 - length;
  auto metadata = ParseFileMetaData(std::string_view(file).substr(footer_start, length));
  EXPECT_TRUE(metadata.ok());
  mutate(*metadata);
  std::string footer;
  SerializeFileMetaData(*metadata, &footer);
  std::string out = file.substr(0, footer_start) + footer;
  char len[4];
  StoreLE(reinterpret_cast<uint8_t*>(len), static_cast<uint32_t>(footer.size()));
  out.append(len, 4);
  out += "PAR1";
  return out;
}

// Opens and reads everything; returns the first error.
Status ReadEverything(const std::string& file) {
  StringSource source(file);
  MR_ASSIGN_OR_RETURN(auto reader, FileReader::Open(&source));
  MR_ASSIGN_OR_RETURN(auto rows, reader->ReadAll());
  return Status::Ok();
}

TEST(FileReader, UnchangedFooterRoundTripsAndVerifies) {
  std::string file = SampleFile();
  std::string same = WithFooter(file, [](FileMetaData&) {});
  EXPECT_EQ(same, file);
  StringSource source(file);
  EXPECT_TRUE(VerifyFile(source).ok());
}

TEST(FileReader, FileNumRowsMismatchIsCaught) {
  std::string bad = WithFooter(SampleFile(), [](FileMetaData& m) { m.num_rows -= 1; });
  EXPECT_EQ(ReadEverything(bad).code(), StatusCode::kCorruption);
}

TEST(FileReader, RowGroupNumRowsMismatchIsCaught) {
  std::string bad = WithFooter(SampleFile(), [](FileMetaData& m) {
    m.row_groups[0].num_rows -= 1;
    m.num_rows -= 1;
  });
  EXPECT_EQ(ReadEverything(bad).code(), StatusCode::kCorruption);
}

TEST(FileReader, ColumnNumValuesMismatchIsCaught) {
  for (int delta : {-1, 1}) {
    std::string bad = WithFooter(SampleFile(), [&](FileMetaData& m) {
      m.row_groups[0].columns[2].meta_data->num_values += delta;
    });
    EXPECT_EQ(ReadEverything(bad).code(), StatusCode::kCorruption) << delta;
  }
}

TEST(FileReader, CompressedSizeMismatchIsCaught) {
  for (int delta : {-5, 5}) {
    std::string bad = WithFooter(SampleFile(), [&](FileMetaData& m) {
      m.row_groups[0].columns[1].meta_data->total_compressed_size += delta;
    });
    EXPECT_FALSE(ReadEverything(bad).ok()) << delta;
  }
}

TEST(FileReader, UncompressedSizeMismatchFailsVerification) {
  std::string bad = WithFooter(SampleFile(), [](FileMetaData& m) {
    m.row_groups[0].columns[0].meta_data->total_uncompressed_size += 7;
  });
  StringSource source(bad);
  EXPECT_EQ(VerifyFile(source).code(), StatusCode::kCorruption);
}

TEST(FileReader, MissingDictionaryOffsetIsCaught) {
  std::string bad = WithFooter(SampleFile(), [](FileMetaData& m) {
    m.row_groups[0].columns[1].meta_data->dictionary_page_offset.reset();
  });
  EXPECT_EQ(ReadEverything(bad).code(), StatusCode::kCorruption);
}

TEST(FileReader, WrongStatisticsFailVerification) {
  std::string bad = WithFooter(SampleFile(), [](FileMetaData& m) {
    m.row_groups[0].columns[1].meta_data->statistics->null_count = 0;
  });
  StringSource source(bad);
  EXPECT_EQ(VerifyFile(source).code(), StatusCode::kCorruption);
  std::string bad_max = WithFooter(SampleFile(), [](FileMetaData& m) {
    m.row_groups[0].columns[0].meta_data->statistics->max_value = std::string(8, '\x01');
  });
  StringSource source2(bad_max);
  EXPECT_EQ(VerifyFile(source2).code(), StatusCode::kCorruption);
}

TEST(FileReader, SchemaAndChunkDisagreementIsCaught) {
  std::string path_bad = WithFooter(SampleFile(), [](FileMetaData& m) {
    m.row_groups[0].columns[1].meta_data->path_in_schema = {"other"};
  });
  EXPECT_EQ(ReadEverything(path_bad).code(), StatusCode::kCorruption);
  std::string type_bad = WithFooter(SampleFile(), [](FileMetaData& m) {
    m.row_groups[0].columns[0].meta_data->type = PhysicalType::kInt32;
  });
  EXPECT_EQ(ReadEverything(type_bad).code(), StatusCode::kCorruption);
  std::string count_bad =
      WithFooter(SampleFile(), [](FileMetaData& m) { m.row_groups[0].columns.pop_back(); });
  EXPECT_EQ(ReadEverything(count_bad).code(), StatusCode::kCorruption);
  std::string overlap = WithFooter(SampleFile(), [](FileMetaData& m) {
    m.row_groups[0].columns[1].meta_data->data_page_offset -= 3;
    m.row_groups[0].columns[1].meta_data->dictionary_page_offset.reset();
  });
  EXPECT_EQ(ReadEverything(overlap).code(), StatusCode::kCorruption);
}

TEST(FileReader, FramingErrors) {
  std::string file = SampleFile();
  EXPECT_EQ(ReadEverything("PAR1").code(), StatusCode::kCorruption);
  EXPECT_EQ(ReadEverything(std::string(100, 'x')).code(), StatusCode::kCorruption);
  std::string bad_head = file;
  bad_head[0] = 'Q';
  EXPECT_EQ(ReadEverything(bad_head).code(), StatusCode::kCorruption);
  std::string bad_length = file;
  StoreLE(reinterpret_cast<uint8_t*>(bad_length.data() + bad_length.size() - 8), 0x7FFFFFFFu);
  EXPECT_EQ(ReadEverything(bad_length).code(), StatusCode::kCorruption);
  for (size_t cut = 1; cut < 64; cut += 5) {
    EXPECT_FALSE(ReadEverything(file.substr(0, file.size() - cut)).ok()) << cut;
  }
}

TEST(FileReader, ProjectionsAreChecked) {
  std::string file = SampleFile();
  StringSource source(file);
  auto reader = FileReader::Open(&source);
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ((*reader)->ReadRowGroup(0, {}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ((*reader)->ReadRowGroup(0, {3}).status().code(), StatusCode::kOutOfRange);
  EXPECT_EQ((*reader)->ReadRowGroup(1, {0}).status().code(), StatusCode::kOutOfRange);
  auto rows = (*reader)->ReadRowGroup(0, {2, 0});
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[5],
            Value::Struct({Value::List({Value::Bytes("t"), Value::Bytes("5")}), Value::Int64(5)}));
}

// Random damage anywhere in the file: the reader returns an error or values, never crashes or
// reads out of bounds (the sanitizer build checks the latter).
TEST(FileReader, RandomDamageNeverCrashes) {
  for (Codec codec : {Codec::kUncompressed, Codec::kSnappy, Codec::kZstd, Codec::kGzip}) {
    for (bool v2 : {false, true}) {
      WriterOptions options;
      options.codec = codec;
      options.data_page_v2 = v2;
      std::string file = SampleFile(options);
      std::mt19937 rng(static_cast<uint32_t>(codec) * 2 + v2);
      int failures = 0;
      for (int trial = 0; trial < 150; ++trial) {
        std::string damaged = file;
        int flips = 1 + static_cast<int>(rng() % 4);
        for (int k = 0; k < flips; ++k) {
          damaged[rng() % damaged.size()] ^= static_cast<char>(1 + rng() % 255);
        }
        failures += !ReadEverything(damaged).ok();
      }
      EXPECT_GT(failures, 0);
    }
  }
}

// A chunk whose only page holds no values (every row null) reads back; under UBSan this once
// passed a null pointer to memcpy.
TEST(FileReader, AllNullChunksReadBack) {
  auto schema = Schema::Make({schema::Int64("n"), schema::Double("d"), schema::String("s")});
  ASSERT_TRUE(schema.ok());
  std::vector<Value> rows(3, Value::Struct({Value::Null(), Value::Null(), Value::Null()}));
  for (bool dictionary : {true, false}) {
    WriterOptions options;
    options.dictionary = dictionary;
    auto bytes = testing::WriteToString(*schema, rows, options);
    ASSERT_TRUE(bytes.ok());
    auto back = testing::ReadFromString(*bytes);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    testing::ExpectSameRows(rows, *back);
  }
}

}  // namespace
}  // namespace millrace::parquet
