#include "firehose/compressed_batch.h"

#include <snappy.h>
#include <zstd.h>

#include <cstring>

#include "base/endian.h"
#include "firehose/cloudwatch_logs.h"
#include "log/record_batch.h"

namespace millrace::firehose {

namespace {

constexpr size_t kMaxRecordsBytes = 256 << 20;
constexpr size_t kRecordsOffset = log::batch_format::kRecordCount + 4;  // 61
constexpr char kXerialMagic[8] = {'\x82', 'S', 'N', 'A', 'P', 'P', 'Y', '\0'};

Result<std::string> Unsnappy(std::string_view in) {
  std::string out;
  auto raw = [&](std::string_view block) -> Status {
    size_t n = 0;
    if (!snappy::GetUncompressedLength(block.data(), block.size(), &n) ||
        out.size() + n > kMaxRecordsBytes) {
      return Status::InvalidArgument("bad snappy block in a Kafka batch");
    }
    std::string part;
    if (!snappy::Uncompress(block.data(), block.size(), &part)) {
      return Status::InvalidArgument("bad snappy block in a Kafka batch");
    }
    out += part;
    return Status::Ok();
  };
  if (in.size() >= 16 && std::memcmp(in.data(), kXerialMagic, 8) == 0) {
    // Xerial framing (Java and librdkafka): 8-byte magic, two int32 versions, then
    // [int32 length][snappy block] chunks.
    size_t pos = 16;
    while (pos < in.size()) {
      if (in.size() - pos < 4) return Status::InvalidArgument("truncated snappy chunk");
      uint32_t len = LoadBE<uint32_t>(reinterpret_cast<const uint8_t*>(in.data() + pos));
      pos += 4;
      if (in.size() - pos < len) return Status::InvalidArgument("truncated snappy chunk");
      MR_RETURN_IF_ERROR(raw(in.substr(pos, len)));
      pos += len;
    }
    return out;
  }
  MR_RETURN_IF_ERROR(raw(in));
  return out;
}

Result<std::string> Unzstd(std::string_view in) {
  std::string out;
  ZSTD_DStream* stream = ZSTD_createDStream();
  if (stream == nullptr) return Status::Internal("zstd: out of memory");
  ZSTD_inBuffer input{in.data(), in.size(), 0};
  std::string chunk(ZSTD_DStreamOutSize(), '\0');
  Status status = Status::Ok();
  while (input.pos < input.size) {
    ZSTD_outBuffer output{chunk.data(), chunk.size(), 0};
    size_t r = ZSTD_decompressStream(stream, &output, &input);
    if (ZSTD_isError(r)) {
      status = Status::InvalidArgument(std::string("zstd: ") + ZSTD_getErrorName(r));
      break;
    }
    out.append(chunk.data(), output.pos);
    if (out.size() > kMaxRecordsBytes) {
      status = Status::ResourceExhausted("a Kafka batch decompresses past 256 MiB");
      break;
    }
    if (r == 0 && input.pos == input.size) break;
    if (output.pos == 0 && r != 0 && input.pos == input.size) break;
  }
  ZSTD_freeDStream(stream);
  if (!status.ok()) return status;
  return out;
}

}  // namespace

Result<std::string> DecompressBatch(std::span<const uint8_t> batch) {
  MR_ASSIGN_OR_RETURN(log::BatchHeader header, log::ParseBatchHeader(batch));
  if (batch.size() < kRecordsOffset || header.TotalSize() > batch.size()) {
    return Status::InvalidArgument("truncated batch");
  }
  std::string_view payload(reinterpret_cast<const char*>(batch.data()) + kRecordsOffset,
                           header.TotalSize() - kRecordsOffset);
  std::string records;
  switch (header.Compression()) {
    case 0:
      records = std::string(payload);
      break;
    case 1: {
      MR_ASSIGN_OR_RETURN(records, GunzipRecord(payload, kMaxRecordsBytes));
      break;
    }
    case 2: {
      MR_ASSIGN_OR_RETURN(records, Unsnappy(payload));
      break;
    }
    case 4: {
      MR_ASSIGN_OR_RETURN(records, Unzstd(payload));
      break;
    }
    default:
      return Status::InvalidArgument("Kafka batch codec " + std::to_string(header.Compression()) +
                                     " (lz4) is not supported");
  }
  std::string out(reinterpret_cast<const char*>(batch.data()), kRecordsOffset);
  out += records;
  uint8_t* p = reinterpret_cast<uint8_t*>(out.data());
  StoreBE<uint32_t>(p + log::batch_format::kBatchLength,
                    static_cast<uint32_t>(out.size() - log::batch_format::kLogOverhead));
  uint16_t attributes =
      static_cast<uint16_t>(header.attributes & ~log::batch_format::kCompressionMask);
  StoreBE<uint16_t>(p + log::batch_format::kAttributes, attributes);
  StoreBE<uint32_t>(p + log::batch_format::kCrc, log::ComputeBatchCrc(p, out.size()));
  return out;
}

}  // namespace millrace::firehose
