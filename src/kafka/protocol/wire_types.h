// Small value types shared by the Kafka wire reader and writer.
#pragma once

#include <array>
#include <cstdint>

namespace millrace::kafka {

// A Kafka UUID (topic ids, KIP-516): 16 raw bytes on the wire, most significant byte first.
struct Uuid {
  std::array<uint8_t, 16> bytes{};

  bool IsZero() const;
  bool operator==(const Uuid&) const = default;
};

inline bool Uuid::IsZero() const {
  for (uint8_t b : bytes) {
    if (b != 0) return false;
  }
  return true;
}

// Kafka's string types carry at most this many bytes (int16 length prefix).
inline constexpr int32_t kMaxStringBytes = 32767;

}  // namespace millrace::kafka
