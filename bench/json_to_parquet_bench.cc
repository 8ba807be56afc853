// Converts a newline-delimited JSON file (bench/gen_ndjson.py's ten columns) to Parquet with
// JsonToParquet and prints the time, input MB/s and output size. Usage:
//   json_to_parquet_bench <in.json> <out.parquet> [snappy|zstd|gzip|none]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "parquet/json_to_parquet.h"

namespace millrace::parquet {
namespace {

// CPU seconds (user + system) this process used so far: steadier than wall time on a shared
// machine.
double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

Schema BenchSchema() {
  return std::move(Schema::Make({
                       schema::Int64("id", Repetition::kRequired),
                       schema::TimestampMillis("at"),
                       schema::String("user"),
                       schema::String("event"),
                       schema::Decimal("amount", 10, 2),
                       schema::Double("score"),
                       schema::Int32("qty"),
                       schema::Boolean("flag"),
                       schema::Date("day"),
                       schema::String("note"),
                   }))
      .value();
}

int Run(const char* in_path, const char* out_path, const char* codec) {
  WriterOptions options;
  if (std::strcmp(codec, "zstd") == 0) options.codec = Codec::kZstd;
  if (std::strcmp(codec, "gzip") == 0) options.codec = Codec::kGzip;
  if (std::strcmp(codec, "none") == 0) options.codec = Codec::kUncompressed;
  std::FILE* in = std::fopen(in_path, "rb");
  if (in == nullptr) {
    std::perror(in_path);
    return 1;
  }
  auto sink = FileSink::Create(out_path);
  if (!sink.ok()) {
    std::fprintf(stderr, "%s\n", sink.status().ToString().c_str());
    return 1;
  }
  auto start = std::chrono::steady_clock::now();
  const double cpu_start = CpuSeconds();
  auto converter = JsonToParquet::Open(BenchSchema(), options, sink->get());
  if (!converter.ok()) return 1;
  // Feed whole lines in chunks of about 8 MiB, as a delivery buffer would.
  std::vector<char> buffer(8 << 20);
  size_t carried = 0;
  int64_t input_bytes = 0;
  std::vector<RecordError> errors;
  for (;;) {
    size_t got = std::fread(buffer.data() + carried, 1, buffer.size() - carried, in);
    input_bytes += static_cast<int64_t>(got);
    size_t filled = carried + got;
    if (filled == 0) break;
    size_t cut = filled;
    if (got != 0) {
      while (cut > 0 && buffer[cut - 1] != '\n') --cut;
      if (cut == 0) buffer.resize(buffer.size() * 2);  // a line longer than the buffer
    }
    if (cut > 0) {
      Status s = (*converter)->Append(std::string_view(buffer.data(), cut), &errors);
      if (!s.ok()) {
        std::fprintf(stderr, "%s\n", s.ToString().c_str());
        return 1;
      }
    }
    carried = filled - cut;
    std::memmove(buffer.data(), buffer.data() + cut, carried);
    if (got == 0) break;
  }
  std::fclose(in);
  Status closed = (*converter)->Close();
  if (closed.ok()) closed = (*sink)->Close();
  if (!closed.ok()) {
    std::fprintf(stderr, "%s\n", closed.ToString().c_str());
    return 1;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double cpu = CpuSeconds() - cpu_start;
  std::ifstream out(out_path, std::ios::binary | std::ios::ate);
  long long output_bytes = static_cast<long long>(out.tellg());
  std::printf(
      "millrace  wall %7.2f s %7.1f MB/s  cpu %7.2f s %7.1f MB/s  output %lld bytes  records %lld"
      "  rejected %zu\n",
      seconds, static_cast<double>(input_bytes) / 1e6 / seconds, cpu,
      static_cast<double>(input_bytes) / 1e6 / cpu, output_bytes,
      static_cast<long long>((*converter)->records_written()), errors.size());
  if (!errors.empty()) std::fprintf(stderr, "first rejected: %s\n", errors[0].ToString().c_str());
  return 0;
}

}  // namespace
}  // namespace millrace::parquet

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: json_to_parquet_bench <in.json> <out.parquet> [codec]\n");
    return 2;
  }
  return millrace::parquet::Run(argv[1], argv[2], argc > 3 ? argv[3] : "snappy");
}
