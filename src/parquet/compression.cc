#include "parquet/compression.h"

#include <fmt/format.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

namespace millrace::parquet {

namespace {

constexpr int kZstdLevel = 3;
constexpr int kGzipWindowBits = 15 + 16;         // zlib's "gzip wrapper" flag
constexpr int kInflateAutoWindowBits = 15 + 32;  // accept gzip or zlib headers

Status GzipCompress(std::string_view input, std::string* out) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindowBits, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    return Status::Internal("gzip: deflateInit2 failed");
  }
  size_t start = out->size();
  out->resize(start + deflateBound(&zs, input.size()));
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  zs.avail_in = static_cast<uInt>(input.size());
  zs.next_out = reinterpret_cast<Bytef*>(out->data() + start);
  zs.avail_out = static_cast<uInt>(out->size() - start);
  int rc = deflate(&zs, Z_FINISH);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return Status::Internal("gzip: deflate did not finish");
  out->resize(start + zs.total_out);
  return Status::Ok();
}

Status GzipDecompress(std::string_view input, size_t uncompressed_size, std::string* out) {
  out->resize(uncompressed_size);
  z_stream zs{};
  if (inflateInit2(&zs, kInflateAutoWindowBits) != Z_OK) {
    return Status::Internal("gzip: inflateInit2 failed");
  }
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  zs.avail_in = static_cast<uInt>(input.size());
  zs.next_out = reinterpret_cast<Bytef*>(out->data());
  zs.avail_out = static_cast<uInt>(uncompressed_size);
  Status status;
  while (true) {
    int rc = inflate(&zs, Z_NO_FLUSH);
    if (rc == Z_STREAM_END) {
      // Another gzip member may follow.
      if (zs.avail_in == 0) break;
      if (inflateReset(&zs) != Z_OK) {
        status = Status::Corruption("gzip: cannot start the next member");
        break;
      }
      continue;
    }
    if (rc == Z_BUF_ERROR && zs.avail_out == 0) {
      status = Status::Corruption("gzip: data decompresses to more than the page size");
      break;
    }
    if (rc != Z_OK) {
      status = Status::Corruption(fmt::format("gzip: inflate failed ({})", rc));
      break;
    }
    if (zs.avail_in == 0) {
      status = Status::Corruption("gzip: data ends inside a member");
      break;
    }
  }
  size_t produced = uncompressed_size - zs.avail_out;
  inflateEnd(&zs);
  MR_RETURN_IF_ERROR(status);
  if (produced != uncompressed_size) {
    return Status::Corruption("gzip: uncompressed size differs from the page header");
  }
  return Status::Ok();
}

}  // namespace

bool CodecSupported(Codec codec) {
  return codec == Codec::kUncompressed || codec == Codec::kSnappy || codec == Codec::kGzip ||
         codec == Codec::kZstd;
}

Status Compress(Codec codec, std::string_view input, std::string* out) {
  switch (codec) {
    case Codec::kUncompressed:
      out->append(input);
      return Status::Ok();
    case Codec::kSnappy: {
      size_t start = out->size();
      out->resize(start + snappy::MaxCompressedLength(input.size()));
      size_t n = 0;
      snappy::RawCompress(input.data(), input.size(), out->data() + start, &n);
      out->resize(start + n);
      return Status::Ok();
    }
    case Codec::kGzip:
      return GzipCompress(input, out);
    case Codec::kZstd: {
      size_t start = out->size();
      out->resize(start + ZSTD_compressBound(input.size()));
      size_t n = ZSTD_compress(out->data() + start, out->size() - start, input.data(), input.size(),
                               kZstdLevel);
      if (ZSTD_isError(n)) return Status::Internal(std::string("zstd: ") + ZSTD_getErrorName(n));
      out->resize(start + n);
      return Status::Ok();
    }
    default:
      return Status::InvalidArgument(
          fmt::format("parquet codec {} is not supported", CodecName(codec)));
  }
}

Status Decompress(Codec codec, std::string_view input, size_t uncompressed_size, std::string* out) {
  switch (codec) {
    case Codec::kUncompressed:
      if (input.size() != uncompressed_size) {
        return Status::Corruption("uncompressed page: size differs from the page header");
      }
      out->assign(input);
      return Status::Ok();
    case Codec::kSnappy: {
      size_t n = 0;
      if (!snappy::GetUncompressedLength(input.data(), input.size(), &n) ||
          n != uncompressed_size) {
        return Status::Corruption("snappy: uncompressed size differs from the page header");
      }
      out->resize(n);
      if (!snappy::RawUncompress(input.data(), input.size(), out->data())) {
        return Status::Corruption("snappy: corrupt data");
      }
      return Status::Ok();
    }
    case Codec::kGzip:
      return GzipDecompress(input, uncompressed_size, out);
    case Codec::kZstd: {
      out->resize(uncompressed_size);
      // Frames may omit their content size; decompress into the exact buffer and compare.
      size_t n = ZSTD_decompress(out->data(), out->size(), input.data(), input.size());
      if (ZSTD_isError(n)) return Status::Corruption(std::string("zstd: ") + ZSTD_getErrorName(n));
      if (n != uncompressed_size) {
        return Status::Corruption("zstd: uncompressed size differs from the page header");
      }
      return Status::Ok();
    }
    default:
      return Status::Corruption(
          fmt::format("parquet codec {} is not supported by this reader", CodecName(codec)));
  }
}

}  // namespace millrace::parquet
