// Throughput of log::DecompressBatch per Kafka codec on a producer-sized batch (500 JSON-ish
// records of ~200 bytes), and of reading the same batch uncompressed, for comparison.
#include <benchmark/benchmark.h>
#include <lz4frame.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <string>

#include "base/endian.h"
#include "log/batch_decompression.h"
#include "log/record_batch.h"
#include "log/record_batch_builder.h"
#include "log/record_batch_reader.h"

namespace millrace {
namespace {

constexpr size_t kRecordsOffset = 61;

std::string PlainBatch() {
  log::RecordBatchBuilder builder;
  for (int i = 0; i < 500; ++i) {
    std::string value = R"({"id":)" + std::to_string(i) + R"(,"shop":"shop-)" +
                        std::to_string(i % 17) + R"(","amount":)" + std::to_string(i * 3.25) +
                        R"(,"items":["x","y","z"],"note":"a record written by a Kafka producer"})";
    value.resize(200, ' ');
    builder.Add("key-" + std::to_string(i % 31), value, 1'700'000'000'000 + i);
  }
  return builder.Finish();
}

std::string Compress(int codec, const std::string& in) {
  std::string out;
  switch (codec) {
    case 1: {
      z_stream zs{};
      deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
      out.resize(deflateBound(&zs, in.size()) + 64);
      zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
      zs.avail_in = static_cast<uInt>(in.size());
      zs.next_out = reinterpret_cast<Bytef*>(out.data());
      zs.avail_out = static_cast<uInt>(out.size());
      deflate(&zs, Z_FINISH);
      out.resize(zs.total_out);
      deflateEnd(&zs);
      break;
    }
    case 2:
      snappy::Compress(in.data(), in.size(), &out);
      break;
    case 3:
      out.resize(LZ4F_compressFrameBound(in.size(), nullptr));
      out.resize(LZ4F_compressFrame(out.data(), out.size(), in.data(), in.size(), nullptr));
      break;
    case 4:
      out.resize(ZSTD_compressBound(in.size()));
      out.resize(ZSTD_compress(out.data(), out.size(), in.data(), in.size(), 3));
      break;
  }
  return out;
}

std::string CompressedBatch(int codec) {
  std::string plain = PlainBatch();
  std::string out = plain.substr(0, kRecordsOffset) + Compress(codec, plain.substr(kRecordsOffset));
  auto* p = reinterpret_cast<uint8_t*>(out.data());
  StoreBE<uint32_t>(p + log::batch_format::kBatchLength,
                    static_cast<uint32_t>(out.size() - log::batch_format::kLogOverhead));
  StoreBE<uint16_t>(p + log::batch_format::kAttributes, static_cast<uint16_t>(codec));
  StoreBE<uint32_t>(p + log::batch_format::kCrc, log::ComputeBatchCrc(p, out.size()));
  return out;
}

// Decompress and iterate every record: what a Kinesis read of a compressed batch costs.
void BM_DecompressAndRead(benchmark::State& state) {
  const int codec = static_cast<int>(state.range(0));
  const std::string batch = codec == 0 ? PlainBatch() : CompressedBatch(codec);
  size_t plain_bytes = 0;
  for (auto _ : state) {
    std::string owned;
    std::span<const uint8_t> bytes = log::AsBytes(batch);
    if (codec != 0) {
      owned = *log::DecompressBatch(bytes);
      bytes = log::AsBytes(owned);
    }
    auto reader = log::RecordBatchReader::Open(bytes);
    size_t n = 0;
    while (true) {
      auto r = reader->Next();
      if (!r.ok() || !r->has_value()) break;
      n += (*r)->value->size();
    }
    benchmark::DoNotOptimize(n);
    plain_bytes = bytes.size();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * plain_bytes));
  state.SetItemsProcessed(state.iterations() * 500);
  state.counters["stored_bytes"] = static_cast<double>(batch.size());
}
BENCHMARK(BM_DecompressAndRead)->Arg(0)->Arg(1)->Arg(2)->Arg(3)->Arg(4);

}  // namespace
}  // namespace millrace

BENCHMARK_MAIN();
