#include "parquet/json_to_parquet.h"

#include <gtest/gtest.h>

#include <random>

#include "parquet/decimal.h"
#include "parquet/file_reader.h"
#include "parquet/random_data.h"
#include "parquet/test_util.h"

namespace millrace::parquet {
namespace {

Schema OrdersSchema() {
  auto schema = Schema::Make({
      schema::Int64("id", Repetition::kRequired),
      schema::String("city"),
      schema::Int32("qty"),
      schema::Double("score"),
      schema::Boolean("ok"),
      schema::Date("day"),
      schema::TimestampMillis("at"),
      schema::Decimal("price", 10, 2),
      schema::List("tags", schema::String("element")),
      schema::Map("attrs", schema::String("key"), schema::Int64("value")),
      schema::Struct("loc", {schema::Double("lat"), schema::Double("lon")}),
  });
  EXPECT_TRUE(schema.ok());
  return *schema;
}

struct Converted {
  std::vector<Value> rows;
  std::vector<RecordError> errors;
};

Converted Convert(const Schema& schema, const std::vector<std::string_view>& chunks,
                  WriterOptions options = {}) {
  StringSink sink;
  auto converter = JsonToParquet::Open(schema, options, &sink);
  EXPECT_TRUE(converter.ok()) << converter.status().ToString();
  Converted out;
  for (std::string_view chunk : chunks) {
    Status s = (*converter)->Append(chunk, &out.errors);
    EXPECT_TRUE(s.ok()) << s.ToString();
  }
  EXPECT_TRUE((*converter)->Close().ok());
  std::string bytes = sink.Release();
  StringSource source(bytes);
  Status verified = VerifyFile(source);
  EXPECT_TRUE(verified.ok()) << verified.ToString();
  auto rows = testing::ReadFromString(bytes);
  EXPECT_TRUE(rows.ok()) << rows.status().ToString();
  if (rows.ok()) out.rows = std::move(*rows);
  return out;
}

TEST(JsonToParquet, MapsEveryTypeCaseInsensitively) {
  Converted c = Convert(
      OrdersSchema(),
      {
          R"({"ID": 7, "City": "Oslo", "QTY": 3, "score": 1.5, "ok": true, "day": "2024-02-29",)"
          R"( "at": "2024-02-29T12:00:00.250Z", "price": 12.5, "tags": ["a", null],)"
          R"( "attrs": {"x": 1}, "LOC": {"Lat": 59.9, "lon": 10.7}, "extra": [1, 2]})"
          "\n",
      });
  ASSERT_TRUE(c.errors.empty()) << c.errors[0].ToString();
  ASSERT_EQ(c.rows.size(), 1u);
  Value expected = Value::Struct({
      Value::Int64(7),
      Value::Bytes("Oslo"),
      Value::Int32(3),
      Value::Double(1.5),
      Value::Bool(true),
      Value::Int32(19782),
      Value::Int64(1709208000250),
      Value::Int64(1250),
      Value::List({Value::Bytes("a"), Value::Null()}),
      Value::Map({{Value::Bytes("x"), Value::Int64(1)}}),
      Value::Struct({Value::Double(59.9), Value::Double(10.7)}),
  });
  EXPECT_EQ(c.rows[0], expected) << c.rows[0].ToString();
}

TEST(JsonToParquet, MissingFieldsAreNullsAndTextIsConverted) {
  Converted c = Convert(
      OrdersSchema(),
      {
          R"({"id": "12", "qty": "4", "score": "2.25", "ok": "false", "price": "-0.05", "at": 1000})"
          "\n\n"
          R"({"id": 13, "city": 42, "loc": null})",
      });
  ASSERT_TRUE(c.errors.empty()) << c.errors[0].ToString();
  ASSERT_EQ(c.rows.size(), 2u);
  const auto& first = c.rows[0].children();
  EXPECT_EQ(first[0], Value::Int64(12));
  EXPECT_TRUE(first[1].is_null());
  EXPECT_EQ(first[2], Value::Int32(4));
  EXPECT_EQ(first[3], Value::Double(2.25));
  EXPECT_EQ(first[4], Value::Bool(false));
  EXPECT_EQ(first[6], Value::Int64(1000));
  EXPECT_EQ(first[7], Value::Int64(-5));
  EXPECT_TRUE(first[8].is_null());
  const auto& second = c.rows[1].children();
  EXPECT_EQ(second[1], Value::Bytes("42"));  // a string column keeps other JSON as its text
  EXPECT_TRUE(second[10].is_null());
}

TEST(JsonToParquet, KeyOrderAndCaseMayChangeBetweenRecords) {
  auto schema = Schema::Make({schema::Int64("a"), schema::Int64("b"), schema::Int64("c")});
  ASSERT_TRUE(schema.ok());
  Converted c = Convert(
      *schema,
      {
          "{\"a\": 1, \"b\": 2, \"c\": 3}\n"
          "{\"C\": 6, \"A\": 4, \"x\": 0, \"b\": 5}\n"
          "{\"b\": 8, \"c\": 9}\n"
          "{\"x\": 0, \"y\": 1, \"z\": 2, \"a\": 10}\n"
          "{\"a\": 11, \"B\": 12, \"c\": 13, \"a\": 14}\n",  // a repeated key: the last wins
      });
  ASSERT_TRUE(c.errors.empty()) << c.errors[0].ToString();
  auto row = [](Value a, Value b, Value cc) { return Value::Struct({a, b, cc}); };
  std::vector<Value> want = {
      row(Value::Int64(1), Value::Int64(2), Value::Int64(3)),
      row(Value::Int64(4), Value::Int64(5), Value::Int64(6)),
      row(Value::Null(), Value::Int64(8), Value::Int64(9)),
      row(Value::Int64(10), Value::Null(), Value::Null()),
      row(Value::Int64(14), Value::Int64(12), Value::Int64(13)),
  };
  testing::ExpectSameRows(want, c.rows);
}

// Typed column arrays: a rejected record's values already added to other columns are taken back,
// and a repeated key replaces the value (bytes included) it repeats.
TEST(JsonToParquet, RejectedRecordsLeaveNoValuesBehind) {
  auto schema = Schema::Make({schema::String("s"), schema::Int64("n", Repetition::kRequired),
                              schema::Double("d"), schema::List("l", schema::Int32("e"))});
  ASSERT_TRUE(schema.ok());
  std::string text;
  for (int i = 0; i < 300; ++i) {
    const std::string s = "\"s" + std::to_string(i) + "\"";
    switch (i % 5) {
      case 0:  // good, with a repeated string key
        text += "{\"s\": \"first\", \"n\": " + std::to_string(i) + ", \"s\": " + s + "}\n";
        break;
      case 1:  // bad after the string and the number were added
        text += "{\"s\": " + s + ", \"n\": " + std::to_string(i) + ", \"d\": \"x\"}\n";
        break;
      case 2:  // bad in the nested column after every flat one was added
        text += "{\"s\": " + s + ", \"d\": 1.5, \"n\": 1, \"l\": [\"y\"]}\n";
        break;
      case 3:  // bad: the required column is null, found after the loop over keys
        text += "{\"s\": " + s + ", \"l\": [1], \"n\": null}\n";
        break;
      default:  // good, null first then a value for a repeated key
        text += "{\"d\": null, \"n\": " + std::to_string(i) + ", \"l\": [" +
                std::to_string(i) + "], \"d\": 0.5, \"s\": " + s + "}\n";
        break;
    }
  }
  Converted c = Convert(*schema, {text});
  ASSERT_EQ(c.errors.size(), 180u);
  ASSERT_EQ(c.rows.size(), 120u);
  for (size_t r = 0; r < c.rows.size(); ++r) {
    const int i = static_cast<int>(r / 2 * 5 + (r % 2 ? 4 : 0));
    const auto& row = c.rows[r].children();
    EXPECT_EQ(row[0], Value::Bytes("s" + std::to_string(i))) << r;
    EXPECT_EQ(row[1], Value::Int64(i)) << r;
    if (i % 5 == 0) {
      EXPECT_TRUE(row[2].is_null());
      EXPECT_TRUE(row[3].is_null());
    } else {
      EXPECT_EQ(row[2], Value::Double(0.5));
      EXPECT_EQ(row[3], Value::List({Value::Int32(i)}));
    }
  }
  EXPECT_EQ(c.errors[2].column, "n");
  EXPECT_EQ(c.errors[2].reason, "required field is missing or null");
}

TEST(JsonToParquet, BadRecordsAreReportedAndSkipped) {
  Converted c =
      Convert(OrdersSchema(),
              {
                  "{\"id\": 1}\n"
                  "{\"id\": 2, \"qty\": 3000000000}\n"            // out of int32 range
                  "{\"id\": 3, \"loc\": {\"lat\": \"north\"}}\n"  // not a number
                  "{\"city\": \"no id\"}\n"                       // required column missing
                  "not json\n"
                  "[1, 2]\n"
                  "{\"id\": 4, \"price\": 1.234}\n"         // more fractional digits than the scale
                  "{\"id\": 5, \"day\": \"2023-02-29\"}\n"  // not a date
                  "{\"id\": 6, \"tags\": \"a\"}\n"          // not an array
                  "{\"id\": 7}\n",
              });
  ASSERT_EQ(c.rows.size(), 2u);
  EXPECT_EQ(c.rows[0].children()[0], Value::Int64(1));
  EXPECT_EQ(c.rows[1].children()[0], Value::Int64(7));
  ASSERT_EQ(c.errors.size(), 8u);
  const std::pair<int64_t, std::string> want[] = {{1, "qty"}, {2, "loc.lat"}, {3, "id"},
                                                  {4, ""},    {5, ""},        {6, "price"},
                                                  {7, "day"}, {8, "tags"}};
  for (size_t i = 0; i < c.errors.size(); ++i) {
    EXPECT_EQ(c.errors[i].record, want[i].first) << c.errors[i].ToString();
    EXPECT_EQ(c.errors[i].column, want[i].second) << c.errors[i].ToString();
    EXPECT_FALSE(c.errors[i].reason.empty());
  }
  EXPECT_NE(c.errors[0].ToString().find("record 1: column 'qty'"), std::string::npos);
}

TEST(JsonToParquet, ManyRecordsAcrossBatchesAndRowGroups) {
  std::string text;
  const int kRecords = static_cast<int>(JsonToParquet::kBatchRecords) * 2 + 17;
  for (int i = 0; i < kRecords; ++i) {
    text += "{\"id\": " + std::to_string(i) + ", \"city\": \"c" + std::to_string(i % 10) +
            "\", \"tags\": [\"t" + std::to_string(i % 3) + "\"]}\n";
  }
  WriterOptions options;
  options.row_group_size = 16 << 10;
  // Split mid-record: each Append converts complete lines only when given whole lines, so
  // feed whole-line chunks of different sizes.
  size_t cut = text.find('\n', text.size() / 3) + 1;
  Converted c =
      Convert(OrdersSchema(),
              {std::string_view(text).substr(0, cut), std::string_view(text).substr(cut)}, options);
  ASSERT_TRUE(c.errors.empty());
  ASSERT_EQ(c.rows.size(), static_cast<size_t>(kRecords));
  for (int i = 0; i < kRecords; i += 997) {
    EXPECT_EQ(c.rows[static_cast<size_t>(i)].children()[0], Value::Int64(i));
    EXPECT_EQ(c.rows[static_cast<size_t>(i)].children()[1],
              Value::Bytes("c" + std::to_string(i % 10)));
  }
}

// Random JSON of every shape against random schemas: whatever a record holds, it is either
// written or reported, and the file stays valid (a value the converter let through that the
// writer then refused would fail the whole batch).
class RandomJson {
 public:
  explicit RandomJson(uint64_t seed) : rng_(seed) {}
  std::string Any(const SchemaNode& node, int depth) {
    switch (rng_() % 12) {
      case 0:
        return "null";
      case 1:
        return rng_() % 2 ? "true" : "false";
      case 2:
        return std::to_string(static_cast<int64_t>(rng_()) >> (rng_() % 64));
      case 3:
        return std::to_string(static_cast<double>(rng_() % 100000) / 7.0);
      case 4:
        return "\"" + std::string(rng_() % 2 ? "2024-02-29" : "12.5") + "\"";
      case 5:
        return "\"text\"";
      default:
        return Shaped(node, depth);
    }
  }

