// The writer/reader matrix: every type, optional and required, nested LIST/MAP/STRUCT, under
// every codec, both page versions and dictionary on and off; every value is compared and every
// file passes VerifyFile.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <tuple>

#include "parquet/file_reader.h"
#include "parquet/file_writer.h"
#include "parquet/test_util.h"

namespace millrace::parquet {
namespace {

using testing::ExpectSameRows;
using testing::ReadFromString;
using testing::WriteToString;

Schema AllTypesSchema() {
  std::vector<SchemaNode> columns;
  for (Repetition r : {Repetition::kRequired, Repetition::kOptional}) {
    std::string s = r == Repetition::kRequired ? "_req" : "_opt";
    columns.push_back(schema::Boolean("bool" + s, r));
    columns.push_back(schema::Int32("i32" + s, r));
    columns.push_back(schema::Int64("i64" + s, r));
    columns.push_back(schema::Float("f32" + s, r));
    columns.push_back(schema::Double("f64" + s, r));
    columns.push_back(schema::String("str" + s, r));
    columns.push_back(schema::Binary("bin" + s, r));
    columns.push_back(schema::Date("date" + s, r));
    columns.push_back(schema::TimestampMillis("ts_ms" + s, r));
    columns.push_back(schema::TimestampMicros("ts_us" + s, r));
    columns.push_back(schema::Decimal("dec9" + s, 9, 2, r));
    columns.push_back(schema::Decimal("dec18" + s, 18, 4, r));
    columns.push_back(schema::Decimal("dec38" + s, 38, 10, r));
  }
  columns.push_back(schema::List("tags", schema::String("e")));
  columns.push_back(
      schema::List("req_ints", schema::Int64("e", Repetition::kRequired), Repetition::kRequired));
  columns.push_back(schema::Map("attrs", schema::String("k"), schema::Double("v")));
  columns.push_back(
      schema::Struct("point", {schema::Double("x", Repetition::kRequired), schema::Double("y"),
                               schema::List("labels", schema::String("e"))}));
  columns.push_back(
      schema::List("matrix", schema::List("row", schema::Int32("e"))));  // list of lists
  columns.push_back(schema::List(
      "events",
      schema::Struct("event", {schema::Int64("at", Repetition::kRequired),
                               schema::Map("props", schema::String("k"), schema::String("v"))})));
  auto s = Schema::Make(std::move(columns));
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return std::move(s).value();
}

class RowMaker {
 public:
  explicit RowMaker(uint64_t seed) : rng_(seed) {}

  std::vector<Value> Rows(int count) {
    std::vector<Value> rows;
    for (int i = 0; i < count; ++i) rows.push_back(Row(i));
    return rows;
  }

 private:
  bool Chance(int percent) { return static_cast<int>(rng_() % 100) < percent; }
  std::string Str(int i) {
    // Repeating strings (dictionary friendly) mixed with unique ones and odd bytes.
    if (Chance(60)) return "city-" + std::to_string(rng_() % 20);
    std::string s = "u" + std::to_string(i) + "-" + std::to_string(rng_());
    if (Chance(10)) s.push_back('\0');
    if (Chance(10)) s += "\xff\xfe";
    return s;
  }
  Value Maybe(Repetition r, Value v) {
    return r == Repetition::kOptional && Chance(20) ? Value::Null() : v;
  }
  Value DecimalBytes16() {
    std::string b(16, '\0');
    for (char& c : b) c = static_cast<char>(rng_());
    return Value::Bytes(b);
  }
  double Dbl() {
    int k = static_cast<int>(rng_() % 20);
    if (k == 0) return -0.0;
    if (k == 1) return std::numeric_limits<double>::infinity();
    if (k == 2) return std::numeric_limits<double>::quiet_NaN();
    return static_cast<double>(static_cast<int64_t>(rng_() % 2000000) - 1000000) / 7.0;
  }
  Value Row(int i) {
    std::vector<Value> f;
    for (Repetition r : {Repetition::kRequired, Repetition::kOptional}) {
      f.push_back(Maybe(r, Value::Bool(Chance(50))));
      f.push_back(Maybe(r, Value::Int32(static_cast<int32_t>(rng_()))));
      f.push_back(Maybe(r, Value::Int64(Chance(50) ? static_cast<int64_t>(rng_())
                                                   : static_cast<int64_t>(rng_() % 10))));
      f.push_back(Maybe(r, Value::Float(static_cast<float>(Dbl()))));
      f.push_back(Maybe(r, Value::Double(Dbl())));
      f.push_back(Maybe(r, Value::Bytes(Str(i))));
      f.push_back(Maybe(r, Value::Bytes(std::string(rng_() % 5, static_cast<char>(rng_())))));
      f.push_back(Maybe(r, Value::Int32(static_cast<int32_t>(rng_() % 40000) - 20000)));
      f.push_back(Maybe(r, Value::Int64(1700000000000LL + static_cast<int64_t>(rng_() % 1000000))));
      f.push_back(Maybe(r, Value::Int64(1700000000000000LL + static_cast<int64_t>(rng_() % 99))));
      f.push_back(Maybe(r, Value::Int32(static_cast<int32_t>(rng_() % 999999999) - 499999999)));
      f.push_back(Maybe(r, Value::Int64(static_cast<int64_t>(rng_() % 1000000000000000000ULL))));
      f.push_back(Maybe(r, DecimalBytes16()));
    }
    // tags: null, empty, or strings with null elements
    if (Chance(15)) {
      f.push_back(Value::Null());
    } else {
      std::vector<Value> items;
      for (int k = static_cast<int>(rng_() % 4); k > 0; --k) {
        items.push_back(Chance(20) ? Value::Null() : Value::Bytes(Str(i)));
      }
      f.push_back(Value::List(items));
    }
    {
      std::vector<Value> items;
      for (int k = static_cast<int>(rng_() % 3); k > 0; --k) {
        items.push_back(Value::Int64(static_cast<int64_t>(rng_() % 100)));
      }
      f.push_back(Value::List(items));
    }
    if (Chance(15)) {
      f.push_back(Value::Null());
    } else {
      std::vector<std::pair<Value, Value>> entries;
      for (int k = static_cast<int>(rng_() % 3); k > 0; --k) {
        entries.emplace_back(Value::Bytes("key" + std::to_string(k)),
                             Chance(25) ? Value::Null() : Value::Double(Dbl()));
      }
      f.push_back(Value::Map(entries));
    }
    if (Chance(15)) {
      f.push_back(Value::Null());
    } else {
      std::vector<Value> labels;
      for (int k = static_cast<int>(rng_() % 3); k > 0; --k) labels.push_back(Value::Bytes(Str(i)));
      f.push_back(
          Value::Struct({Value::Double(Dbl()), Maybe(Repetition::kOptional, Value::Double(Dbl())),
                         Chance(30) ? Value::Null() : Value::List(labels)}));
    }
    if (Chance(10)) {
      f.push_back(Value::Null());
    } else {
      std::vector<Value> rows;
      for (int a = static_cast<int>(rng_() % 3); a > 0; --a) {
        if (Chance(15)) {
          rows.push_back(Value::Null());
          continue;
        }
        std::vector<Value> cells;
        for (int b = static_cast<int>(rng_() % 3); b > 0; --b) {
          cells.push_back(Chance(10) ? Value::Null()
                                     : Value::Int32(static_cast<int32_t>(rng_() % 10)));
        }
        rows.push_back(Value::List(cells));
      }
      f.push_back(Value::List(rows));
    }
    {
      std::vector<Value> events;
      for (int a = static_cast<int>(rng_() % 3); a > 0; --a) {
        std::vector<std::pair<Value, Value>> props;
        for (int b = static_cast<int>(rng_() % 3); b > 0; --b) {
          props.emplace_back(Value::Bytes("p" + std::to_string(b)), Value::Bytes(Str(i)));
        }
        events.push_back(
            Value::Struct({Value::Int64(i), Chance(20) ? Value::Null() : Value::Map(props)}));
      }
      f.push_back(Chance(10) ? Value::Null() : Value::List(events));
    }
    return Value::Struct(std::move(f));
  }

