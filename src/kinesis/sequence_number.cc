#include "kinesis/sequence_number.h"

#include <algorithm>

#include "kinesis/shard_id.h"

namespace millrace::kinesis {

namespace {

constexpr char kVersion = '1';
constexpr size_t kEpochDigits = 10;
constexpr size_t kShardDigits = 10;
constexpr size_t kOffsetDigits = 19;
static_assert(1 + kEpochDigits + kShardDigits + kOffsetDigits == kSequenceNumberDigits);

// The unsigned value of `digits` (all '0'..'9', at most 19 of them).
uint64_t DigitsValue(std::string_view digits) {
  uint64_t v = 0;
  for (char c : digits) v = v * 10 + static_cast<uint64_t>(c - '0');
  return v;
}

// Writes the low `width` decimal digits of `v`, zero-padded, to out[0 .. width).
void WriteDigits(char* out, uint64_t v, size_t width) {
  for (size_t i = width; i > 0; --i) {
    out[i - 1] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
}

bool MatchesSequenceNumberPattern(std::string_view text) {
  if (text.empty() || text.size() > 129) return false;
  if (text.size() > 1 && text[0] == '0') return false;
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string EncodeSequenceNumber(const SequencePosition& position) {
  // Called once per record written or read: digits by hand, not through printf.
  std::string out(kSequenceNumberDigits, '0');
  out[0] = kVersion;
  WriteDigits(&out[1], position.stream_epoch, kEpochDigits);
  WriteDigits(&out[1 + kEpochDigits], static_cast<uint64_t>(position.shard_index), kShardDigits);
  WriteDigits(&out[1 + kEpochDigits + kShardDigits], static_cast<uint64_t>(position.offset),
              kOffsetDigits);
  return out;
}

std::optional<SequencePosition> DecodeSequenceNumber(std::string_view text) {
  if (text.size() != kSequenceNumberDigits || text[0] != kVersion) return std::nullopt;
  if (!std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  uint64_t epoch = DigitsValue(text.substr(1, kEpochDigits));
  uint64_t shard = DigitsValue(text.substr(1 + kEpochDigits, kShardDigits));
  uint64_t offset = DigitsValue(text.substr(1 + kEpochDigits + kShardDigits, kOffsetDigits));
  if (shard > static_cast<uint64_t>(kMaxShardIndex)) return std::nullopt;
  if (offset > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
  return SequencePosition{epoch, static_cast<int32_t>(shard), static_cast<int64_t>(offset)};
}

KinesisResult<int64_t> ResolveSequenceNumber(std::string_view text, uint64_t stream_epoch,
                                             int32_t shard_index,
                                             const SequenceNumberContext& context) {
  if (!MatchesSequenceNumberPattern(text)) {
    std::string value(text);
    return ValidationError(context.member_path, &value,
                           "Member must satisfy regular expression pattern: 0|([1-9]\\d{0,128})");
  }
  // "<Member> <text> used in <Operation> on shard <id> in stream <s> under account <a> is invalid"
  auto invalid = [&](std::string_view why) {
    std::string m(context.member_name);
    m += ' ';
    m += text;
    m += " used in ";
    m += context.operation;
    m += " on shard ";
    m += FormatShardId(shard_index);
    m += " in stream ";
    m += context.stream_name;
    m += " under account ";
    m += context.account_id;
    m += " is invalid";
    m += why;
    return InvalidArgument(std::move(m));
  };
  std::optional<SequencePosition> position = DecodeSequenceNumber(text);
  if (!position) return invalid(".");
  if (position->shard_index != shard_index) {
    std::string m = "Invalid ";
    m += context.member_name;
    m += ". It encodes ";
    m += FormatShardId(position->shard_index);
    m += ", while it was used in a call to a shard with ";
    m += FormatShardId(shard_index);
    return InvalidArgument(std::move(m));
  }
  if (position->stream_epoch != stream_epoch) {
    return invalid(" because it did not come from this stream.");
  }
  return position->offset;
}

KinesisStatus CheckSequenceNumberForOrdering(std::string_view text, uint64_t stream_epoch,
                                             std::string_view stream_name,
                                             std::string_view account_id) {
  if (!MatchesSequenceNumberPattern(text)) {
    std::string value(text);
    return ValidationError("sequenceNumberForOrdering", &value,
                           "Member must satisfy regular expression pattern: 0|([1-9]\\d{0,128})");
  }
  std::optional<SequencePosition> position = DecodeSequenceNumber(text);
  if (!position || position->stream_epoch != stream_epoch) {
    return InvalidArgument("ExclusiveMinimumSequenceNumber " + std::string(text) +
                           " used in PutRecord on stream " + std::string(stream_name) +
                           " under account " + std::string(account_id) + " is invalid.");
  }
  return KinesisStatus::Ok();
}

}  // namespace millrace::kinesis