 private:
  // A value of the node's own shape (with random leaves).
  std::string Shaped(const SchemaNode& node, int depth) {
    if (depth > 4) return "null";
    switch (node.shape) {
      case SchemaNode::Shape::kStruct: {
        std::string out = "{";
        for (size_t i = 0; i < node.children.size(); ++i) {
          if (rng_() % 4 == 0) continue;
          if (out.size() > 1) out += ",";
          out += "\"" + node.children[i].name + "\":" + Any(node.children[i], depth + 1);
        }
        return out + "}";
      }
      case SchemaNode::Shape::kList: {
        std::string out = "[";
        for (int i = static_cast<int>(rng_() % 4); i > 0; --i) {
          if (out.size() > 1) out += ",";
          out += Any(node.children[0].children[0], depth + 1);
        }
        return out + "]";
      }
      case SchemaNode::Shape::kMap: {
        std::string out = "{";
        for (int i = static_cast<int>(rng_() % 3); i > 0; --i) {
          if (out.size() > 1) out += ",";
          out += "\"" + std::to_string(rng_() % 100) +
                 "\":" + Any(node.children[0].children[1], depth + 1);
        }
        return out + "}";
      }
      case SchemaNode::Shape::kPrimitive:
        break;
    }
    return rng_() % 2 ? "\"1970-01-02 03:04:05\"" : std::to_string(rng_() % 1000);
  }