  std::mt19937_64 rng_;
};

using MatrixParam = std::tuple<Codec, bool /*v2*/, bool /*dictionary*/, bool /*small pages*/>;

class RoundTripMatrix : public ::testing::TestWithParam<MatrixParam> {};

TEST_P(RoundTripMatrix, EveryValueReadsBack) {
  auto [codec, v2, dictionary, small] = GetParam();
  WriterOptions options;
  options.codec = codec;
  options.data_page_v2 = v2;
  options.dictionary = dictionary;
  if (small) {
    options.page_size = 512;
    options.row_group_size = 64 << 10;
    options.dictionary_page_size_limit = 2048;
  }
  Schema schema = AllTypesSchema();
  std::vector<Value> rows =
      RowMaker(static_cast<uint64_t>(codec) * 8 + v2 * 4 + dictionary * 2 + small).Rows(1500);
  auto bytes = WriteToString(schema, rows, options);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  StringSource source(*bytes);
  Status verified = VerifyFile(source);
  ASSERT_TRUE(verified.ok()) << verified.ToString();
  auto back = ReadFromString(*bytes);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ExpectSameRows(rows, *back);

  auto reader = FileReader::Open(&source);
  ASSERT_TRUE(reader.ok());
  const FileMetaData& m = (*reader)->metadata();
  EXPECT_EQ(m.num_rows, 1500);
  if (small) {
    EXPECT_GT(m.row_groups.size(), 1u);
  } else {
    EXPECT_EQ(m.row_groups.size(), 1u);
  }
  for (const RowGroup& rg : m.row_groups) {
    for (const ColumnChunk& c : rg.columns) {
      EXPECT_EQ(c.meta_data->codec, codec);
      bool has_dict_pages = false;
      for (const PageEncodingStats& s : c.meta_data->encoding_stats) {
        EXPECT_EQ(s.page_type == PageType::kDataPageV2,
                  v2 && s.page_type != PageType::kDictionaryPage);
        has_dict_pages |= s.encoding == Encoding::kRleDictionary;
      }
      if (!dictionary) {
        EXPECT_FALSE(has_dict_pages);
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Matrix, RoundTripMatrix,
                         ::testing::Combine(::testing::Values(Codec::kUncompressed, Codec::kSnappy,
                                                              Codec::kGzip, Codec::kZstd),
                                            ::testing::Bool(), ::testing::Bool(),
                                            ::testing::Bool()),
                         [](const ::testing::TestParamInfo<MatrixParam>& info) {
                           return std::string(CodecName(std::get<0>(info.param))) +
                                  (std::get<1>(info.param) ? "_V2" : "_V1") +
                                  (std::get<2>(info.param) ? "_Dict" : "_Plain") +
                                  (std::get<3>(info.param) ? "_SmallPages" : "_DefaultSizes");
                         });

}  // namespace
}  // namespace millrace::parquet
