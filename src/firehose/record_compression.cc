#include "firehose/record_compression.h"

#include <snappy.h>
#include <zlib.h>

#include <chrono>

#include "base/crc32c.h"
#include "base/endian.h"

namespace millrace::firehose {

namespace {

constexpr size_t kSnappyFrameChunk = 65536;        // framing format: max uncompressed per chunk
constexpr size_t kHadoopSnappyBlock = 256 * 1024;  // Hadoop's default snappy buffer size

// Deflates `data` into `out` with the given zlib window bits (31 = gzip wrapper, -15 = raw).
Status Deflate(std::string_view data, int window_bits, std::string& out) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    return Status::Internal("deflateInit2 failed");
  }
  const size_t start = out.size();
  out.resize(start + deflateBound(&zs, static_cast<uLong>(data.size())));
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data() + start);
  zs.avail_out = static_cast<uInt>(out.size() - start);
  const int rc = deflate(&zs, Z_FINISH);
  const size_t written = zs.total_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return Status::Internal("deflate did not finish");
  out.resize(start + written);
  return Status::Ok();
}

template <typename T>
void PutLE(std::string& out, T v) {
  uint8_t buf[sizeof(T)];
  StoreLE<T>(buf, v);
  out.append(reinterpret_cast<const char*>(buf), sizeof(T));
}

template <typename T>
void PutBE(std::string& out, T v) {
  uint8_t buf[sizeof(T)];
  StoreBE<T>(buf, v);
  out.append(reinterpret_cast<const char*>(buf), sizeof(T));
}

// MS-DOS date and time words for a UTC instant (2-second resolution, years 1980-2107).
void DosDateTime(int64_t millis, uint16_t* dos_date, uint16_t* dos_time) {
  using namespace std::chrono;
  const sys_time<milliseconds> t{milliseconds(millis)};
  const sys_days day = floor<days>(t);
  const year_month_day ymd{day};
  int year = static_cast<int>(ymd.year());
  if (year < 1980 || year > 2107) {
    *dos_date = (0 << 9) | (1 << 5) | 1;
    *dos_time = 0;
    return;
  }
  const int64_t s = duration_cast<seconds>(t - day).count();
  *dos_date =
      static_cast<uint16_t>(((year - 1980) << 9) | (static_cast<unsigned>(ymd.month()) << 5) |
                            static_cast<unsigned>(ymd.day()));
  *dos_time = static_cast<uint16_t>(((s / 3600) << 11) | ((s / 60 % 60) << 5) | (s % 60 / 2));
}

Result<std::string> Zip(std::string_view data, const CompressOptions& options) {
  std::string deflated;
  MR_RETURN_IF_ERROR(Deflate(data, -15, deflated));
  if (data.size() >= 0xFFFFFFFFu || deflated.size() >= 0xFFFFFFFFu) {
    return Status::ResourceExhausted("a ZIP object holds at most 4 GiB");
  }
  const uint32_t crc = static_cast<uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
  uint16_t dos_date;
  uint16_t dos_time;
  DosDateTime(options.zip_modified_millis, &dos_date, &dos_time);
  const std::string& name = options.zip_entry_name;
  auto common = [&](std::string& out) {
    PutLE<uint16_t>(out, 20);  // version needed: 2.0 (deflate)
    PutLE<uint16_t>(out, 0);   // flags
    PutLE<uint16_t>(out, 8);   // method: deflate
    PutLE<uint16_t>(out, dos_time);
    PutLE<uint16_t>(out, dos_date);
    PutLE<uint32_t>(out, crc);
    PutLE<uint32_t>(out, static_cast<uint32_t>(deflated.size()));
    PutLE<uint32_t>(out, static_cast<uint32_t>(data.size()));
    PutLE<uint16_t>(out, static_cast<uint16_t>(name.size()));
    PutLE<uint16_t>(out, 0);  // extra field length
  };
  std::string out;
  out.reserve(deflated.size() + 2 * name.size() + 100);
  PutLE<uint32_t>(out, 0x04034b50);  // local file header
  common(out);
  out += name;
  out += deflated;
  const uint32_t central_offset = static_cast<uint32_t>(out.size());
  PutLE<uint32_t>(out, 0x02014b50);  // central directory header
  PutLE<uint16_t>(out, 0x0314);      // made by: Unix, spec 2.0
  common(out);
  PutLE<uint16_t>(out, 0);               // comment length
  PutLE<uint16_t>(out, 0);               // disk number
  PutLE<uint16_t>(out, 0);               // internal attributes
  PutLE<uint32_t>(out, 0100644u << 16);  // external attributes: a regular file, rw-r--r--
  PutLE<uint32_t>(out, 0);               // local header offset
  out += name;
  const uint32_t central_size = static_cast<uint32_t>(out.size()) - central_offset;
  PutLE<uint32_t>(out, 0x06054b50);  // end of central directory
  PutLE<uint16_t>(out, 0);
  PutLE<uint16_t>(out, 0);
  PutLE<uint16_t>(out, 1);
  PutLE<uint16_t>(out, 1);
  PutLE<uint32_t>(out, central_size);
  PutLE<uint32_t>(out, central_offset);
  PutLE<uint16_t>(out, 0);
  return out;
}

