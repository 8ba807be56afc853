// Throughput of the Kafka codec on the two hot paths: decoding Produce requests and encoding
// Fetch responses. Record batches are opaque bytes here, so these measure framing overhead plus
// the copies of batch bytes into and out of the message structs.
#include <benchmark/benchmark.h>

#include <string>

#include "kafka/protocol/messages/fetch_message.h"
#include "kafka/protocol/messages/produce_message.h"
#include "kafka/protocol/response_frame.h"

namespace millrace::kafka {
namespace {

// A Produce v7 request for `partitions` partitions of one topic, each with a `batch_bytes` batch.
std::string EncodedProduce(int partitions, size_t batch_bytes) {
  ProduceRequest request{.acks = -1, .timeout_ms = 30000};
  request.topics.push_back({.name = "bench-topic"});
  for (int p = 0; p < partitions; ++p) {
    request.topics[0].partitions.push_back({.index = p, .records = std::string(batch_bytes, 'x')});
  }
  WireWriter w;
  (void)request.Encode(w, 7);
  return w.Release();
}

void BM_DecodeProduceV7(benchmark::State& state) {
  const std::string bytes = EncodedProduce(static_cast<int>(state.range(0)), state.range(1));
  for (auto _ : state) {
    ProduceRequest request;
    WireReader r(bytes);
    benchmark::DoNotOptimize(request.Decode(r, 7));
    benchmark::DoNotOptimize(request);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(BM_DecodeProduceV7)->Args({1, 1024})->Args({1, 16384})->Args({16, 16384});

void BM_EncodeFetchV11Frame(benchmark::State& state) {
  FetchResponse response;
  response.topics.push_back({.name = "bench-topic"});
  for (int p = 0; p < state.range(0); ++p) {
    response.topics[0].partitions.push_back({.partition = p,
                                             .high_watermark = 1000,
                                             .last_stable_offset = 1000,
                                             .log_start_offset = 0,
                                             .records = std::string(state.range(1), 'y')});
  }
  const bool hinted = state.range(2) != 0;
  const size_t hint = hinted ? response.RecordBytes() + 1024 : 0;
  size_t frame_bytes = 0;
  for (auto _ : state) {
    auto frame = EncodeResponseFrame(ApiKey::kFetch, 11, 1, response, hint);
    frame_bytes = frame->size();
    benchmark::DoNotOptimize(frame);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * frame_bytes));
}
// Third argument: 1 passes a size hint so the frame buffer is allocated once.
BENCHMARK(BM_EncodeFetchV11Frame)
    ->Args({1, 1 << 20, 0})
    ->Args({16, 65536, 0})
    ->Args({16, 65536, 1});

void BM_DecodeTinyProduceV7(benchmark::State& state) {
  ProduceRequest request;  // one 1-byte batch: the fixed per-message cost
  request.topics.push_back({.name = "t", .partitions = {{.index = 0, .records = "r"}}});
  WireWriter w;
  (void)request.Encode(w, 7);
  const std::string bytes = w.Release();
  for (auto _ : state) {
    ProduceRequest decoded;
    WireReader r(bytes);
    benchmark::DoNotOptimize(decoded.Decode(r, 7));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecodeTinyProduceV7);

}  // namespace
}  // namespace millrace::kafka
