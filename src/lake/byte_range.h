// HTTP Range requests as S3 GetObject takes them: one range "bytes=first-last", "bytes=first-"
// or "bytes=-suffix". Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "base/status.h"

namespace millrace::lake {

struct ByteRange {
  std::optional<uint64_t> first;   // absent: a suffix range
  std::optional<uint64_t> last;    // inclusive; absent: to the end
  uint64_t suffix_length = 0;      // for a suffix range
};

// Parses a Range header. nullopt for a header S3 ignores (malformed, several ranges, other unit):
// the whole object is then returned.
std::optional<ByteRange> ParseByteRange(std::string_view header);

// The [offset, offset + length) a range selects from an object of `size` bytes. InvalidRange
// when it selects nothing (first past the end, or an empty suffix).
struct ResolvedRange {
  uint64_t offset;
  uint64_t length;
};
Result<ResolvedRange> ResolveByteRange(const ByteRange& range, uint64_t size);

}  // namespace millrace::lake
