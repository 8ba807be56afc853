// Costs of the per-record and per-request Kinesis computations: partition-key hashing, routing,
// sequence numbers and shard iterator tokens.
#include <benchmark/benchmark.h>

#include <string>

#include "kinesis/hash_key.h"
#include "kinesis/sequence_number.h"
#include "kinesis/shard_iterator.h"
#include "kinesis/shard_map.h"

namespace millrace::kinesis {
namespace {

void BM_PartitionKeyHash(benchmark::State& state) {
  std::string key = "user-" + std::string(static_cast<size_t>(state.range(0)), 'x');
  for (auto _ : state) benchmark::DoNotOptimize(PartitionKeyHash(key));
}
BENCHMARK(BM_PartitionKeyHash)->Arg(8)->Arg(256);

void BM_Route(benchmark::State& state) {
  ShardMap map = ShardMap::Create("s", "000000000000", static_cast<int32_t>(state.range(0)), 0);
  HashKey key = 0x9E3779B97F4A7C15ULL;
  for (auto _ : state) {
    key = key * 6364136223846793005ULL + 1442695040888963407ULL;
    benchmark::DoNotOptimize(map.Route(key).index);
  }
}
BENCHMARK(BM_Route)->Arg(1)->Arg(64)->Arg(10000);

void BM_EncodeSequenceNumber(benchmark::State& state) {
  int64_t offset = 0;
  for (auto _ : state) benchmark::DoNotOptimize(EncodeSequenceNumber({1764000000, 3, offset++}));
}
BENCHMARK(BM_EncodeSequenceNumber);

void BM_DecodeSequenceNumber(benchmark::State& state) {
  std::string text = EncodeSequenceNumber({1764000000, 3, 123456789});
  for (auto _ : state) benchmark::DoNotOptimize(DecodeSequenceNumber(text));
}
BENCHMARK(BM_DecodeSequenceNumber);

void BM_IteratorEncode(benchmark::State& state) {
  ShardIteratorCodec codec(std::string(ShardIteratorCodec::kKeySize, 'k'));
  ShardIteratorPosition p{"clickstream-events", 1764000000, 3, 0, 1764065400000};
  for (auto _ : state) {
    ++p.next_offset;
    benchmark::DoNotOptimize(codec.Encode(p));
  }
}
BENCHMARK(BM_IteratorEncode);

void BM_IteratorDecode(benchmark::State& state) {
  ShardIteratorCodec codec(std::string(ShardIteratorCodec::kKeySize, 'k'));
  std::string token = codec.Encode({"clickstream-events", 1764000000, 3, 42, 1764065400000});
  for (auto _ : state) benchmark::DoNotOptimize(codec.Decode(token, 1764065400000));
}
BENCHMARK(BM_IteratorDecode);

}  // namespace
}  // namespace millrace::kinesis

BENCHMARK_MAIN();
