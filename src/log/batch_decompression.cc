#include "log/batch_decompression.h"

#include <lz4frame.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>

#include "base/endian.h"
#include "log/record_batch.h"

namespace millrace::log {

namespace {

constexpr size_t kRecordsOffset = batch_format::kRecordCount + 4;  // 61
constexpr char kXerialMagic[8] = {'\x82', 'S', 'N', 'A', 'P', 'P', 'Y', '\0'};
constexpr size_t kChunkBytes = 64 << 10;

Status TooLarge() {
  return Status::ResourceExhausted("a Kafka batch decompresses past " +
                                   std::to_string(kMaxDecompressedBatchBytes >> 20) + " MiB");
}

// gzip (RFC 1952); concatenated members are accepted.
Result<std::string> Gunzip(std::string_view in) {
  std::string out;
  size_t pos = 0;
  std::string chunk(kChunkBytes, '\0');
  do {
    z_stream zs{};
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) return Status::Internal("gzip: inflateInit2");
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + pos));
    zs.avail_in = static_cast<uInt>(in.size() - pos);
    int rc = Z_OK;
    while (rc == Z_OK) {
      zs.next_out = reinterpret_cast<Bytef*>(chunk.data());
      zs.avail_out = static_cast<uInt>(chunk.size());
      rc = inflate(&zs, Z_NO_FLUSH);
      out.append(chunk.data(), chunk.size() - zs.avail_out);
      if (out.size() > kMaxDecompressedBatchBytes) {
        inflateEnd(&zs);
        return TooLarge();
      }
      if (rc == Z_BUF_ERROR && zs.avail_in == 0) break;  // truncated
    }
    const size_t consumed = in.size() - pos - zs.avail_in;
    const std::string detail = zs.msg != nullptr ? std::string(": ") + zs.msg : "";
    inflateEnd(&zs);
    if (rc != Z_STREAM_END) return Status::InvalidArgument("gzip: damaged payload" + detail);
    pos += consumed;
  } while (pos < in.size());
  return out;
}

// One raw snappy block appended to `out`.
Status AppendRawSnappy(std::string_view block, std::string* out) {
  size_t n = 0;
  if (!snappy::GetUncompressedLength(block.data(), block.size(), &n)) {
    return Status::InvalidArgument("snappy: damaged block");
  }
  if (out->size() + n > kMaxDecompressedBatchBytes) return TooLarge();
  const size_t at = out->size();
  out->resize(at + n);
  if (!snappy::RawUncompress(block.data(), block.size(), out->data() + at)) {
    return Status::InvalidArgument("snappy: damaged block");
  }
  return Status::Ok();
}

// Raw snappy (librdkafka) or xerial framing (Java clients): 8-byte magic, two int32 versions,
// then [int32 length][raw snappy block] chunks.
Result<std::string> Unsnappy(std::string_view in) {
  std::string out;
  if (in.size() < 16 || std::memcmp(in.data(), kXerialMagic, 8) != 0) {
    MR_RETURN_IF_ERROR(AppendRawSnappy(in, &out));
    return out;
  }
  size_t pos = 16;
  while (pos < in.size()) {
    if (in.size() - pos < 4) return Status::InvalidArgument("snappy: truncated xerial chunk");
    const uint32_t len = LoadBE<uint32_t>(reinterpret_cast<const uint8_t*>(in.data() + pos));
    pos += 4;
    if (in.size() - pos < len) return Status::InvalidArgument("snappy: truncated xerial chunk");
    MR_RETURN_IF_ERROR(AppendRawSnappy(in.substr(pos, len), &out));
    pos += len;
  }
  return out;
}

