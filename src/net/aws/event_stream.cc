#include "net/aws/event_stream.h"

#include <zlib.h>

#include "base/endian.h"

namespace millrace::net::aws {
namespace {

enum HeaderType : uint8_t {
  kBoolTrue = 0,
  kBoolFalse = 1,
  kByte = 2,
  kShort = 3,
  kInt = 4,
  kLong = 5,
  kByteArray = 6,
  kString = 7,
  kTimestamp = 8,
  kUuid = 9,
};

template <typename T>
void PutBE(std::string& out, T v) {
  uint8_t buffer[sizeof(T)];
  StoreBE<T>(buffer, v);
  out.append(reinterpret_cast<const char*>(buffer), sizeof(T));
}

Status PutHeader(std::string& out, const EventHeader& header) {
  if (header.name.empty() || header.name.size() > 255) {
    return Status::InvalidArgument("event header name must be 1..255 bytes");
  }
  out.push_back(static_cast<char>(header.name.size()));
  out.append(header.name);
  auto put_sized = [&](HeaderType type, const std::string& data) {
    if (data.size() > 0xFFFF) {
      return Status::InvalidArgument("event header '" + header.name + "' value over 65535 bytes");
    }
    out.push_back(static_cast<char>(type));
    PutBE<uint16_t>(out, static_cast<uint16_t>(data.size()));
    out.append(data);
    return Status::Ok();
  };
  const EventHeaderValue& v = header.value;
  if (const bool* b = std::get_if<bool>(&v)) {
    out.push_back(static_cast<char>(*b ? kBoolTrue : kBoolFalse));
  } else if (const int8_t* i8 = std::get_if<int8_t>(&v)) {
    out.push_back(static_cast<char>(kByte));
    out.push_back(static_cast<char>(*i8));
  } else if (const int16_t* i16 = std::get_if<int16_t>(&v)) {
    out.push_back(static_cast<char>(kShort));
    PutBE<int16_t>(out, *i16);
  } else if (const int32_t* i32 = std::get_if<int32_t>(&v)) {
    out.push_back(static_cast<char>(kInt));
    PutBE<int32_t>(out, *i32);
  } else if (const int64_t* i64 = std::get_if<int64_t>(&v)) {
    out.push_back(static_cast<char>(kLong));
    PutBE<int64_t>(out, *i64);
  } else if (const EventBytes* bytes = std::get_if<EventBytes>(&v)) {
    return put_sized(kByteArray, bytes->data);
  } else if (const std::string* s = std::get_if<std::string>(&v)) {
    return put_sized(kString, *s);
  } else if (const EventTimestamp* ts = std::get_if<EventTimestamp>(&v)) {
    out.push_back(static_cast<char>(kTimestamp));
    PutBE<int64_t>(out, ts->millis);
  } else {
    const EventUuid& uuid = std::get<EventUuid>(v);
    out.push_back(static_cast<char>(kUuid));
    out.append(reinterpret_cast<const char*>(uuid.bytes.data()), uuid.bytes.size());
  }
  return Status::Ok();
}

// Reads the headers block [p, end) into `headers`.
Status ReadHeaders(const uint8_t* p, const uint8_t* end, std::vector<EventHeader>* headers) {
  auto malformed = [](std::string_view what) {
    return Status::InvalidArgument("malformed event stream headers: " + std::string(what));
  };
  while (p < end) {
    EventHeader header;
    size_t name_length = *p++;
    if (name_length == 0) return malformed("empty header name");
    if (static_cast<size_t>(end - p) < name_length + 1) return malformed("truncated header name");
    header.name.assign(reinterpret_cast<const char*>(p), name_length);
    p += name_length;
    uint8_t type = *p++;
    auto need = [&](size_t n) { return static_cast<size_t>(end - p) >= n; };
    switch (type) {
      case kBoolTrue:
        header.value = true;
        break;
      case kBoolFalse:
        header.value = false;
        break;
      case kByte:
        if (!need(1)) return malformed("truncated byte value");
        header.value = static_cast<int8_t>(*p);
        p += 1;
        break;
      case kShort:
        if (!need(2)) return malformed("truncated short value");
        header.value = LoadBE<int16_t>(p);
        p += 2;
        break;
      case kInt:
        if (!need(4)) return malformed("truncated integer value");
        header.value = LoadBE<int32_t>(p);
        p += 4;
        break;
      case kLong:
      case kTimestamp:
        if (!need(8)) return malformed("truncated long value");
        if (type == kLong) {
          header.value = LoadBE<int64_t>(p);
        } else {
          header.value = EventTimestamp{LoadBE<int64_t>(p)};
        }
        p += 8;
        break;
      case kByteArray:
      case kString: {
        if (!need(2)) return malformed("truncated value length");
        size_t length = LoadBE<uint16_t>(p);
        p += 2;
        if (!need(length)) return malformed("value length past the headers");
        std::string data(reinterpret_cast<const char*>(p), length);
        p += length;
        if (type == kString) {
          header.value = std::move(data);
        } else {
          header.value = EventBytes{std::move(data)};
        }
        break;
      }
      case kUuid: {
        if (!need(16)) return malformed("truncated uuid value");
        EventUuid uuid;
        std::copy(p, p + 16, uuid.bytes.begin());
        header.value = uuid;
        p += 16;
        break;
      }
      default:
        return malformed("unknown header value type " + std::to_string(type));
    }
    headers->push_back(std::move(header));
  }
  return Status::Ok();
}

// Checks the prelude of a message starting at `p` (at least 12 bytes) and returns its total
// length.
Result<uint32_t> CheckPrelude(const uint8_t* p) {
  uint32_t total = LoadBE<uint32_t>(p);
  uint32_t headers = LoadBE<uint32_t>(p + 4);
  uint32_t crc = LoadBE<uint32_t>(p + 8);
  uint32_t actual = EventStreamCrc32(std::string_view(reinterpret_cast<const char*>(p), 8));
  if (crc != actual) return Status::Corruption("event stream prelude CRC mismatch");
  if (total < kEventMinMessageBytes || total > kEventMaxMessageBytes) {
    return Status::InvalidArgument("event stream message length " + std::to_string(total) +
                                   " out of range");
  }
  if (headers > kEventMaxHeadersBytes || headers > total - kEventMinMessageBytes) {
    return Status::InvalidArgument("event stream headers length " + std::to_string(headers) +
                                   " out of range");
  }
  return total;
}

}  // namespace

const EventHeaderValue* EventMessage::Find(std::string_view name) const {
  for (const EventHeader& h : headers) {
    if (h.name == name) return &h.value;
  }
  return nullptr;
}

std::string_view EventMessage::StringHeader(std::string_view name) const {
  const EventHeaderValue* v = Find(name);
  const std::string* s = v ? std::get_if<std::string>(v) : nullptr;
  return s ? std::string_view(*s) : std::string_view();
}

uint32_t EventStreamCrc32(std::string_view data, uint32_t crc) {
  // zlib's length is uInt; feed in pieces so any size is safe.
  uLong value = crc;
  while (!data.empty()) {
    size_t n = std::min<size_t>(data.size(), 1u << 30);
    value = crc32(value, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(n));
    data.remove_prefix(n);
  }
  return static_cast<uint32_t>(value);
}

Result<std::string> EncodeEventMessage(const EventMessage& message) {
  std::string headers;
  for (const EventHeader& header : message.headers) MR_RETURN_IF_ERROR(PutHeader(headers, header));
  if (headers.size() > kEventMaxHeadersBytes) {
    return Status::InvalidArgument("event headers of " + std::to_string(headers.size()) +
                                   " bytes exceed 128 KiB");
  }
  uint64_t total = uint64_t{kEventMinMessageBytes} + headers.size() + message.payload.size();
  if (total > kEventMaxMessageBytes) {
    return Status::InvalidArgument("event message of " + std::to_string(total) +
                                   " bytes exceeds 16 MiB");
  }
  std::string out;
  out.reserve(total);
  PutBE<uint32_t>(out, static_cast<uint32_t>(total));
  PutBE<uint32_t>(out, static_cast<uint32_t>(headers.size()));
  PutBE<uint32_t>(out, EventStreamCrc32(out));
  out.append(headers);
  out.append(message.payload);
  PutBE<uint32_t>(out, EventStreamCrc32(out));
  return out;
}

Result<EventMessage> DecodeEventMessage(std::string_view frame) {
  if (frame.size() < kEventMinMessageBytes) {
    return Status::InvalidArgument("event stream message shorter than 16 bytes");
  }
  const auto* p = reinterpret_cast<const uint8_t*>(frame.data());
  MR_ASSIGN_OR_RETURN(uint32_t total, CheckPrelude(p));
  if (total != frame.size()) {
    return Status::InvalidArgument("event stream message length " + std::to_string(total) +
                                   " does not match the " + std::to_string(frame.size()) +
                                   " bytes given");
  }
  uint32_t crc = LoadBE<uint32_t>(p + total - 4);
  if (crc != EventStreamCrc32(frame.substr(0, total - 4))) {
    return Status::Corruption("event stream message CRC mismatch");
  }
  uint32_t headers_length = LoadBE<uint32_t>(p + 4);
  EventMessage message;
  const uint8_t* headers = p + kEventPreludeBytes;
  MR_RETURN_IF_ERROR(ReadHeaders(headers, headers + headers_length, &message.headers));
  message.payload.assign(frame.substr(kEventPreludeBytes + headers_length,
                                      total - kEventMinMessageBytes - headers_length));
  return message;
}

Result<std::optional<EventMessage>> EventStreamReader::Next() {
  if (buffered() < kEventPreludeBytes) return std::optional<EventMessage>();
  const auto* p = reinterpret_cast<const uint8_t*>(buffer_.data() + offset_);
  MR_ASSIGN_OR_RETURN(uint32_t total, CheckPrelude(p));
  if (buffered() < total) return std::optional<EventMessage>();
  MR_ASSIGN_OR_RETURN(EventMessage message,
                      DecodeEventMessage(std::string_view(buffer_).substr(offset_, total)));
  offset_ += total;
  if (offset_ == buffer_.size() || offset_ > (1u << 20)) {
    buffer_.erase(0, offset_);
    offset_ = 0;
  }
  return std::optional<EventMessage>(std::move(message));
}

}  // namespace millrace::net::aws