  std::mt19937_64 rng_;
};

TEST(JsonToParquet, RandomJsonIsWrittenOrReported) {
  int64_t written = 0, rejected = 0;
  for (int trial = 0; trial < 60; ++trial) {
    testing::RandomData random(500 + trial);
    std::vector<SchemaNode> columns;
    int n = 1 + static_cast<int>(random.Next(5));
    for (int i = 0; i < n; ++i) columns.push_back(random.Node(1, "c" + std::to_string(i)));
    auto schema = Schema::Make(std::move(columns));
    ASSERT_TRUE(schema.ok());
    RandomJson json(trial);
    SchemaNode root = schema->root();
    std::string text;
    const int kRecords = 300;
    for (int r = 0; r < kRecords; ++r)
      text += (r % 50 == 7 ? "{\"c0\": [" : json.Any(root, 0)) + "\n";
    StringSink sink;
    auto converter = JsonToParquet::Open(*schema, WriterOptions{}, &sink);
    ASSERT_TRUE(converter.ok());
    std::vector<RecordError> errors;
    Status s = (*converter)->Append(text, &errors);
    ASSERT_TRUE(s.ok()) << "trial " << trial << " " << schema->ToString() << ": " << s.ToString();
    ASSERT_TRUE((*converter)->Close().ok());
    EXPECT_EQ((*converter)->records_seen(), kRecords);
    EXPECT_EQ((*converter)->records_written() + static_cast<int64_t>(errors.size()), kRecords);
    std::string bytes = sink.Release();
    StringSource source(bytes);
    Status verified = VerifyFile(source);
    ASSERT_TRUE(verified.ok()) << verified.ToString();
    auto rows = testing::ReadFromString(bytes);
    ASSERT_TRUE(rows.ok());
    EXPECT_EQ(static_cast<int64_t>(rows->size()), (*converter)->records_written());
    written += (*converter)->records_written();
    rejected += static_cast<int64_t>(errors.size());
  }
  EXPECT_GT(written, 1000);  // both outcomes really happen
  EXPECT_GT(rejected, 1000);
  std::printf("random JSON: %lld written, %lld rejected\n", static_cast<long long>(written),
              static_cast<long long>(rejected));
}

}  // namespace
}  // namespace millrace::parquet
