// Base64 (RFC 4648, standard alphabet with padding), as AWS JSON protocols carry blobs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace millrace::base64 {

std::string Encode(std::string_view bytes);

// Decodes padded standard base64. Returns nullopt for a length that is not a multiple of 4,
// a character outside the alphabet, or padding anywhere but at the end.
std::optional<std::string> Decode(std::string_view text);

// The decoded size of a valid encoding of `n` characters ending in `padding` '=' signs.
inline size_t DecodedSize(size_t n, size_t padding) { return n / 4 * 3 - padding; }

}  // namespace millrace::base64
