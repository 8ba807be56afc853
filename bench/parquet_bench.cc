// Parquet writer and reader throughput on a Firehose-like record: id, timestamp, a low-cardinality
// string, a double, an optional free-text string and a list of tags.
#include <benchmark/benchmark.h>

#include <random>

#include "parquet/file_reader.h"
#include "parquet/file_writer.h"

namespace millrace::parquet {
namespace {

Schema BenchSchema() {
  return std::move(
             Schema::Make({schema::Int64("id", Repetition::kRequired),
                           schema::TimestampMillis("at", Repetition::kRequired),
                           schema::String("city"), schema::Double("amount"), schema::String("note"),
                           schema::List("tags", schema::String("element"))}))
      .value();
}

std::vector<Value> BenchRows(int n) {
  std::mt19937_64 rng(1);
  std::vector<Value> rows;
  rows.reserve(n);
  for (int i = 0; i < n; ++i) {
    std::vector<Value> tags;
    for (int t = static_cast<int>(rng() % 3); t > 0; --t) {
      tags.push_back(Value::Bytes("tag" + std::to_string(rng() % 50)));
    }
    rows.push_back(
        Value::Struct({Value::Int64(i), Value::Int64(1700000000000 + i * 13),
                       Value::Bytes("city-" + std::to_string(rng() % 100)),
                       Value::Double(static_cast<double>(rng() % 100000) / 100),
                       rng() % 4 ? Value::Bytes("note " + std::to_string(rng())) : Value::Null(),
                       Value::List(std::move(tags))}));
  }
  return rows;
}

std::string WriteAll(const std::vector<Value>& rows, Codec codec) {
  StringSink sink;
  WriterOptions options;
  options.codec = codec;
  auto writer = FileWriter::Open(BenchSchema(), options, &sink).value();
  for (const Value& row : rows) (void)writer->WriteRow(row);
  (void)writer->Close();
  return sink.Release();
}

void BM_WriteRows(benchmark::State& state) {
  auto codec = static_cast<Codec>(state.range(0));
  std::vector<Value> rows = BenchRows(200000);
  size_t bytes = 0;
  for (auto _ : state) bytes = WriteAll(rows, codec).size();
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(rows.size()));
  state.counters["file_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_WriteRows)
    ->Arg(static_cast<int>(Codec::kUncompressed))
    ->Arg(static_cast<int>(Codec::kSnappy))
    ->Arg(static_cast<int>(Codec::kZstd))
    ->Arg(static_cast<int>(Codec::kGzip))
    ->Unit(benchmark::kMillisecond);

void BM_ReadRows(benchmark::State& state) {
  std::string file = WriteAll(BenchRows(200000), static_cast<Codec>(state.range(0)));
  for (auto _ : state) {
    StringSource source(file);
    auto reader = FileReader::Open(&source).value();
    benchmark::DoNotOptimize(reader->ReadAll().value().size());
  }
  state.SetItemsProcessed(state.iterations() * 200000);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(file.size()));
}
BENCHMARK(BM_ReadRows)->Arg(static_cast<int>(Codec::kSnappy))->Unit(benchmark::kMillisecond);

void BM_ReadColumn(benchmark::State& state) {
  std::string file = WriteAll(BenchRows(200000), Codec::kSnappy);
  for (auto _ : state) {
    StringSource source(file);
    auto reader = FileReader::Open(&source).value();
    benchmark::DoNotOptimize(reader->ReadColumnChunk(0, 2).value().values.size());
  }
  state.SetItemsProcessed(state.iterations() * 200000);
}
BENCHMARK(BM_ReadColumn)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace millrace::parquet

BENCHMARK_MAIN();
