#include "parquet/compression.h"

#include <fmt/format.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>

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

// Page headers state the uncompressed size, but a damaged header must not make the reader
// allocate it up front: output buffers start small and double while the data really expands.
size_t InitialCapacity(size_t input_size, size_t expected) {
  return std::min(expected + 1, std::max<size_t>(size_t{64} << 10, input_size * 8));
}

// Doubles `out` (capped at expected + 1, one byte more than allowed so overflows show).
bool Grow(std::string* out, size_t expected) {
  if (out->size() > expected) return false;
  out->resize(std::min(expected + 1, out->size() * 2));
  return true;
}

Status GzipDecompress(std::string_view input, size_t uncompressed_size, std::string* out) {
  out->assign(InitialCapacity(input.size(), uncompressed_size), '\0');
  z_stream zs{};
  if (inflateInit2(&zs, kInflateAutoWindowBits) != Z_OK) {
    return Status::Internal("gzip: inflateInit2 failed");
  }
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  zs.avail_in = static_cast<uInt>(input.size());
  size_t produced = 0;
  Status status;
  while (true) {
    zs.next_out = reinterpret_cast<Bytef*>(out->data() + produced);
    zs.avail_out = static_cast<uInt>(out->size() - produced);
    int rc = inflate(&zs, Z_NO_FLUSH);
    produced = out->size() - zs.avail_out;
    if (rc == Z_STREAM_END) {
      if (zs.avail_in == 0) break;
      // Another gzip member follows.
      if (inflateReset(&zs) != Z_OK) {
        status = Status::Corruption("gzip: cannot start the next member");
        break;
      }
      continue;
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      status = Status::Corruption(fmt::format("gzip: inflate failed ({})", rc));
      break;
    }
    if (zs.avail_out == 0) {
      if (!Grow(out, uncompressed_size)) {
        status = Status::Corruption("gzip: data decompresses to more than the page size");
        break;
      }
      continue;
    }
    if (zs.avail_in == 0 || rc == Z_BUF_ERROR) {
      status = Status::Corruption("gzip: data ends inside a member");
      break;
    }
  }
  inflateEnd(&zs);
  MR_RETURN_IF_ERROR(status);
  if (produced != uncompressed_size) {
    return Status::Corruption("gzip: uncompressed size differs from the page header");
  }
  out->resize(produced);
  return Status::Ok();
}

Status ZstdDecompress(std::string_view input, size_t uncompressed_size, std::string* out) {
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  if (dctx == nullptr) return Status::Internal("zstd: cannot create a context");
  out->assign(InitialCapacity(input.size(), uncompressed_size), '\0');
  ZSTD_inBuffer in{input.data(), input.size(), 0};
  size_t produced = 0;
  size_t last_rc = 0;
  Status status;
  while (true) {
    ZSTD_outBuffer ob{out->data(), out->size(), produced};
    size_t rc = ZSTD_decompressStream(dctx, &ob, &in);
    produced = ob.pos;
    if (ZSTD_isError(rc)) {
      status = Status::Corruption(std::string("zstd: ") + ZSTD_getErrorName(rc));
      break;
    }
    last_rc = rc;
    if (ob.pos == ob.size) {
      if (!Grow(out, uncompressed_size)) {
        status = Status::Corruption("zstd: data decompresses to more than the page size");
        break;
      }
      continue;
    }
    if (in.pos == in.size) break;
  }
  ZSTD_freeDCtx(dctx);
  MR_RETURN_IF_ERROR(status);
  if (last_rc != 0) return Status::Corruption("zstd: data ends inside a frame");
  if (produced != uncompressed_size) {
    return Status::Corruption("zstd: uncompressed size differs from the page header");
  }
  out->resize(produced);
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
    case Codec::kZstd:
      return ZstdDecompress(input, uncompressed_size, out);
    default:
      return Status::Corruption(
          fmt::format("parquet codec {} is not supported by this reader", CodecName(codec)));
  }
}

}  // namespace millrace::parquet
