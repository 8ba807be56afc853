#include "firehose/custom_time_zone.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>

#include "base/endian.h"

namespace millrace::firehose {

namespace {

Status UnknownZone(std::string_view name) {
  return Status::InvalidArgument("CustomTimeZone '" + std::string(name) +
                                 "' is not a supported time zone: use UTC, a fixed offset such "
                                 "as +09:00, or an IANA zone name such as Asia/Tokyo");
}

bool IsUtcName(std::string_view name) {
  return name.empty() || name == "UTC" || name == "Etc/UTC" || name == "GMT" || name == "Etc/GMT" ||
         name == "Z";
}

// "+09:00", "-0530", "+9" (optionally after "UTC"/"GMT") -> seconds east of UTC.
bool ParseFixedOffset(std::string_view text, int32_t* seconds) {
  if (text.starts_with("UTC") || text.starts_with("GMT")) text.remove_prefix(3);
  if (text.size() < 2 || (text[0] != '+' && text[0] != '-')) return false;
  const int sign = text[0] == '-' ? -1 : 1;
  text.remove_prefix(1);
  std::string digits;
  size_t colon = text.find(':');
  int hours = 0;
  int minutes = 0;
  auto all_digits = [](std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (colon != std::string_view::npos) {
    std::string_view h = text.substr(0, colon);
    std::string_view m = text.substr(colon + 1);
    if (!all_digits(h) || h.size() > 2 || !all_digits(m) || m.size() != 2) return false;
    hours = std::stoi(std::string(h));
    minutes = std::stoi(std::string(m));
  } else {
    if (!all_digits(text) || text.size() > 4 || text.size() == 3) return false;
    if (text.size() <= 2) {
      hours = std::stoi(std::string(text));
    } else {
      hours = std::stoi(std::string(text.substr(0, 2)));
      minutes = std::stoi(std::string(text.substr(2)));
    }
  }
  if (hours > 18 || minutes > 59 || (hours == 18 && minutes > 0)) return false;
  *seconds = sign * (hours * 3600 + minutes * 60);
  return true;
}

bool IsSafeZoneName(std::string_view name) {
  if (name.empty() || name.size() > 64 || name.front() == '/' || name.find("..") != name.npos) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' ||
           c == '+';
  });
}

}  // namespace

// Reads a TZif file (RFC 8536), preferring the 64-bit (version 2+) block.
Result<CustomTimeZone> ReadZoneFile(std::string name, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return UnknownZone(name);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto corrupt = [&] {
    return Status::InvalidArgument("CustomTimeZone '" + name + "': the zone file is unreadable");
  };
  constexpr size_t kHeader = 44;
  auto counts_at = [&](size_t pos, uint32_t out[6]) {
    if (bytes.size() < pos + kHeader || bytes.compare(pos, 4, "TZif") != 0) return false;
    for (int i = 0; i < 6; ++i) {
      out[i] = LoadBE<uint32_t>(reinterpret_cast<const uint8_t*>(bytes.data()) + pos + 20 + 4 * i);
    }
    return true;
  };
  uint32_t c[6];  // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
  if (!counts_at(0, c)) return corrupt();
  size_t pos = kHeader;
  size_t time_size = 4;
  if (bytes[4] >= '2') {
    pos += size_t{c[3]} * 5 + size_t{c[4]} * 6 + c[5] + size_t{c[2]} * 8 + c[1] + c[0];
    if (!counts_at(pos, c)) return corrupt();
    pos += kHeader;
    time_size = 8;
  }
  const uint32_t timecnt = c[3];
  const uint32_t typecnt = c[4];
  if (typecnt == 0 || bytes.size() < pos + timecnt * (time_size + 1) + size_t{typecnt} * 6) {
    return corrupt();
  }
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data()) + pos;
  const uint8_t* indices = p + timecnt * time_size;
  const uint8_t* types = indices + timecnt;
  auto offset_of = [&](uint32_t type) {
    return static_cast<int32_t>(LoadBE<uint32_t>(types + 6 * type));
  };
  CustomTimeZone zone;
  zone.name_ = std::move(name);
  zone.fixed_offset_ = offset_of(0);
  for (uint32_t i = 0; i < timecnt; ++i) {
    int64_t at = time_size == 8 ? static_cast<int64_t>(LoadBE<uint64_t>(p + 8 * i))
                                : static_cast<int32_t>(LoadBE<uint32_t>(p + 4 * i));
    if (indices[i] >= typecnt) return corrupt();
    zone.transitions_.push_back({at, offset_of(indices[i])});
  }
  if (time_size == 8) {
    const size_t footer =
        pos + size_t{timecnt} * 9 + size_t{typecnt} * 6 + c[5] + size_t{c[2]} * 12 + c[1] + c[0];
    if (footer < bytes.size() && bytes[footer] == '\n') {
      const size_t end = bytes.find('\n', footer + 1);
      if (end != std::string::npos) {
        zone.footer_ =
            PosixTzRule::Parse(std::string_view(bytes).substr(footer + 1, end - footer - 1));
      }
    }
  }
  return zone;
}

Result<CustomTimeZone> CustomTimeZone::Parse(std::string_view name, std::string_view zoneinfo_dir) {
  CustomTimeZone zone;
  zone.name_ = std::string(name);
  if (IsUtcName(name)) return zone;
  if (ParseFixedOffset(name, &zone.fixed_offset_)) return zone;
  if (!IsSafeZoneName(name)) return UnknownZone(name);
  return ReadZoneFile(std::string(name), std::string(zoneinfo_dir) + "/" + std::string(name));
}

int32_t CustomTimeZone::OffsetSecondsAt(int64_t utc_millis) const {
  const int64_t seconds = utc_millis >= 0 ? utc_millis / 1000 : -((-utc_millis + 999) / 1000);
  if (footer_ && (transitions_.empty() || seconds >= transitions_.back().at_seconds)) {
    return footer_->OffsetSecondsAt(seconds);
  }
  if (transitions_.empty()) return fixed_offset_;
  auto after = std::upper_bound(transitions_.begin(), transitions_.end(), seconds,
                                [](int64_t s, const Transition& t) { return s < t.at_seconds; });
  if (after == transitions_.begin()) return fixed_offset_;
  return std::prev(after)->offset;
}

}  // namespace millrace::firehose