// The LZ4 frame format (what Kafka's lz4 codec writes for v2 batches); concatenated frames are
// accepted. Decodes straight into the output (no staging copy), growing it as needed.
Result<std::string> Unlz4(std::string_view in) {
  if (in.empty()) return Status::InvalidArgument("lz4: empty payload");
  LZ4F_dctx* ctx = nullptr;
  if (LZ4F_isError(LZ4F_createDecompressionContext(&ctx, LZ4F_VERSION))) {
    return Status::Internal("lz4: cannot create a decompression context");
  }
  std::string out(std::min(std::max(in.size() * 4, kChunkBytes), kMaxDecompressedBatchBytes), '\0');
  size_t produced = 0;
  size_t pos = 0;
  size_t hint = 1;  // bytes the decoder still expects; 0 right after a frame ends
  Status status = Status::Ok();
  while (status.ok()) {
    if (out.size() - produced < kChunkBytes) {
      if (out.size() >= kMaxDecompressedBatchBytes + kChunkBytes) {
        status = TooLarge();
        break;
      }
      out.resize(std::min(out.size() * 2, kMaxDecompressedBatchBytes + kChunkBytes));
    }
    size_t dst_size = out.size() - produced;
    size_t src_size = in.size() - pos;
    hint =
        LZ4F_decompress(ctx, out.data() + produced, &dst_size, in.data() + pos, &src_size, nullptr);
    if (LZ4F_isError(hint)) {
      status = Status::InvalidArgument(std::string("lz4: ") + LZ4F_getErrorName(hint));
      break;
    }
    pos += src_size;
    produced += dst_size;
    if (produced > kMaxDecompressedBatchBytes) {
      status = TooLarge();
    } else if (pos == in.size() && hint == 0) {
      break;  // every frame complete
    } else if (src_size == 0 && dst_size == 0) {
      // No input left to give and nothing more to drain: the last frame is cut short.
      status = Status::InvalidArgument(pos == in.size() ? "lz4: truncated frame"
                                                        : "lz4: decoder made no progress");
    }
  }
  LZ4F_freeDecompressionContext(ctx);
  if (!status.ok()) return status;
  out.resize(produced);
  return out;
}

// zstd; concatenated frames are accepted.
Result<std::string> Unzstd(std::string_view in) {
  ZSTD_DStream* stream = ZSTD_createDStream();
  if (stream == nullptr) return Status::Internal("zstd: out of memory");
  std::string out;
  std::string chunk(ZSTD_DStreamOutSize(), '\0');
  ZSTD_inBuffer input{in.data(), in.size(), 0};
  Status status = Status::Ok();
  size_t hint = 1;  // 0 once a frame is complete and flushed
  while (true) {
    ZSTD_outBuffer output{chunk.data(), chunk.size(), 0};
    const size_t before = input.pos;
    hint = ZSTD_decompressStream(stream, &output, &input);
    if (ZSTD_isError(hint)) {
      status = Status::InvalidArgument(std::string("zstd: ") + ZSTD_getErrorName(hint));
      break;
    }
    out.append(chunk.data(), output.pos);
    if (out.size() > kMaxDecompressedBatchBytes) {
      status = TooLarge();
      break;
    }
    if (input.pos == input.size) {
      if (hint == 0) break;
      // More output may be held back only if the output buffer filled up.
      if (output.pos < output.size) {
        status = Status::InvalidArgument("zstd: truncated frame");
        break;
      }
    } else if (input.pos == before && output.pos == 0) {
      status = Status::InvalidArgument("zstd: decoder made no progress");
      break;
    }
  }
  ZSTD_freeDStream(stream);
  if (!status.ok()) return status;
  if (in.empty()) return Status::InvalidArgument("zstd: empty payload");
  return out;
}

}  // namespace

Result<std::string> DecompressRecords(int codec, std::string_view payload) {
  switch (codec) {
    case 0:
      return std::string(payload);
    case 1:
      return Gunzip(payload);
    case 2:
      return Unsnappy(payload);
    case 3:
      return Unlz4(payload);
    case 4:
      return Unzstd(payload);
    default:
      return Status::InvalidArgument("unknown Kafka batch codec " + std::to_string(codec));
  }
}

Result<std::string> DecompressBatch(std::span<const uint8_t> batch) {
  MR_ASSIGN_OR_RETURN(BatchHeader header, ValidateBatch(batch));
  if (header.TotalSize() < kRecordsOffset)
    return Status::Corruption("batch shorter than its header");
  const char* base = reinterpret_cast<const char*>(batch.data());
  std::string_view payload(base + kRecordsOffset, header.TotalSize() - kRecordsOffset);
  MR_ASSIGN_OR_RETURN(std::string records, DecompressRecords(header.Compression(), payload));
  std::string out;
  out.reserve(kRecordsOffset + records.size());
  out.append(base, kRecordsOffset);
  out += records;
  auto* p = reinterpret_cast<uint8_t*>(out.data());
  StoreBE<uint32_t>(p + batch_format::kBatchLength,
                    static_cast<uint32_t>(out.size() - batch_format::kLogOverhead));
  StoreBE<uint16_t>(p + batch_format::kAttributes,
                    static_cast<uint16_t>(header.attributes & ~batch_format::kCompressionMask));
  StoreBE<uint32_t>(p + batch_format::kCrc, ComputeBatchCrc(p, out.size()));
  return out;
}

}  // namespace millrace::log
