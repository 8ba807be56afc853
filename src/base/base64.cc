#include "base/base64.h"

#include <array>
#include <cstdint>

namespace millrace::base64 {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr uint8_t kInvalid = 0xFF;

constexpr std::array<uint8_t, 256> MakeReverse() {
  std::array<uint8_t, 256> r{};
  for (auto& v : r) v = kInvalid;
  for (uint8_t i = 0; i < 64; ++i) r[static_cast<uint8_t>(kAlphabet[i])] = i;
  return r;
}
constexpr std::array<uint8_t, 256> kReverse = MakeReverse();

}  // namespace

std::string Encode(std::string_view bytes) {
  std::string out;
  out.resize((bytes.size() + 2) / 3 * 4);
  const auto* in = reinterpret_cast<const uint8_t*>(bytes.data());
  size_t n = bytes.size(), i = 0, o = 0;
  for (; i + 3 <= n; i += 3) {
    uint32_t v = (uint32_t{in[i]} << 16) | (uint32_t{in[i + 1]} << 8) | in[i + 2];
    out[o++] = kAlphabet[v >> 18];
    out[o++] = kAlphabet[(v >> 12) & 63];
    out[o++] = kAlphabet[(v >> 6) & 63];
    out[o++] = kAlphabet[v & 63];
  }
  if (i < n) {
    uint32_t v = uint32_t{in[i]} << 16;
    if (i + 1 < n) v |= uint32_t{in[i + 1]} << 8;
    out[o++] = kAlphabet[v >> 18];
    out[o++] = kAlphabet[(v >> 12) & 63];
    out[o++] = (i + 1 < n) ? kAlphabet[(v >> 6) & 63] : '=';
    out[o++] = '=';
  }
  return out;
}

std::optional<std::string> Decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  size_t padding = 0;
  if (!text.empty() && text.back() == '=') padding = (text[text.size() - 2] == '=') ? 2 : 1;
  std::string out;
  out.resize(DecodedSize(text.size(), padding));
  const auto* in = reinterpret_cast<const uint8_t*>(text.data());
  size_t o = 0;
  for (size_t i = 0; i < text.size(); i += 4) {
    bool last = i + 4 == text.size();
    uint8_t a = kReverse[in[i]], b = kReverse[in[i + 1]];
    uint8_t c = (last && padding == 2) ? 0 : kReverse[in[i + 2]];
    uint8_t d = (last && padding >= 1) ? 0 : kReverse[in[i + 3]];
    if ((a | b | c | d) == kInvalid || ((a | b | c | d) & 0xC0)) return std::nullopt;
    uint32_t v = (uint32_t{a} << 18) | (uint32_t{b} << 12) | (uint32_t{c} << 6) | d;
    out[o++] = static_cast<char>(v >> 16);
    if (o < out.size()) out[o++] = static_cast<char>((v >> 8) & 0xFF);
    if (o < out.size()) out[o++] = static_cast<char>(v & 0xFF);
  }
  return out;
}

}  // namespace millrace::base64
