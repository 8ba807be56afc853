#include "kafka/broker/producer_ids.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/clock.h"

namespace millrace::kafka {
namespace {

Status SyncPath(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return Status::FromErrno("open " + path, errno);
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) return Status::FromErrno("fsync " + path, err);
  return Status::Ok();
}

// Replaces `path` with `text` durably (tmp file, fsync, rename, directory fsync).
Status ReplaceFile(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) return Status::IOError("cannot write " + tmp);
  }
  MR_RETURN_IF_ERROR(SyncPath(tmp, O_RDONLY));
  if (::rename(tmp.c_str(), path.c_str()) != 0) return Status::FromErrno("rename " + tmp, errno);
  std::string dir = std::filesystem::path(path).parent_path().string();
  return SyncPath(dir.empty() ? "." : dir, O_RDONLY | O_DIRECTORY);
}

}  // namespace

Result<std::unique_ptr<ProducerIdAllocator>> ProducerIdAllocator::Open(std::string path,
                                                                        int64_t floor) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  if (ec) return Status::IOError("cannot create the directory of " + path + ": " + ec.message());
  int64_t next = std::max<int64_t>(floor, 0);
  if (std::filesystem::exists(path)) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const std::string s = text.str();
    int64_t stored = -1;
    auto [end, err] = std::from_chars(s.data(), s.data() + s.size(), stored);
    if (err != std::errc() || stored < 0 || (end != s.data() + s.size() && *end != '\n')) {
      return Status::Corruption(path + ": not a producer id block end");
    }
    next = std::max(next, stored);
  } else {
    next = std::max(next, WallMillis() * 16);
  }
  return std::unique_ptr<ProducerIdAllocator>(new ProducerIdAllocator(std::move(path), next));
}

Result<int64_t> ProducerIdAllocator::Allocate() {
  std::lock_guard lock(mu_);
  if (next_ >= block_end_) {
    const int64_t end = next_ + kBlockSize;
    MR_RETURN_IF_ERROR(ReplaceFile(path_, std::to_string(end) + "\n"));
    block_end_ = end;
  }
  return next_++;
}

}  // namespace millrace::kafka
