#include "kinesis/shard_iterator.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "base/base64.h"
#include "base/endian.h"

namespace millrace::kinesis {

namespace {

constexpr uint8_t kTokenVersion = 1;
constexpr size_t kMacSize = 32;  // HMAC-SHA256
constexpr size_t kMaxStreamName = 128;
// version, name length, epoch, shard index, next offset, creation time (name bytes excluded).
constexpr size_t kFixedFields = 1 + 1 + 8 + 4 + 8 + 8;

void Mac(std::string_view key, const uint8_t* data, size_t size, uint8_t* out) {
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), data, size, out, &length) ==
          nullptr ||
      length != kMacSize) {
    // Cannot happen with SHA-256; a zeroed MAC would only make every token invalid.
    std::fill(out, out + kMacSize, uint8_t{0});
  }
}

KinesisStatus InvalidIterator() {
  return InvalidArgument("Invalid ShardIterator.");
}

}  // namespace

ShardIteratorCodec::ShardIteratorCodec(std::string_view key) : key_(key) {}

Result<ShardIteratorCodec> ShardIteratorCodec::WithRandomKey() {
  std::string key(kKeySize, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(key.data()), static_cast<int>(key.size())) != 1) {
    return Status::Internal("no entropy for the shard iterator key");
  }
  return ShardIteratorCodec(key);
}

std::string ShardIteratorCodec::Encode(const ShardIteratorPosition& position) const {
  const std::string& name = position.stream_name;
  std::string raw(kFixedFields + name.size() + kMacSize, '\0');
  auto* p = reinterpret_cast<uint8_t*>(raw.data());
  p[0] = kTokenVersion;
  p[1] = static_cast<uint8_t>(name.size());
  std::copy(name.begin(), name.end(), p + 2);
  uint8_t* q = p + 2 + name.size();
  StoreBE<uint64_t>(q, position.stream_epoch);
  StoreBE<int32_t>(q + 8, position.shard_index);
  StoreBE<int64_t>(q + 12, position.next_offset);
  StoreBE<int64_t>(q + 20, position.created_ms);
  size_t body = raw.size() - kMacSize;
  Mac(key_, p, body, p + body);
  return base64::Encode(raw);
}

KinesisResult<ShardIteratorPosition> ShardIteratorCodec::Decode(std::string_view token,
                                                                int64_t now_ms) const {
  if (token.empty() || token.size() > kMaxTokenSize) return InvalidIterator();
  std::optional<std::string> raw = base64::Decode(token);
  // Only the canonical encoding is accepted, so no two token strings carry the same bytes.
  if (!raw || base64::Encode(*raw) != token) return InvalidIterator();
  if (raw->size() < kFixedFields + 1 + kMacSize) return InvalidIterator();

  const auto* p = reinterpret_cast<const uint8_t*>(raw->data());
  size_t body = raw->size() - kMacSize;
  uint8_t expected[kMacSize];
  Mac(key_, p, body, expected);
  if (CRYPTO_memcmp(expected, p + body, kMacSize) != 0) return InvalidIterator();

  // Authentic from here on; the structure checks guard only against a bug or a leaked key.
  size_t name_size = p[1];
  if (p[0] != kTokenVersion || name_size == 0 || name_size > kMaxStreamName ||
      body != kFixedFields + name_size) {
    return InvalidIterator();
  }
  ShardIteratorPosition position;
  position.stream_name.assign(reinterpret_cast<const char*>(p + 2), name_size);
  const uint8_t* q = p + 2 + name_size;
  position.stream_epoch = LoadBE<uint64_t>(q);
  position.shard_index = LoadBE<int32_t>(q + 8);
  position.next_offset = LoadBE<int64_t>(q + 12);
  position.created_ms = LoadBE<int64_t>(q + 20);
  if (position.shard_index < 0 || position.next_offset < 0) return InvalidIterator();

  if (now_ms - position.created_ms > kLifetimeMs) {
    return KinesisStatus(Errc::kExpiredIterator,
                         "Iterator expired. The iterator was created at time " +
                             FormatAmzUtcTime(position.created_ms) + " while right now it is " +
                             FormatAmzUtcTime(now_ms) +
                             " which is further in the future than the tolerated delay of " +
                             std::to_string(kLifetimeMs) + " milliseconds.");
  }
  return position;
}

std::string FormatAmzUtcTime(int64_t epoch_ms) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  int64_t seconds = epoch_ms / 1000 - (epoch_ms % 1000 < 0 ? 1 : 0);
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  if (gmtime_r(&t, &tm) == nullptr) return std::to_string(epoch_ms);
  char buf[64];
  int n = std::snprintf(buf, sizeof(buf), "%s %s %02d %02d:%02d:%02d UTC %d", kDays[tm.tm_wday],
                        kMonths[tm.tm_mon], tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                        tm.tm_year + 1900);
  return std::string(buf, static_cast<size_t>(n));
}

}  // namespace millrace::kinesis