std::string SnappyFramed(std::string_view data) {
  std::string out("\xff\x06\x00\x00sNaPpY", 10);
  std::string compressed;
  for (size_t pos = 0; pos < data.size(); pos += kSnappyFrameChunk) {
    const std::string_view chunk = data.substr(pos, kSnappyFrameChunk);
    const uint32_t crc =
        crc32c::Value(reinterpret_cast<const uint8_t*>(chunk.data()), chunk.size());
    const uint32_t masked = ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
    snappy::Compress(chunk.data(), chunk.size(), &compressed);
    const bool use_compressed = compressed.size() < chunk.size();
    const std::string_view body = use_compressed ? std::string_view(compressed) : chunk;
    const uint32_t length = static_cast<uint32_t>(body.size() + 4);
    out.push_back(use_compressed ? '\x00' : '\x01');
    out.push_back(static_cast<char>(length & 0xFF));
    out.push_back(static_cast<char>((length >> 8) & 0xFF));
    out.push_back(static_cast<char>((length >> 16) & 0xFF));
    PutLE<uint32_t>(out, masked);
    out += body;
  }
  return out;
}

std::string HadoopSnappy(std::string_view data) {
  std::string out;
  std::string compressed;
  for (size_t pos = 0; pos < data.size(); pos += kHadoopSnappyBlock) {
    const std::string_view block = data.substr(pos, kHadoopSnappyBlock);
    snappy::Compress(block.data(), block.size(), &compressed);
    PutBE<uint32_t>(out, static_cast<uint32_t>(block.size()));
    PutBE<uint32_t>(out, static_cast<uint32_t>(compressed.size()));
    out += compressed;
  }
  return out;
}

}  // namespace

Result<CompressionFormat> ParseCompressionFormat(std::string_view name) {
  if (name == "UNCOMPRESSED") return CompressionFormat::kUncompressed;
  if (name == "GZIP") return CompressionFormat::kGzip;
  if (name == "ZIP") return CompressionFormat::kZip;
  if (name == "Snappy") return CompressionFormat::kSnappy;
  if (name == "HADOOP_SNAPPY") return CompressionFormat::kHadoopSnappy;
  return Status::InvalidArgument("CompressionFormat '" + std::string(name) +
                                 "' is not one of UNCOMPRESSED, GZIP, ZIP, Snappy, HADOOP_SNAPPY");
}

std::string_view CompressionFormatName(CompressionFormat format) {
  switch (format) {
    case CompressionFormat::kUncompressed:
      return "UNCOMPRESSED";
    case CompressionFormat::kGzip:
      return "GZIP";
    case CompressionFormat::kZip:
      return "ZIP";
    case CompressionFormat::kSnappy:
      return "Snappy";
    case CompressionFormat::kHadoopSnappy:
      return "HADOOP_SNAPPY";
  }
  return "UNCOMPRESSED";
}

std::string_view DefaultFileExtension(CompressionFormat format) {
  switch (format) {
    case CompressionFormat::kUncompressed:
      return "";
    case CompressionFormat::kGzip:
      return ".gz";
    case CompressionFormat::kZip:
      return ".zip";
    case CompressionFormat::kSnappy:
    case CompressionFormat::kHadoopSnappy:
      return ".snappy";
  }
  return "";
}

Result<std::string> Compress(CompressionFormat format, std::string_view data,
                             const CompressOptions& options) {
  switch (format) {
    case CompressionFormat::kUncompressed:
      return std::string(data);
    case CompressionFormat::kGzip: {
      std::string out;
      MR_RETURN_IF_ERROR(Deflate(data, 31, out));
      return out;
    }
    case CompressionFormat::kZip:
      return Zip(data, options);
    case CompressionFormat::kSnappy:
      return SnappyFramed(data);
    case CompressionFormat::kHadoopSnappy:
      return HadoopSnappy(data);
  }
  return Status::Internal("unknown compression format");
}

}  // namespace millrace::firehose
