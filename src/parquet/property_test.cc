// Property tests: random schemas (nested up to three levels), random rows, random writer options
// and row-wise or column-batch input. Every file must pass VerifyFile, keep its schema and
// return every value it was given.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "parquet/file_reader.h"
#include "parquet/file_writer.h"
#include "parquet/random_data.h"
#include "parquet/test_util.h"

namespace millrace::parquet {
namespace {

TEST(Property, RandomSchemasAndRowsRoundTrip) {
  constexpr int kTrials = 120;
  int64_t total_rows = 0;
  for (int trial = 0; trial < kTrials; ++trial) {
    testing::RandomData random(1000 + trial);
    std::vector<SchemaNode> columns;
    int n = 1 + static_cast<int>(random.Next(5));
    for (int i = 0; i < n; ++i) columns.push_back(random.Node(1, "c" + std::to_string(i)));
    auto schema = Schema::Make(std::move(columns));
    ASSERT_TRUE(schema.ok()) << schema.status().ToString();

    WriterOptions options;
    const Codec codecs[] = {Codec::kUncompressed, Codec::kSnappy, Codec::kGzip, Codec::kZstd};
    options.codec = codecs[random.Next(4)];
    options.data_page_v2 = random.Chance(50);
    options.dictionary = random.Chance(70);
    options.page_size = random.Chance(50) ? 64 + static_cast<int64_t>(random.Next(2000)) : 1 << 20;
    options.row_group_size =
        random.Chance(50) ? 1024 + static_cast<int64_t>(random.Next(20000)) : 256ll << 20;
    options.dictionary_page_size_limit = random.Chance(50) ? 64 : 1 << 20;

    std::vector<Value> rows;
    int row_count = static_cast<int>(random.Next(400));
    for (int r = 0; r < row_count; ++r) {
      std::vector<Value> fields;
      for (const SchemaNode& c : schema->columns()) fields.push_back(random.Field(c));
      rows.push_back(Value::Struct(std::move(fields)));
    }
    SCOPED_TRACE(::testing::Message() << "trial " << trial << " schema " << schema->ToString()
                                      << " codec " << CodecName(options.codec) << " v2 "
                                      << options.data_page_v2 << " dict " << options.dictionary);
    Result<std::string> bytes = std::string();
    if (random.Chance(50)) {
      bytes = testing::WriteToString(*schema, rows, options);
    } else {
      // The same rows as column batches of random sizes.
      StringSink sink;
      auto writer = FileWriter::Open(*schema, options, &sink);
      ASSERT_TRUE(writer.ok());
      for (size_t begin = 0; begin < rows.size();) {
        size_t end = std::min(rows.size(), begin + 1 + random.Next(3000));
        std::vector<std::vector<Value>> batch(schema->columns().size());
        for (size_t r = begin; r < end; ++r) {
          for (size_t c = 0; c < batch.size(); ++c) batch[c].push_back(rows[r].children()[c]);
        }
        ASSERT_TRUE((*writer)->WriteColumns(batch).ok());
        begin = end;
      }
      ASSERT_TRUE((*writer)->Close().ok());
      bytes = sink.Release();
    }
    ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
    StringSource source(*bytes);
    Status verified = VerifyFile(source);
    ASSERT_TRUE(verified.ok()) << verified.ToString();
    auto reader = FileReader::Open(&source);
    ASSERT_TRUE(reader.ok());
    EXPECT_EQ((*reader)->schema().ToElements(), schema->ToElements());
    auto back = (*reader)->ReadAll();
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    testing::ExpectSameRows(rows, *back);
    if (::testing::Test::HasFatalFailure()) return;
    total_rows += static_cast<int64_t>(back->size());
  }
  EXPECT_GT(total_rows, kTrials * 100);  // the trials really wrote data
}

}  // namespace
}  // namespace millrace::parquet
