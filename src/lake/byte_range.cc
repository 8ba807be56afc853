#include "lake/byte_range.h"

#include <algorithm>
#include <charconv>
#include <string>

#include "lake/errors.h"

namespace millrace::lake {
namespace {

std::optional<uint64_t> ParseNumber(std::string_view s) {
  uint64_t v = 0;
  if (s.empty()) return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

std::optional<ByteRange> ParseByteRange(std::string_view header) {
  constexpr std::string_view kUnit = "bytes=";
  if (header.substr(0, kUnit.size()) != kUnit) return std::nullopt;
  std::string_view spec = header.substr(kUnit.size());
  if (spec.find(',') != std::string_view::npos) return std::nullopt;
  size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  std::string_view a = spec.substr(0, dash), b = spec.substr(dash + 1);
  ByteRange range;
  if (a.empty()) {
    auto n = ParseNumber(b);
    if (!n) return std::nullopt;
    range.suffix_length = *n;
    return range;
  }
  range.first = ParseNumber(a);
  if (!range.first) return std::nullopt;
  if (!b.empty()) {
    range.last = ParseNumber(b);
    if (!range.last || *range.last < *range.first) return std::nullopt;
  }
  return range;
}

Result<ResolvedRange> ResolveByteRange(const ByteRange& range, uint64_t size) {
  auto invalid = [&] {
    return LakeError(LakeErrc::kInvalidRange, "The requested range is not satisfiable (object size " +
                                                  std::to_string(size) + ")");
  };
  if (!range.first) {
    if (range.suffix_length == 0 || size == 0) return invalid();
    uint64_t n = std::min(range.suffix_length, size);
    return ResolvedRange{size - n, n};
  }
  if (*range.first >= size) return invalid();
  uint64_t last = range.last ? std::min(*range.last, size - 1) : size - 1;
  return ResolvedRange{*range.first, last - *range.first + 1};
}

}  // namespace millrace::lake
