// The AWS event stream message format (application/vnd.amazon.eventstream), in which
// SubscribeToShard pushes its events. Each message is self-delimiting:
//
//   total length u32 BE | headers length u32 BE | prelude CRC32 u32 BE (of the 8 bytes before)
//   headers: name length u8, name, type u8, value (see EventHeaderValue)
//   payload
//   message CRC32 u32 BE (of everything before it)
//
// CRC32 is the zlib/IEEE polynomial, not CRC32C. Values are plain data; thread-compatible.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/status.h"

namespace millrace::net::aws {

constexpr uint32_t kEventPreludeBytes = 12;
constexpr uint32_t kEventMinMessageBytes = 16;  // prelude + message CRC
constexpr uint32_t kEventMaxMessageBytes = 16 << 20;
constexpr uint32_t kEventMaxHeadersBytes = 128 << 10;

// Header value types; the wire type byte is the variant index + offset as listed.
struct EventBytes {  // type 6: u16 length + bytes
  std::string data;
  bool operator==(const EventBytes&) const = default;
};
struct EventTimestamp {  // type 8: i64 epoch milliseconds
  int64_t millis;
  bool operator==(const EventTimestamp&) const = default;
};
struct EventUuid {  // type 9: 16 bytes
  std::array<uint8_t, 16> bytes;
  bool operator==(const EventUuid&) const = default;
};
// bool: type 0 (true) or 1 (false), no value bytes; int8_t: 2; int16_t: 3; int32_t: 4;
// int64_t: 5; EventBytes: 6; std::string: 7 (u16 length + UTF-8); EventTimestamp: 8; EventUuid: 9.
using EventHeaderValue = std::variant<bool, int8_t, int16_t, int32_t, int64_t, EventBytes,
                                      std::string, EventTimestamp, EventUuid>;

struct EventHeader {
  std::string name;  // 1..255 bytes
  EventHeaderValue value;
  bool operator==(const EventHeader&) const = default;
};

struct EventMessage {
  std::vector<EventHeader> headers;  // in wire order
  std::string payload;

  // The first header named `name`, or nullptr.
  const EventHeaderValue* Find(std::string_view name) const;
  // The string value of header `name`, or "" when absent or not a string.
  std::string_view StringHeader(std::string_view name) const;
  bool operator==(const EventMessage&) const = default;
};

// CRC32 (zlib/IEEE) of `data`, continuing from `crc` (0 to start).
uint32_t EventStreamCrc32(std::string_view data, uint32_t crc = 0);

// The wire form of `message`. InvalidArgument when a header name is empty or over 255 bytes, a
// string/bytes value is over 65535 bytes, the headers exceed 128 KiB, or the message 16 MiB.
Result<std::string> EncodeEventMessage(const EventMessage& message);

// Decodes exactly one message spanning all of `frame`. Corruption on a CRC mismatch;
// InvalidArgument on a malformed prelude or headers.
Result<EventMessage> DecodeEventMessage(std::string_view frame);

// Splits a byte stream into messages as bytes arrive (a client reading SubscribeToShard).
// Not thread-safe.
class EventStreamReader {
 public:
  void Append(std::string_view bytes) { buffer_.append(bytes); }
  // The next whole message; nullopt when more bytes are needed. An error (bad lengths or CRCs)
  // is permanent: the stream cannot be resynchronised.
  Result<std::optional<EventMessage>> Next();
  // Bytes received but not yet returned as messages.
  size_t buffered() const { return buffer_.size() - offset_; }

 private:
  std::string buffer_;
  size_t offset_ = 0;
};

}  // namespace millrace::net::aws
