#include "parquet/column_batch.h"

#include <gtest/gtest.h>

#include "parquet/random_data.h"
#include "parquet/test_util.h"

namespace millrace::parquet {
namespace {

// Appends a (valid, physical) Value to a flat column.
void AppendValue(const Value& v, FlatColumn* column) {
  switch (v.kind()) {
    case Value::Kind::kNull:
      return column->AppendNull();
    case Value::Kind::kBool:
      return column->AppendBool(v.bool_value());
    case Value::Kind::kInt32:
      if (column->type() == PhysicalType::kInt64) return column->AppendInt64(v.int32_value());
      return column->AppendInt32(v.int32_value());
    case Value::Kind::kInt64:
      return column->AppendInt64(v.int64_value());
    case Value::Kind::kFloat:
      if (column->type() == PhysicalType::kDouble) return column->AppendDouble(v.float_value());
      return column->AppendFloat(v.float_value());
    case Value::Kind::kDouble:
      return column->AppendDouble(v.double_value());
    case Value::Kind::kBytes:
      return column->AppendBytes(v.bytes());
    default:
      FAIL() << "not a leaf value: " << v.ToString();
  }
}

void AppendRow(const Value& row, ColumnBatch* batch) {
  for (size_t c = 0; c < batch->columns(); ++c) {
    const Value& v = row.children()[c];
    if (batch->is_flat(c)) {
      AppendValue(v, &batch->flat(c));
    } else {
      batch->values(c).push_back(v);
    }
  }
}

TEST(FlatColumn, AppendsTruncatesAndReadsBack) {
  FlatColumn strings(PhysicalType::kByteArray);
  strings.AppendBytes("ab");
  strings.AppendNull();
  strings.AppendBytes("");
  strings.AppendBytes("xyz");
  ASSERT_EQ(strings.rows(), 4u);
  EXPECT_TRUE(strings.present(0));
  EXPECT_FALSE(strings.present(1));
  EXPECT_TRUE(strings.present(2));
  EXPECT_EQ(strings.bytes(0), "ab");
  EXPECT_EQ(strings.bytes(1), "");
  EXPECT_EQ(strings.bytes(3), "xyz");
  strings.Truncate(2);
  strings.AppendBytes("q");
  ASSERT_EQ(strings.rows(), 3u);
  EXPECT_EQ(strings.bytes(2), "q");
  strings.Truncate(5);  // longer: no-op
  EXPECT_EQ(strings.rows(), 3u);

  FlatColumn numbers(PhysicalType::kInt64);
  numbers.AppendInt64(-5);
  numbers.AppendNull();
  numbers.AppendInt64(7);
  numbers.Truncate(1);
  numbers.AppendInt64(9);
  ASSERT_EQ(numbers.rows(), 2u);
  EXPECT_EQ(numbers.int64s()[0], -5);
  EXPECT_EQ(numbers.int64s()[1], 9);
  EXPECT_TRUE(numbers.present(1));
  numbers.Clear();
  EXPECT_EQ(numbers.rows(), 0u);
}

TEST(ColumnBatch, FlatColumnsAreTopLevelNonRepeatedPrimitives) {
  auto schema = Schema::Make({schema::Int64("id", Repetition::kRequired), schema::String("s"),
                              schema::List("l", schema::Int32("e")),
                              schema::Struct("p", {schema::Double("x")})});
  ASSERT_TRUE(schema.ok());
  ColumnBatch batch(*schema);
  ASSERT_EQ(batch.columns(), 4u);
  EXPECT_TRUE(batch.is_flat(0));
  EXPECT_TRUE(batch.is_flat(1));
  EXPECT_FALSE(batch.is_flat(2));
  EXPECT_FALSE(batch.is_flat(3));
  batch.flat(0).AppendInt64(1);
  batch.flat(1).AppendNull();
  batch.values(2).push_back(Value::List({}));
  batch.values(3).push_back(Value::Null());
  EXPECT_EQ(batch.rows(), 1u);
  batch.flat(0).AppendInt64(2);
  batch.values(2).push_back(Value::Null());
  batch.Truncate(1);  // a half-added row goes away
  for (size_t c = 0; c < 4; ++c) EXPECT_EQ(batch.rows(c), 1u);
  batch.Clear();
  EXPECT_EQ(batch.rows(), 0u);
}

// Random schemas, rows and writer options: WriteBatch must write exactly the bytes WriteColumns
// does, whatever the mix of flat and nested columns, nulls, dictionary fallbacks and pages.
TEST(ColumnBatch, WriteBatchMatchesColumnAndRowOutput) {
  int single_group = 0;
  for (int trial = 0; trial < 40; ++trial) {
    testing::RandomData random(900 + trial);
    std::vector<SchemaNode> columns;
    const int n = 1 + static_cast<int>(random.Next(8));
    for (int i = 0; i < n; ++i) columns.push_back(random.Node(1, "c" + std::to_string(i)));
    auto schema = Schema::Make(std::move(columns));
    ASSERT_TRUE(schema.ok());
    WriterOptions options;
    options.page_size = 64 + static_cast<int64_t>(random.Next(8192));
    options.dictionary_page_size_limit = 32 + static_cast<int64_t>(random.Next(4096));
    options.row_group_size =
        random.Chance(50) ? 4096 + static_cast<int64_t>(random.Next(1 << 16)) : 256ll << 20;
    options.dictionary = random.Chance(80);
    options.data_page_v2 = random.Chance(50);
    options.codec = random.Chance(50) ? Codec::kSnappy : Codec::kUncompressed;
    std::vector<Value> rows;
    const int kRows = 1 + static_cast<int>(random.Next(3000));
    SchemaNode root = schema->root();
    for (int r = 0; r < kRows; ++r) {
      std::vector<Value> fields;
      for (const SchemaNode& column : root.children) fields.push_back(random.Field(column));
      rows.push_back(Value::Struct(std::move(fields)));
    }
    // Row groups close by size at slice ends, so the reference is WriteColumns given the same
    // batches (and, with one row group, WriteRow).
    StringSink values_sink;
    auto values_writer = FileWriter::Open(*schema, options, &values_sink);
    ASSERT_TRUE(values_writer.ok());
    StringSink sink;
    auto writer = FileWriter::Open(*schema, options, &sink);
    ASSERT_TRUE(writer.ok());
    ColumnBatch batch((*writer)->schema());
    std::vector<std::vector<Value>> value_batch(root.children.size());
    const size_t batch_rows = 1 + random.Next(2500);
    for (size_t r = 0; r <= rows.size(); ++r) {
      if (r < rows.size()) {
        AppendRow(rows[r], &batch);
        for (size_t c = 0; c < value_batch.size(); ++c) {
          value_batch[c].push_back(rows[r].children()[c]);
        }
      }
      if (batch.rows() == batch_rows || r == rows.size()) {
        ASSERT_TRUE((*writer)->WriteBatch(batch).ok());
        ASSERT_TRUE((*values_writer)->WriteColumns(value_batch).ok());
        batch.Clear();
        for (auto& column : value_batch) column.clear();
      }
    }
    ASSERT_TRUE((*writer)->Close().ok());
    ASSERT_TRUE((*values_writer)->Close().ok());
    ASSERT_EQ(sink.data(), values_sink.data()) << "trial " << trial << ": " << schema->ToString();
    if ((*writer)->metadata().row_groups.size() == 1) {
      auto by_rows = testing::WriteToString(*schema, rows, options);
      ASSERT_TRUE(by_rows.ok()) << by_rows.status().ToString();
      ASSERT_EQ(sink.data(), *by_rows) << "trial " << trial << ": " << schema->ToString();
      ++single_group;
    }
    StringSource source(sink.data());
    ASSERT_TRUE(VerifyFile(source).ok());
  }
  EXPECT_GT(single_group, 0);  // the comparison with WriteRow really happens
}

TEST(ColumnBatch, InvalidBatchesAreRejectedWhole) {
  auto schema = Schema::Make({schema::Int64("id", Repetition::kRequired),
                              schema::Decimal("d", 24, 2), schema::List("l", schema::Int32("e"))});
  ASSERT_TRUE(schema.ok());
  StringSink sink;
  auto writer = FileWriter::Open(*schema, WriterOptions{}, &sink);
  ASSERT_TRUE(writer.ok());
  const Schema& s = (*writer)->schema();
  const size_t before = sink.data().size();

  ColumnBatch null_required(s);
  null_required.flat(0).AppendInt64(1);
  null_required.flat(0).AppendNull();
  null_required.flat(1).AppendNull();
  null_required.flat(1).AppendNull();
  null_required.values(2).resize(2);
  EXPECT_EQ((*writer)->WriteBatch(null_required).code(), StatusCode::kInvalidArgument);

  ColumnBatch short_decimal(s);
  short_decimal.flat(0).AppendInt64(1);
  short_decimal.flat(1).AppendBytes("abc");  // DECIMAL(24) is 10 bytes
  short_decimal.values(2).resize(1);
  EXPECT_EQ((*writer)->WriteBatch(short_decimal).code(), StatusCode::kInvalidArgument);

  ColumnBatch ragged(s);
  ragged.flat(0).AppendInt64(1);
  ragged.flat(1).AppendNull();
  EXPECT_EQ((*writer)->WriteBatch(ragged).code(), StatusCode::kInvalidArgument);

  ColumnBatch bad_value(s);
  bad_value.flat(0).AppendInt64(1);
  bad_value.flat(1).AppendNull();
  bad_value.values(2).push_back(Value::Int32(3));  // a list column needs a list
  EXPECT_EQ((*writer)->WriteBatch(bad_value).code(), StatusCode::kInvalidArgument);

  auto other = Schema::Make({schema::Int64("id")});
  ASSERT_TRUE(other.ok());
  ColumnBatch wrong_schema(*other);
  wrong_schema.flat(0).AppendInt64(1);
  EXPECT_EQ((*writer)->WriteBatch(wrong_schema).code(), StatusCode::kInvalidArgument);

  EXPECT_EQ((*writer)->rows_written(), 0);
  ColumnBatch good(s);
  good.flat(0).AppendInt64(1);
  good.flat(1).AppendNull();
  good.values(2).push_back(Value::List({Value::Int32(4)}));
  ASSERT_TRUE((*writer)->WriteBatch(good).ok());
  ASSERT_TRUE((*writer)->Close().ok());
  EXPECT_GT(sink.data().size(), before);
  auto rows = testing::ReadFromString(sink.Release());
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].children()[0], Value::Int64(1));
}

}  // namespace
}  // namespace millrace::parquet
