#include "firehose/checkpoint.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <string_view>

#include "log/file.h"

namespace millrace::firehose {

std::string EncodeCheckpoint(const SourceCheckpoint& checkpoint) {
  std::string out = "version=1\ntopic=" + checkpoint.topic + "\n";
  for (const auto& [partition, offset] : checkpoint.offsets) {
    out += std::to_string(partition) + " " + std::to_string(offset) + "\n";
  }
  out += "end\n";
  return out;
}

namespace {

template <typename T>
bool ParseNumber(std::string_view text, T* out) {
  if (text.empty()) return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

}  // namespace

Result<SourceCheckpoint> DecodeCheckpoint(const std::string& text) {
  auto bad = [](std::string why) { return Status::Corruption("checkpoint: " + std::move(why)); };
  std::vector<std::string_view> lines;
  std::string_view rest = text;
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    if (nl == std::string_view::npos) return bad("last line is not terminated");
    lines.push_back(rest.substr(0, nl));
    rest.remove_prefix(nl + 1);
  }
  if (lines.size() < 3 || lines[0] != "version=1") return bad("unknown version");
  if (lines[1].substr(0, 6) != "topic=" || lines[1].size() == 6) return bad("no topic");
  if (lines.back() != "end") return bad("no end marker (torn write)");
  SourceCheckpoint cp;
  cp.topic = std::string(lines[1].substr(6));
  for (size_t i = 2; i + 1 < lines.size(); ++i) {
    std::string_view line = lines[i];
    size_t space = line.find(' ');
    int32_t partition = 0;
    int64_t offset = 0;
    if (space == std::string_view::npos || !ParseNumber(line.substr(0, space), &partition) ||
        !ParseNumber(line.substr(space + 1), &offset) || partition < 0 || offset < 0) {
      return bad("bad line '" + std::string(line) + "'");
    }
    if (!cp.offsets.emplace(partition, offset).second) {
      return bad("partition " + std::to_string(partition) + " twice");
    }
  }
  return cp;
}

Status SaveCheckpoint(const std::string& path, const SourceCheckpoint& checkpoint) {
  return log::WriteFileAtomically(path, EncodeCheckpoint(checkpoint));
}

Result<SourceCheckpoint> LoadCheckpoint(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Status::NotFound("no checkpoint at " + path);
  MR_ASSIGN_OR_RETURN(std::string text, log::ReadWholeFile(path));
  return DecodeCheckpoint(text);
}

std::map<int32_t, int64_t> SafeOffsets(const std::map<int32_t, int64_t>& read_positions,
                                       const std::vector<const std::map<int32_t, int64_t>*>& held) {
  std::map<int32_t, int64_t> safe = read_positions;
  for (const std::map<int32_t, int64_t>* buffer : held) {
    for (const auto& [partition, lowest] : *buffer) {
      auto it = safe.find(partition);
      if (it != safe.end()) it->second = std::min(it->second, lowest);
    }
  }
  return safe;
}

}  // namespace millrace::firehose
