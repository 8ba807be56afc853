#include "kafka/group/offset_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

namespace millrace::kafka {
namespace {

constexpr char kSuffix[] = ".offsets";

std::string Hex(const std::string& s) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size() * 2 + 1);
  for (unsigned char c : s) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out.empty() ? "-" : out;
}

bool Unhex(const std::string& hex, std::string* out) {
  out->clear();
  if (hex == "-") return true;
  if (hex.size() % 2 != 0) return false;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out->push_back(static_cast<char>(hi * 16 + lo));
  }
  return true;
}

Status SyncDirectory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Status::FromErrno("open " + dir, errno);
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) return Status::FromErrno("fsync " + dir, err);
  return Status::Ok();
}

// Writes `contents` to <path>.tmp, fsyncs it, renames it over `path` and fsyncs `dir`: once this
// returns OK the new file survives a power failure; a crash at any point leaves the old or the
// new file, never a torn one.
Status WriteFileDurably(const std::string& dir, const std::string& path,
                        const std::string& contents) {
  const std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::FromErrno("open " + tmp, errno);
  size_t done = 0;
  while (done < contents.size()) {
    ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return Status::FromErrno("write " + tmp, err);
    }
    done += static_cast<size_t>(n);
  }
  if (::fdatasync(fd) != 0) {
    int err = errno;
    ::close(fd);
    return Status::FromErrno("fdatasync " + tmp, err);
  }
  if (::close(fd) != 0) return Status::FromErrno("close " + tmp, errno);
  if (::rename(tmp.c_str(), path.c_str()) != 0) return Status::FromErrno("rename " + tmp, errno);
  return SyncDirectory(dir);
}

}  // namespace

Result<std::unique_ptr<OffsetStore>> OffsetStore::Open(std::string dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IOError("cannot create " + dir + ": " + ec.message());
  std::unique_ptr<OffsetStore> store(new OffsetStore(dir));
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() <= sizeof(kSuffix) - 1 ||
        name.compare(name.size() - (sizeof(kSuffix) - 1), std::string::npos, kSuffix) != 0) {
      continue;
    }
    std::string group;
    if (!Unhex(name.substr(0, name.size() - (sizeof(kSuffix) - 1)), &group)) {
      return Status::Corruption("offset file with a bad name: " + entry.path().string());
    }
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    std::map<TopicPartition, CommittedOffset> offsets;
    Status s = Decode(text.str(), &offsets);
    if (!s.ok()) return Status::Corruption(entry.path().string() + ": " + s.message());
    store->groups_[group] = std::move(offsets);
  }
  if (ec) return Status::IOError("cannot list " + dir + ": " + ec.message());
  return store;
}

std::string OffsetStore::PathFor(const std::string& group) const {
  return dir_ + "/" + Hex(group) + kSuffix;
}

Status OffsetStore::Commit(const std::string& group,
                           const std::map<TopicPartition, CommittedOffset>& offsets) {
  std::lock_guard lock(mu_);
  std::map<TopicPartition, CommittedOffset> merged = groups_[group];
  for (const auto& [tp, committed] : offsets) merged[tp] = committed;
  MR_RETURN_IF_ERROR(WriteFileDurably(dir_, PathFor(group), Encode(merged)));
  groups_[group] = std::move(merged);
  return Status::Ok();
}

std::optional<CommittedOffset> OffsetStore::Get(const std::string& group,
                                                const TopicPartition& tp) const {
  std::lock_guard lock(mu_);
  auto g = groups_.find(group);
  if (g == groups_.end()) return std::nullopt;
  auto it = g->second.find(tp);
  if (it == g->second.end()) return std::nullopt;
  return it->second;
}

std::map<TopicPartition, CommittedOffset> OffsetStore::GetAll(const std::string& group) const {
  std::lock_guard lock(mu_);
  auto g = groups_.find(group);
  return g == groups_.end() ? std::map<TopicPartition, CommittedOffset>{} : g->second;
}

std::vector<std::string> OffsetStore::Groups() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  for (const auto& [name, offsets] : groups_) out.push_back(name);
  return out;
}

std::string OffsetStore::Encode(const std::map<TopicPartition, CommittedOffset>& offsets) {
  std::string out;
  for (const auto& [tp, c] : offsets) {
    out += Hex(tp.first) + " " + std::to_string(tp.second) + " " + std::to_string(c.offset) + " " +
           std::to_string(c.leader_epoch) + " " + Hex(c.metadata) + "\n";
  }
  return out;
}

Status OffsetStore::Decode(const std::string& text,
                           std::map<TopicPartition, CommittedOffset>* out) {
  out->clear();
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::istringstream fields(line);
    std::string topic_hex, metadata_hex;
    int64_t partition = 0;
    CommittedOffset c;
    if (!(fields >> topic_hex >> partition >> c.offset >> c.leader_epoch >> metadata_hex)) {
      return Status::Corruption("bad offset line: " + line);
    }
    std::string topic;
    if (!Unhex(topic_hex, &topic) || !Unhex(metadata_hex, &c.metadata) || partition < 0 ||
        partition > INT32_MAX) {
      return Status::Corruption("bad offset line: " + line);
    }
    (*out)[{topic, static_cast<int32_t>(partition)}] = std::move(c);
  }
  return Status::Ok();
}

}  // namespace millrace::kafka
