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
#include "parquet/test_util.h"

namespace millrace::parquet {
namespace {

class RandomData {
 public:
  explicit RandomData(uint64_t seed) : rng_(seed) {}

  uint64_t Next(uint64_t n) { return rng_() % n; }
  bool Chance(int percent) { return static_cast<int>(Next(100)) < percent; }

  SchemaNode Node(int depth, const std::string& name) {
    Repetition r = Chance(50) ? Repetition::kOptional : Repetition::kRequired;
    int kinds = depth < 3 ? 16 : 13;
    switch (Next(kinds)) {
      case 0:
        return schema::Boolean(name, r);
      case 1:
        return schema::Int32(name, r);
      case 2:
        return schema::Int64(name, r);
      case 3:
        return schema::Float(name, r);
      case 4:
        return schema::Double(name, r);
      case 5:
        return schema::String(name, r);
      case 6:
        return schema::Binary(name, r);
      case 7:
        return schema::Date(name, r);
      case 8:
        return schema::TimestampMillis(name, r);
      case 9:
        return schema::TimestampMicros(name, r);
      case 10:
        return schema::Decimal(name, 1 + static_cast<int32_t>(Next(9)), 0, r);
      case 11:
        return schema::Decimal(name, 10 + static_cast<int32_t>(Next(9)), 3, r);
      case 12:
        return schema::Decimal(name, 19 + static_cast<int32_t>(Next(20)), 5, r);
      case 13: {
        std::vector<SchemaNode> fields;
        int n = 1 + static_cast<int>(Next(3));
        for (int i = 0; i < n; ++i)
          fields.push_back(Node(depth + 1, name + "_f" + std::to_string(i)));
        return schema::Struct(name, std::move(fields), r);
      }
      case 14:
        return schema::List(name, Node(depth + 1, "element"), r);
      default: {
        SchemaNode key = Chance(50) ? schema::String("key") : schema::Int64("key");
        return schema::Map(name, std::move(key), Node(depth + 1, "value"), r);
      }
    }
  }

  Value Leaf(const SchemaNode& n) {
    switch (n.physical_type) {
      case PhysicalType::kBoolean:
        return Value::Bool(Chance(50));
      case PhysicalType::kInt32: {
        if (n.logical_type.kind == LogicalTypeInfo::Kind::kDecimal) {
          int32_t limit = 1;
          for (int i = 0; i < n.logical_type.precision; ++i) limit *= 10;
          return Value::Int32(static_cast<int32_t>(Next(2 * static_cast<uint64_t>(limit) - 1)) -
                              (limit - 1));
        }
        return Value::Int32(Chance(30) ? static_cast<int32_t>(Next(5))
                                       : static_cast<int32_t>(rng_()));
      }
      case PhysicalType::kInt64:
        return Value::Int64(Chance(30) ? static_cast<int64_t>(Next(5))
                                       : static_cast<int64_t>(rng_()));
      case PhysicalType::kFloat:
        return Value::Float(static_cast<float>(Dbl()));
      case PhysicalType::kDouble:
        return Value::Double(Dbl());
      case PhysicalType::kByteArray: {
        std::string s(Next(12), '\0');
        for (char& c : s) c = static_cast<char>(Chance(70) ? 'a' + Next(4) : Next(256));
        return Value::Bytes(s);
      }
      case PhysicalType::kFixedLenByteArray: {
        std::string s(static_cast<size_t>(n.type_length), '\0');
        for (char& c : s) c = static_cast<char>(Next(256));
        return Value::Bytes(s);
      }
      case PhysicalType::kInt96:
        break;
    }
    return Value::Null();
  }

  // A value for a field (may be null when the field allows it).
  Value Field(const SchemaNode& n) {
    if (n.repetition == Repetition::kOptional && Chance(20)) return Value::Null();
    switch (n.shape) {
      case SchemaNode::Shape::kPrimitive:
        return Leaf(n);
      case SchemaNode::Shape::kStruct: {
        std::vector<Value> fields;
        for (const SchemaNode& c : n.children) fields.push_back(Field(c));
        return Value::Struct(std::move(fields));
      }
      case SchemaNode::Shape::kList: {
        std::vector<Value> items;
        for (int i = static_cast<int>(Next(5)); i > 0; --i) {
          items.push_back(Field(n.children[0].children[0]));
        }
        return Value::List(std::move(items));
      }
      case SchemaNode::Shape::kMap: {
        std::vector<std::pair<Value, Value>> entries;
        const SchemaNode& kv = n.children[0];
        for (int i = static_cast<int>(Next(4)); i > 0; --i) {
          entries.emplace_back(Leaf(kv.children[0]), Field(kv.children[1]));
        }
        return Value::Map(std::move(entries));
      }
    }
    return Value::Null();
  }

 private:
  double Dbl() {
    switch (Next(12)) {
      case 0:
        return -0.0;
      case 1:
        return std::numeric_limits<double>::quiet_NaN();
      case 2:
        return -std::numeric_limits<double>::infinity();
      case 3:
        return std::numeric_limits<double>::denorm_min();
      case 4:
        return static_cast<double>(Next(3));
      default:
        return (static_cast<double>(rng_()) / 1e15) * (Chance(50) ? 1 : -1);
    }
  }

  std::mt19937_64 rng_;
};

TEST(Property, RandomSchemasAndRowsRoundTrip) {
  constexpr int kTrials = 120;
  int64_t total_rows = 0;
  for (int trial = 0; trial < kTrials; ++trial) {
    RandomData random(1000 + trial);
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
