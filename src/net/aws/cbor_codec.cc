#include "net/aws/cbor_codec.h"

#include <bit>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "base/endian.h"

namespace millrace::net::aws {
namespace {

enum Major : uint8_t {
  kUnsigned = 0,
  kNegative = 1,
  kByteString = 2,
  kTextString = 3,
  kArray = 4,
  kMap = 5,
  kTag = 6,
  kSimple = 7,
};
constexpr uint8_t kIndefinite = 31;
constexpr uint8_t kBreak = 0xFF;
constexpr uint64_t kEpochTag = 1;
// Objects with more members than this check duplicate keys with a hash map instead of a scan.
constexpr size_t kLinearKeyCheckLimit = 16;

// True if `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF).
bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const uint8_t* end = p + s.size();
  while (p < end) {
    uint8_t c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    size_t n;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      n = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (static_cast<size_t>(end - p) < n) return false;
    for (size_t i = 1; i < n; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    static constexpr uint32_t kMinForLength[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLength[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    p += n;
  }
  return true;
}

double HalfToDouble(uint16_t half) {
  int exponent = (half >> 10) & 0x1F;
  double mantissa = half & 0x3FF;
  double magnitude;
  if (exponent == 0) {
    magnitude = std::ldexp(mantissa, -24);
  } else if (exponent == 31) {
    magnitude = mantissa == 0 ? std::numeric_limits<double>::infinity()
                              : std::numeric_limits<double>::quiet_NaN();
  } else {
    magnitude = std::ldexp(mantissa + 1024, exponent - 25);
  }
  return (half & 0x8000) ? -magnitude : magnitude;
}

// One pass over the input; every read is bounds-checked against end_.
class CborReader {
 public:
  CborReader(std::string_view data, int max_depth)
      : begin_(reinterpret_cast<const uint8_t*>(data.data())),
        p_(begin_),
        end_(begin_ + data.size()),
        max_depth_(max_depth) {}

  Result<Value> ReadTop() {
    MR_ASSIGN_OR_RETURN(Value value, ReadItem(0));
    if (p_ != end_) return Error("trailing bytes after the top-level item");
    return value;
  }

 private:
  struct Head {
    uint8_t major;
    uint8_t info;       // the low 5 bits of the initial byte
    uint64_t argument;  // the length, count, value or tag; unset when indefinite
    bool indefinite() const { return info == kIndefinite; }
  };

  Status Error(std::string_view what) const {
    return Status::InvalidArgument("malformed CBOR at byte " + std::to_string(p_ - begin_) + ": " +
                                   std::string(what));
  }
  uint64_t remaining() const { return static_cast<uint64_t>(end_ - p_); }

  Result<Head> ReadHead() {
    if (p_ == end_) return Error("unexpected end of input");
    uint8_t initial = *p_++;
    Head head{static_cast<uint8_t>(initial >> 5), static_cast<uint8_t>(initial & 0x1F), 0};
    if (head.info < 24) {
      head.argument = head.info;
      return head;
    }
    if (head.info == kIndefinite) {
      if (head.major == kUnsigned || head.major == kNegative || head.major == kTag) {
        --p_;
        return Error("indefinite length on a major type that has none");
      }
      return head;
    }
    if (head.info > 27) {
      --p_;
      return Error("reserved additional information value");
    }
    size_t width = size_t{1} << (head.info - 24);
    if (remaining() < width) return Error("unexpected end of input in an item head");
    switch (width) {
      case 1:
        head.argument = *p_;
        break;
      case 2:
        head.argument = LoadBE<uint16_t>(p_);
        break;
      case 4:
        head.argument = LoadBE<uint32_t>(p_);
        break;
      default:
        head.argument = LoadBE<uint64_t>(p_);
        break;
    }
    p_ += width;
    return head;
  }

  Result<Value> ReadItem(int depth) {
    if (depth > max_depth_) return Error("nesting deeper than " + std::to_string(max_depth_));
    MR_ASSIGN_OR_RETURN(Head head, ReadHead());
    switch (head.major) {
      case kUnsigned:
        if (head.argument > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
          return Value(static_cast<double>(head.argument));
        }
        return Value(static_cast<int64_t>(head.argument));
      case kNegative:
        if (head.argument > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
          return Value(-1.0 - static_cast<double>(head.argument));
        }
        return Value(-1 - static_cast<int64_t>(head.argument));
      case kByteString: {
        MR_ASSIGN_OR_RETURN(std::string bytes, ReadString(head));
        return Value::Bytes(std::move(bytes));
      }
      case kTextString: {
        MR_ASSIGN_OR_RETURN(std::string text, ReadString(head));
        return Value(std::move(text));
      }
      case kArray:
        return ReadArray(head, depth);
      case kMap:
        return ReadMap(head, depth);
      case kTag:
        return ReadTagged(head, depth);
      default:
        return ReadSimple(head);
    }
  }

  // The bytes of a byte or text string, joining the chunks of an indefinite one.
  Result<std::string> ReadString(const Head& head) {
    std::string out;
    if (!head.indefinite()) {
      MR_RETURN_IF_ERROR(AppendChunk(head, &out));
      return out;
    }
    while (true) {
      if (p_ == end_) return Error("unexpected end of input in an indefinite-length string");
      if (*p_ == kBreak) {
        ++p_;
        return out;
      }
      MR_ASSIGN_OR_RETURN(Head chunk, ReadHead());
      if (chunk.major != head.major || chunk.indefinite()) {
        return Error("an indefinite-length string chunk must be a definite string of its type");
      }
      MR_RETURN_IF_ERROR(AppendChunk(chunk, &out));
    }
  }

  Status AppendChunk(const Head& head, std::string* out) {
    if (head.argument > remaining()) return Error("string length past the end of input");
    std::string_view chunk(reinterpret_cast<const char*>(p_), head.argument);
    if (head.major == kTextString && !IsValidUtf8(chunk)) return Error("invalid UTF-8 in text");
    out->append(chunk);
    p_ += head.argument;
    return Status::Ok();
  }

  Result<Value> ReadArray(const Head& head, int depth) {
    Value out = Value::MakeArray();
    if (!head.indefinite()) {
      // Every item takes at least one byte, so a count above the remaining bytes is a lie.
      if (head.argument > remaining()) return Error("array count past the end of input");
      out.array().reserve(head.argument);
      for (uint64_t i = 0; i < head.argument; ++i) {
        MR_ASSIGN_OR_RETURN(Value item, ReadItem(depth + 1));
        out.array().push_back(std::move(item));
      }
      return out;
    }
    while (true) {
      if (p_ == end_) return Error("unexpected end of input in an indefinite-length array");
      if (*p_ == kBreak) {
        ++p_;
        return out;
      }
      MR_ASSIGN_OR_RETURN(Value item, ReadItem(depth + 1));
      out.array().push_back(std::move(item));
    }
  }

  Result<Value> ReadMap(const Head& head, int depth) {
    Value out = Value::MakeObject();
    std::unordered_map<std::string, size_t> index;  // used past kLinearKeyCheckLimit members
    auto add = [&](std::string key, Value value) {
      Value::Object& members = out.object();
      if (members.size() < kLinearKeyCheckLimit) {
        out.Set(std::move(key), std::move(value));  // replaces a duplicate, as JSON does
        if (members.size() == kLinearKeyCheckLimit) {
          for (size_t i = 0; i < members.size(); ++i) index.emplace(members[i].first, i);
        }
        return;
      }
      auto [it, inserted] = index.emplace(key, members.size());
      if (inserted) {
        members.emplace_back(std::move(key), std::move(value));
      } else {
        members[it->second].second = std::move(value);
      }
    };
    if (!head.indefinite()) {
      if (head.argument > remaining() / 2) return Error("map count past the end of input");
      for (uint64_t i = 0; i < head.argument; ++i) {
        MR_ASSIGN_OR_RETURN(std::string key, ReadKey());
        MR_ASSIGN_OR_RETURN(Value value, ReadItem(depth + 1));
        add(std::move(key), std::move(value));
      }
      return out;
    }
    while (true) {
      if (p_ == end_) return Error("unexpected end of input in an indefinite-length map");
      if (*p_ == kBreak) {
        ++p_;
        return out;
      }
      MR_ASSIGN_OR_RETURN(std::string key, ReadKey());
      MR_ASSIGN_OR_RETURN(Value value, ReadItem(depth + 1));
      add(std::move(key), std::move(value));
    }
  }

  Result<std::string> ReadKey() {
    const uint8_t* at = p_;
    MR_ASSIGN_OR_RETURN(Head head, ReadHead());
    if (head.major != kTextString) {
      p_ = at;
      return Error("map keys must be text strings");
    }
    return ReadString(head);
  }

  Result<Value> ReadTagged(const Head& head, int depth) {
    if (head.argument != kEpochTag) return ReadItem(depth + 1);  // unknown tags are transparent
    const uint8_t* at = p_;
    MR_ASSIGN_OR_RETURN(Value inner, ReadItem(depth + 1));
    switch (inner.kind()) {
      case Value::Kind::kInt:
        return Value::Timestamp(inner.int_value());
      case Value::Kind::kDouble: {
        double millis = std::round(inner.double_value() * 1000.0);
        // 2^62 ms is far beyond any real date and keeps the cast defined.
        if (!std::isfinite(millis) || std::fabs(millis) > 0x1p62) {
          p_ = at;
          return Error("epoch timestamp out of range");
        }
        return Value::Timestamp(static_cast<int64_t>(millis));
      }
      default:
        p_ = at;
        return Error("tag 1 (epoch timestamp) must enclose a number");
    }
  }

  Result<Value> ReadSimple(const Head& head) {
    switch (head.info) {
      case 20:
        return Value(false);
      case 21:
        return Value(true);
      case 22:
      case 23:
        return Value();
      case 25:
        return Value(HalfToDouble(static_cast<uint16_t>(head.argument)));
      case 26:
        return Value(
            static_cast<double>(std::bit_cast<float>(static_cast<uint32_t>(head.argument))));
      case 27:
        return Value(std::bit_cast<double>(head.argument));
      case kIndefinite:
        --p_;
        return Error("unexpected break");
      default:
        --p_;
        return Error("unsupported simple value");
    }
  }

  const uint8_t* begin_;
  const uint8_t* p_;
  const uint8_t* end_;
  int max_depth_;
};

void PutHead(std::string& out, uint8_t major, uint64_t argument) {
  uint8_t initial = static_cast<uint8_t>(major << 5);
  uint8_t buffer[9];
  size_t n;
  if (argument < 24) {
    buffer[0] = initial | static_cast<uint8_t>(argument);
    n = 1;
  } else if (argument <= 0xFF) {
    buffer[0] = initial | 24;
    buffer[1] = static_cast<uint8_t>(argument);
    n = 2;
  } else if (argument <= 0xFFFF) {
    buffer[0] = initial | 25;
    StoreBE<uint16_t>(buffer + 1, static_cast<uint16_t>(argument));
    n = 3;
  } else if (argument <= 0xFFFFFFFF) {
    buffer[0] = initial | 26;
    StoreBE<uint32_t>(buffer + 1, static_cast<uint32_t>(argument));
    n = 5;
  } else {
    buffer[0] = initial | 27;
    StoreBE<uint64_t>(buffer + 1, argument);
    n = 9;
  }
  out.append(reinterpret_cast<const char*>(buffer), n);
}

void PutInt(std::string& out, int64_t v) {
  if (v >= 0) {
    PutHead(out, kUnsigned, static_cast<uint64_t>(v));
  } else {
    PutHead(out, kNegative, static_cast<uint64_t>(-1 - v));
  }
}

void PutValue(std::string& out, const Value& value) {
  switch (value.kind()) {
    case Value::Kind::kNull:
      out.push_back(static_cast<char>(0xF6));
      break;
    case Value::Kind::kBool:
      out.push_back(static_cast<char>(value.bool_value() ? 0xF5 : 0xF4));
      break;
    case Value::Kind::kInt:
      PutInt(out, value.int_value());
      break;
    case Value::Kind::kDouble: {
      uint8_t buffer[9];
      buffer[0] = (kSimple << 5) | 27;
      StoreBE<uint64_t>(buffer + 1, std::bit_cast<uint64_t>(value.double_value()));
      out.append(reinterpret_cast<const char*>(buffer), sizeof(buffer));
      break;
    }
    case Value::Kind::kString:
      PutHead(out, kTextString, value.string_value().size());
      out.append(value.string_value());
      break;
    case Value::Kind::kBytes:
      PutHead(out, kByteString, value.bytes_value().size());
      out.append(value.bytes_value());
      break;
    case Value::Kind::kTimestamp:
      PutHead(out, kTag, kEpochTag);
      PutInt(out, value.timestamp_millis());
      break;
    case Value::Kind::kArray:
      PutHead(out, kArray, value.array().size());
      for (const Value& item : value.array()) PutValue(out, item);
      break;
    case Value::Kind::kObject:
      PutHead(out, kMap, value.object().size());
      for (const auto& [key, member] : value.object()) {
        PutHead(out, kTextString, key.size());
        out.append(key);
        PutValue(out, member);
      }
      break;
  }
}

}  // namespace

Result<Value> DecodeCbor(std::string_view data, const CborLimits& limits) {
  if (data.size() > limits.max_bytes) {
    return Status::InvalidArgument("CBOR body of " + std::to_string(data.size()) +
                                   " bytes exceeds the limit of " +
                                   std::to_string(limits.max_bytes));
  }
  return CborReader(data, limits.max_depth).ReadTop();
}

std::string EncodeCbor(const Value& value) {
  std::string out;
  PutValue(out, value);
  return out;
}

bool AwsCborCodec::Accepts(std::string_view content_type) const {
  return content_type.starts_with("application/x-amz-cbor-");
}

Result<Value> AwsCborCodec::Decode(std::string_view body, uint64_t max_bytes) const {
  CborLimits limits;
  limits.max_bytes = max_bytes;
  return DecodeCbor(body, limits);
}

std::string AwsCborCodec::Encode(const Value& value) const {
  return EncodeCbor(value);
}

}  // namespace millrace::net::aws
