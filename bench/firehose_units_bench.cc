// Throughput of the per-record Firehose building blocks: JQ partition-key extraction, prefix
// evaluation, JSON de-aggregation, and whole-object compression in each CompressionFormat.
#include <benchmark/benchmark.h>

#include <random>
#include <string>

#include "firehose/jq_partition_query.h"
#include "firehose/prefix_template.h"
#include "firehose/record_compression.h"
#include "firehose/record_splitting.h"

namespace millrace::firehose {
namespace {

std::string Record(int i) {
  return "{\"customer_id\":\"c-" + std::to_string(i % 97) +
         "\",\"type\":{\"device\":\"mobile\"},\"ts\":1535365815,\"amount\":" +
         std::to_string(i * 3 % 1000) + ",\"note\":\"some text that a record carries\"}";
}

void BM_JqPartitionKeys(benchmark::State& state) {
  auto query = JqPartitionQuery::Compile(
      "{customer_id:.customer_id, device:.type.device, year:.ts|strftime(\"%Y\")}");
  std::vector<std::string> records;
  for (int i = 0; i < 1000; ++i) records.push_back(Record(i));
  size_t i = 0;
  for (auto _ : state) {
    auto keys = (*query)->Evaluate(records[i++ % records.size()]);
    benchmark::DoNotOptimize(keys);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_JqPartitionKeys);

void BM_PrefixEvaluate(benchmark::State& state) {
  auto prefix = PrefixTemplate::Parse(
      "cust=!{partitionKeyFromQuery:customer_id}/dt=!{timestamp:yyyy-MM-dd}/h=!{timestamp:HH}/",
      PrefixKind::kPrefix);
  PartitionKeys keys;
  keys.Set("customer_id", "c-17");
  PrefixContext context{.arrival_millis = 1535365815123, .query_keys = &keys};
  for (auto _ : state) {
    auto out = prefix->Evaluate(context);
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PrefixEvaluate);

void BM_SplitJsonRecords(benchmark::State& state) {
  std::string aggregated;
  for (int i = 0; i < 100; ++i) aggregated += Record(i) + "\n";
  for (auto _ : state) {
    auto pieces = SplitJsonRecords(aggregated);
    benchmark::DoNotOptimize(pieces);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(aggregated.size()));
}
BENCHMARK(BM_SplitJsonRecords);

void BM_Compress(benchmark::State& state) {
  const auto format = static_cast<CompressionFormat>(state.range(0));
  std::string object;
  for (int i = 0; object.size() < (4 << 20); ++i) object += Record(i) + "\n";
  for (auto _ : state) {
    auto out = Compress(format, object);
    benchmark::DoNotOptimize(out);
    state.counters["ratio"] = static_cast<double>(object.size()) / out->size();
  }
  state.SetLabel(std::string(CompressionFormatName(format)));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(object.size()));
}
BENCHMARK(BM_Compress)->DenseRange(1, 4)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace millrace::firehose

BENCHMARK_MAIN();
