// 128-bit hash keys: the space Kinesis maps partition keys onto and divides among shards.
//
// A partition key's hash key is the MD5 digest of its UTF-8 bytes read as a big-endian unsigned
// 128-bit integer; an ExplicitHashKey gives the integer directly as decimal text. Shards own
// inclusive ranges [start, end] of the space 0 .. 2^128-1. Everything here is pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kinesis/errors.h"

namespace millrace::kinesis {

using HashKey = unsigned __int128;
inline constexpr HashKey kMaxHashKey = ~HashKey{0};  // 2^128 - 1

// An inclusive range of hash keys. Invariant: start <= end.
struct HashKeyRange {
  HashKey start = 0;
  HashKey end = kMaxHashKey;

  bool Contains(HashKey key) const { return start <= key && key <= end; }
  bool operator==(const HashKeyRange&) const = default;
};

// Decimal text of `key`, without leading zeros ("0" for zero).
std::string FormatHashKey(HashKey key);

// Parses the decimal text of a hash key: exactly "0" or a nonzero digit followed by at most 38
// digits, with a value at most 2^128-1. No sign, spaces, leading zeros or other characters.
std::optional<HashKey> ParseHashKey(std::string_view text);

// Parses a hash-key request member (ExplicitHashKey, NewStartingHashKey) with AWS's errors:
// text outside the model pattern `0|([1-9]\d{0,38})` is a ValidationException naming
// `member_path` (e.g. "explicitHashKey", "records.3.member.explicitHashKey"); a value of 2^128
// or more is an InvalidArgumentException naming `member_name` (e.g. "ExplicitHashKey").
KinesisResult<HashKey> ParseHashKeyMember(std::string_view text, std::string_view member_path,
                                          std::string_view member_name);

// The hash key of a partition key: MD5 of its bytes, big-endian.
HashKey PartitionKeyHash(std::string_view partition_key);

// `count` ranges that split the whole space evenly, in ascending order, the way Kinesis lays out
// a new stream: each range is floor(2^128 / count) keys wide and the last one also takes the
// remainder. REQUIRES: count >= 1.
std::vector<HashKeyRange> SplitEvenly(uint32_t count);

}  // namespace millrace::kinesis
