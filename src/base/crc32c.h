// CRC32C (Castagnoli), as Kafka record batches and millrace's log use it.
// Uses the SSE4.2 crc32 instruction when the CPU has it, a slicing table otherwise. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace millrace::crc32c {

// Extends `crc` (the value returned for the bytes before `data`) over `data`.
// Value(data) == Extend(0, data); Extend(Extend(0, a), b) == Value(a + b).
uint32_t Extend(uint32_t crc, const uint8_t* data, size_t n);

inline uint32_t Value(const uint8_t* data, size_t n) { return Extend(0, data, n); }
inline uint32_t Value(std::span<const uint8_t> data) { return Extend(0, data.data(), data.size()); }

// True when the hardware path is in use (reported in benchmarks and logs).
bool HardwareAccelerated();

namespace detail {
// The table-driven path, exposed so tests can check it against the hardware one.
uint32_t ExtendPortable(uint32_t crc, const uint8_t* data, size_t n);
}  // namespace detail

}  // namespace millrace::crc32c
