#include "kinesis/hash_key.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstring>
#include <memory>

namespace millrace::kinesis {

std::string FormatHashKey(HashKey key) {
  char buf[40];
  size_t pos = sizeof(buf);
  do {
    buf[--pos] = static_cast<char>('0' + static_cast<int>(key % 10));
    key /= 10;
  } while (key != 0);
  return std::string(buf + pos, sizeof(buf) - pos);
}

namespace {

// True for text matching the model pattern 0|([1-9]\d{0,38}).
bool MatchesHashKeyPattern(std::string_view text) {
  if (text.empty() || text.size() > 39) return false;
  if (text.size() > 1 && text[0] == '0') return false;
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// REQUIRES: MatchesHashKeyPattern(text). Returns nullopt when the value exceeds 2^128-1.
std::optional<HashKey> Accumulate(std::string_view text) {
  HashKey value = 0;
  for (char c : text) {
    HashKey digit = static_cast<HashKey>(c - '0');
    if (value > (kMaxHashKey - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

}  // namespace

std::optional<HashKey> ParseHashKey(std::string_view text) {
  if (!MatchesHashKeyPattern(text)) return std::nullopt;
  return Accumulate(text);
}

KinesisResult<HashKey> ParseHashKeyMember(std::string_view text, std::string_view member_path,
                                          std::string_view member_name) {
  if (!MatchesHashKeyPattern(text)) {
    std::string value(text);
    return ValidationError(member_path, &value,
                           "Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38})");
  }
  std::optional<HashKey> key = Accumulate(text);
  if (!key) {
    std::string m = "Invalid ";
    m += member_name;
    m += ". ";
    m += member_name;
    m += " must be in the range: [0, 2^128-1]. Specified value was ";
    m += text;
    return InvalidArgument(std::move(m));
  }
  return *key;
}

HashKey PartitionKeyHash(std::string_view partition_key) {
  // One fetched MD5 implementation per process and one context per thread: OpenSSL 3 would
  // otherwise look the algorithm up and allocate a context for every record.
  static EVP_MD* const md5 = EVP_MD_fetch(nullptr, "MD5", nullptr);
  thread_local std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                               EVP_MD_CTX_free);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  // MD5 cannot fail short of memory exhaustion; a zero digest would still route somewhere.
  if (md5 == nullptr || context == nullptr || EVP_DigestInit_ex(context.get(), md5, nullptr) != 1 ||
      EVP_DigestUpdate(context.get(), partition_key.data(), partition_key.size()) != 1 ||
      EVP_DigestFinal_ex(context.get(), digest, &length) != 1 || length != 16) {
    std::memset(digest, 0, 16);
  }
  HashKey key = 0;
  for (int i = 0; i < 16; ++i) key = (key << 8) | digest[i];
  return key;
}

std::vector<HashKeyRange> SplitEvenly(uint32_t count) {
  std::vector<HashKeyRange> ranges;
  if (count == 0) return ranges;
  ranges.reserve(count);
  if (count == 1) {
    ranges.push_back({0, kMaxHashKey});
    return ranges;
  }
  // floor(2^128 / count), computed without 2^128: (M + 1) / n = M / n, plus one if n divides M + 1.
  HashKey width = kMaxHashKey / count + (kMaxHashKey % count == count - 1 ? 1 : 0);
  for (uint32_t i = 0; i < count; ++i) {
    HashKey start = width * i;
    HashKey end = (i + 1 == count) ? kMaxHashKey : width * (i + 1) - 1;
    ranges.push_back({start, end});
  }
  return ranges;
}

}  // namespace millrace::kinesis
