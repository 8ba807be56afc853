// parquet_tool: the C++ half of the cross-reader checks (tests/e2e/parquet_readers.mjs).
//   parquet_tool gen <dir> [random_count]  writes a matrix of files with millrace's writer, each
//                                          <name>.parquet beside <name>.json, its expected values
//   parquet_tool dump <file>               prints a file as read by millrace's reader, as JSON
// Both use the canonical JSON of tests/parquet/value_json.h. Exit status 1 on any error.
#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "parquet/file_reader.h"
#include "parquet/file_writer.h"
#include "parquet/json_to_parquet.h"
#include "parquet/random_data.h"
#include "value_json.h"

namespace millrace::parquet::testing {
namespace {

struct FileCase {
  std::string name;
  Schema schema;
  WriterOptions options;
  std::vector<Value> rows;
  bool column_batches = false;
};

std::vector<SchemaNode> EveryTypeColumns() {
  return {
      schema::Boolean("flag"),
      schema::Int32("i32", Repetition::kRequired),
      schema::Int64("i64"),
      schema::Float("f32"),
      schema::Double("f64"),
      schema::String("name"),
      schema::Binary("blob"),
      schema::Date("day"),
      schema::TimestampMillis("at_ms"),
      schema::TimestampMicros("at_us", Repetition::kRequired),
      schema::Decimal("price", 9, 2),
      schema::Decimal("amount", 18, 4),
      schema::Decimal("big", 38, 10),
      schema::Decimal("mid", 24, 0, Repetition::kRequired),
      schema::List("tags", schema::String("element")),
      schema::List("ids", schema::Int64("element", Repetition::kRequired), Repetition::kRequired),
      schema::Map("attrs", schema::String("key"), schema::Double("value")),
      schema::Struct("loc", {schema::Double("lat"), schema::Double("lon"), schema::String("city")}),
      schema::List("events",
                   schema::Struct("element", {schema::Int32("a"),
                                              schema::List("b", schema::Int64("element"))})),
      schema::Struct("deep", {schema::Map("m", schema::Int64("key"),
                                          schema::List("value", schema::Date("element")))}),
  };
}

std::vector<Value> RandomRows(RandomData* random, const Schema& schema, int count) {
  std::vector<Value> rows;
  for (int r = 0; r < count; ++r) {
    std::vector<Value> fields;
    for (const SchemaNode& c : schema.columns()) fields.push_back(random->Field(c));
    rows.push_back(Value::Struct(std::move(fields)));
  }
  return rows;
}

Result<std::vector<FileCase>> MakeCases(int random_count) {
  std::vector<FileCase> cases;
  MR_ASSIGN_OR_RETURN(Schema every, Schema::Make(EveryTypeColumns()));
  const Codec codecs[] = {Codec::kUncompressed, Codec::kSnappy, Codec::kGzip, Codec::kZstd};
  uint64_t seed = 1;
  for (Codec codec : codecs) {
    for (bool v2 : {false, true}) {
      for (bool dictionary : {true, false}) {
        RandomData random(seed++);
        FileCase c{"types_" + std::string(CodecName(codec)) + (v2 ? "_v2" : "_v1") +
                       (dictionary ? "_dict" : "_plain"),
                   every, WriterOptions{}, RandomRows(&random, every, 300)};
        c.options.codec = codec;
        c.options.data_page_v2 = v2;
        c.options.dictionary = dictionary;
        c.options.page_size = 2048;  // many pages per chunk
        cases.push_back(std::move(c));
      }
    }
  }
  {
    // Several row groups, and dictionaries that overflow into PLAIN mid-chunk.
    RandomData random(seed++);
    FileCase c{"row_groups_fallback", every, WriterOptions{}, RandomRows(&random, every, 3000)};
    c.options.row_group_size = 64 << 10;
    c.options.page_size = 8 << 10;
    c.options.dictionary_page_size_limit = 512;
    c.column_batches = true;
    cases.push_back(std::move(c));
  }
  {
    // Long runs of repeats: RLE runs in levels and dictionary indices.
    RandomData random(seed++);
    std::vector<Value> one = RandomRows(&random, every, 3);
    std::vector<Value> rows;
    for (int i = 0; i < 2000; ++i) rows.push_back(one[static_cast<size_t>(i / 700)]);
    FileCase c{"runs", every, WriterOptions{}, std::move(rows)};
    cases.push_back(std::move(c));
  }
  {
    FileCase c{"empty", every, WriterOptions{}, {}};
    cases.push_back(std::move(c));
  }
  for (int i = 0; i < random_count; ++i) {
    RandomData random(10000 + static_cast<uint64_t>(i));
    std::vector<SchemaNode> columns;
    int n = 1 + static_cast<int>(random.Next(6));
    for (int k = 0; k < n; ++k) columns.push_back(random.Node(1, "c" + std::to_string(k)));
    MR_ASSIGN_OR_RETURN(Schema schema, Schema::Make(std::move(columns)));
    WriterOptions options;
    options.codec = codecs[random.Next(4)];
    options.data_page_v2 = random.Chance(50);
    options.dictionary = random.Chance(70);
    options.page_size = random.Chance(50) ? 64 + static_cast<int64_t>(random.Next(4000)) : 1 << 20;
    options.row_group_size =
        random.Chance(50) ? 2048 + static_cast<int64_t>(random.Next(30000)) : 256ll << 20;
    options.dictionary_page_size_limit = random.Chance(30) ? 128 : 1 << 20;
    int rows = static_cast<int>(random.Next(500));
    FileCase c{"random_" + std::to_string(i), schema, options, RandomRows(&random, schema, rows)};
    c.column_batches = random.Chance(50);
    cases.push_back(std::move(c));
  }
  return cases;
}

// "yyyy-mm-dd" of days since the epoch (proleptic Gregorian).
std::string CivilDate(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  char buf[80];
  std::snprintf(buf, sizeof(buf), "%04lld-%02lld-%02lld",
                static_cast<long long>(yoe + era * 400 + (m <= 2)), static_cast<long long>(m),
                static_cast<long long>(d));
  return buf;
}

// NDJSON records converted by JsonToParquet, with the rows they must become. Keys vary in case,
// fields go missing, values come as text, and a few records are bad (skipped).
struct JsonCase {
  Schema schema;
  std::string ndjson;
  std::vector<Value> rows;
  size_t bad_records = 0;
};

Result<JsonCase> MakeJsonCase() {
  MR_ASSIGN_OR_RETURN(Schema schema,
                      Schema::Make({
                          schema::Int64("id", Repetition::kRequired),
                          schema::String("name"),
                          schema::Int32("qty"),
                          schema::Double("score"),
                          schema::Float("ratio"),
                          schema::Boolean("flag"),
                          schema::Date("day"),
                          schema::TimestampMillis("at"),
                          schema::TimestampMicros("seen"),
                          schema::Decimal("price", 10, 2),
                          schema::Decimal("total", 30, 4),
                          schema::List("tags", schema::String("element")),
                          schema::Map("attrs", schema::String("key"), schema::Int64("value")),
                          schema::Struct("loc", {schema::Double("lat"), schema::Double("lon")}),
                      }));
  JsonCase c{std::move(schema), {}, {}, 0};
  for (int64_t i = 0; i < 5000; ++i) {
    if (i % 997 == 13) {
      c.ndjson += "{\"id\": " + std::to_string(i) + ", \"qty\": \"many\"}\n";
      ++c.bad_records;
      continue;
    }
    std::string j = "{\"" + std::string(i % 2 ? "ID" : "id") + "\": " + std::to_string(i);
    std::vector<Value> row(c.schema.columns().size());
    row[0] = Value::Int64(i);
    if (i % 5 != 0) {
      std::string name = "name " + std::to_string(i % 50) + (i % 7 == 0 ? " \xc3\xa9\\\"" : "");
      std::string escaped =
          "name " + std::to_string(i % 50) + (i % 7 == 0 ? " \xc3\xa9\\\\\\\"" : "");
      j += ", \"Name\": \"" + escaped + "\"";
      row[1] = Value::Bytes(name);
    }
    j +=
        ", \"qty\": " + (i % 3 ? std::to_string(i % 1000) : "\"" + std::to_string(i % 1000) + "\"");
    row[2] = Value::Int32(static_cast<int32_t>(i % 1000));
    j += ", \"score\": " + std::to_string(i) + ".125";
    row[3] = Value::Double(static_cast<double>(i) + 0.125);
    j += ", \"ratio\": 0.5";
    row[4] = Value::Float(0.5f);
    if (i % 4 != 0) {
      j += std::string(", \"FLAG\": ") + (i % 3 ? "true" : "false");
      row[5] = Value::Bool(i % 3 != 0);
    }
    int64_t days = i * 13 - 20000;
    j += ", \"day\": \"" + CivilDate(days) + "\"";
    row[6] = Value::Int32(static_cast<int32_t>(days));
    int64_t millis = 1709208000000 + i * 1237;
    j += ", \"at\": " + std::to_string(millis);
    row[7] = Value::Int64(millis);
    j += ", \"seen\": \"" + CivilDate(19782 + i / 86) + "T10:" + std::to_string(10 + i % 50) +
         ":00." + std::to_string(100000 + i) + "Z\"";
    row[8] = Value::Int64((19782 + i / 86) * 86400000000ll + 36000000000ll +
                          (10 + i % 50) * 60000000ll + (100000 + i));
    j += ", \"price\": " + std::to_string(i) + "." + std::to_string(10 + i % 90);
    row[9] = Value::Int64(i * 100 + 10 + i % 90);
    j += ", \"total\": \"-123456789012345678901." + std::to_string(1000 + i % 9000) + "\"";
    row[10] = Value::Bytes(DecimalToBigEndian(
        -((static_cast<Int128>(1234567890123456789ll) * 100 + 1) * 10000 + (1000 + i % 9000)),
        DecimalByteLength(30)));
    if (i % 6 != 0) {
      j += ", \"tags\": [\"t" + std::to_string(i % 3) + "\", null]";
      row[11] = Value::List({Value::Bytes("t" + std::to_string(i % 3)), Value::Null()});
    }
    j += ", \"attrs\": {\"k" + std::to_string(i % 4) + "\": " + std::to_string(i) + "}";
    row[12] = Value::Map({{Value::Bytes("k" + std::to_string(i % 4)), Value::Int64(i)}});
    if (i % 8 != 0) {
      j += ", \"Loc\": {\"LAT\": 59.5, \"lon\": " + std::to_string(i % 180) + "}";
      row[13] = Value::Struct({Value::Double(59.5), Value::Double(static_cast<double>(i % 180))});
    }
    j += ", \"ignored\": {\"deep\": [1]}}\n";
    c.ndjson += j;
    c.rows.push_back(Value::Struct(std::move(row)));
  }
  return c;
}

Status WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return Status::IOError("cannot write " + path);
  return Status::Ok();
}

Status Generate(const std::string& dir, int random_count) {
  MR_ASSIGN_OR_RETURN(std::vector<FileCase> cases, MakeCases(random_count));
  for (const FileCase& c : cases) {
    StringSink sink;
    MR_ASSIGN_OR_RETURN(auto writer, FileWriter::Open(c.schema, c.options, &sink));
    if (c.column_batches) {
      std::vector<std::vector<Value>> columns(c.schema.columns().size());
      for (const Value& row : c.rows) {
        for (size_t i = 0; i < columns.size(); ++i) columns[i].push_back(row.children()[i]);
      }
      MR_RETURN_IF_ERROR(writer->WriteColumns(columns));
    } else {
      for (const Value& row : c.rows) MR_RETURN_IF_ERROR(writer->WriteRow(row));
    }
    MR_RETURN_IF_ERROR(writer->Close());
    std::string bytes = sink.Release();
    StringSource source(bytes);
    Status verified = VerifyFile(source);
    if (!verified.ok()) return Status::Corruption(c.name + ": " + verified.ToString());
    MR_RETURN_IF_ERROR(WriteFile(dir + "/" + c.name + ".parquet", bytes));
    MR_RETURN_IF_ERROR(WriteFile(dir + "/" + c.name + ".json", FileToJson(c.schema, c.rows)));
  }
  // NDJSON through JsonToParquet, with small row groups and pages.
  MR_ASSIGN_OR_RETURN(JsonCase json, MakeJsonCase());
  StringSink sink;
  WriterOptions options;
  options.row_group_size = 128 << 10;
  options.page_size = 16 << 10;
  MR_ASSIGN_OR_RETURN(auto converter, JsonToParquet::Open(json.schema, options, &sink));
  std::vector<RecordError> errors;
  MR_RETURN_IF_ERROR(converter->Append(json.ndjson, &errors));
  MR_RETURN_IF_ERROR(converter->Close());
  if (errors.size() != json.bad_records) {
    return Status::Corruption(fmt::format("json: {} records rejected, expected {}{}", errors.size(),
                                          json.bad_records,
                                          errors.empty() ? "" : ": " + errors[0].ToString()));
  }
  std::string bytes = sink.Release();
  MR_RETURN_IF_ERROR(WriteFile(dir + "/json_converted.parquet", bytes));
  MR_RETURN_IF_ERROR(WriteFile(dir + "/json_converted.json", FileToJson(json.schema, json.rows)));
  std::printf("%zu files\n", cases.size() + 1);
  return Status::Ok();
}

Status Dump(const std::string& path) {
  MR_ASSIGN_OR_RETURN(auto source, FileSource::Open(path));
  MR_ASSIGN_OR_RETURN(auto reader, FileReader::Open(source.get()));
  MR_ASSIGN_OR_RETURN(std::vector<Value> rows, reader->ReadAll());
  std::string json = FileToJson(reader->schema(), rows);
  std::fwrite(json.data(), 1, json.size(), stdout);
  return Status::Ok();
}

}  // namespace
}  // namespace millrace::parquet::testing

int main(int argc, char** argv) {
  using namespace millrace::parquet::testing;
  std::vector<std::string> args(argv + 1, argv + argc);
  millrace::Status status = millrace::Status::InvalidArgument(
      "usage: parquet_tool gen <dir> [random_count] | parquet_tool dump <file>");
  if (args.size() >= 2 && args[0] == "gen") {
    status = Generate(args[1], args.size() > 2 ? std::stoi(args[2]) : 40);
  } else if (args.size() == 2 && args[0] == "dump") {
    status = Dump(args[1]);
  }
  if (!status.ok()) {
    std::fprintf(stderr, "parquet_tool: %s\n", status.ToString().c_str());
    return 1;
  }
  return 0;
}
