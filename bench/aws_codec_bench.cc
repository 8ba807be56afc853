// Costs of the AWS body codecs and event stream framing on a PutRecords-sized document:
// 500 records of 1 KiB, decoded and encoded as JSON 1.1 (base64 blobs) and CBOR 1.1 (byte strings).
#include <benchmark/benchmark.h>

#include <string>

#include "net/aws/aws_codec.h"
#include "net/aws/cbor_codec.h"
#include "net/aws/event_stream.h"
#include "net/aws/event_stream_messages.h"

namespace millrace::net::aws {
namespace {

Value PutRecordsRequest() {
  Value records = Value::MakeArray();
  for (int i = 0; i < 500; ++i) {
    Value record = Value::MakeObject();
    record.Set("Data", Value::Bytes(std::string(1024, static_cast<char>('a' + i % 26))));
    record.Set("PartitionKey", "user-" + std::to_string(i));
    records.Append(std::move(record));
  }
  Value request = Value::MakeObject();
  request.Set("StreamName", "bench");
  request.Set("Records", std::move(records));
  return request;
}

template <typename Codec>
void BM_Decode(benchmark::State& state) {
  Codec codec;
  std::string body = codec.Encode(PutRecordsRequest());
  for (auto _ : state) benchmark::DoNotOptimize(codec.Decode(body, 16 << 20));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * body.size()));
}
BENCHMARK(BM_Decode<AwsJsonCodec>);
BENCHMARK(BM_Decode<AwsCborCodec>);

template <typename Codec>
void BM_Encode(benchmark::State& state) {
  Codec codec;
  Value request = PutRecordsRequest();
  size_t bytes = codec.Encode(request).size();
  for (auto _ : state) benchmark::DoNotOptimize(codec.Encode(request));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_Encode<AwsJsonCodec>);
BENCHMARK(BM_Encode<AwsCborCodec>);

// One SubscribeToShardEvent carrying the 500 records, framed as an event stream message.
void BM_EncodeSubscribeToShardEvent(benchmark::State& state) {
  AwsCborCodec codec;
  Value event = PutRecordsRequest();
  size_t bytes = EncodeEvent("SubscribeToShardEvent", event, codec)->size();
  for (auto _ : state) benchmark::DoNotOptimize(EncodeEvent("SubscribeToShardEvent", event, codec));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_EncodeSubscribeToShardEvent);

void BM_DecodeEventMessage(benchmark::State& state) {
  AwsCborCodec codec;
  std::string frame = *EncodeEvent("SubscribeToShardEvent", PutRecordsRequest(), codec);
  for (auto _ : state) benchmark::DoNotOptimize(DecodeEventMessage(frame));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * frame.size()));
}
BENCHMARK(BM_DecodeEventMessage);

}  // namespace
}  // namespace millrace::net::aws

BENCHMARK_MAIN();
