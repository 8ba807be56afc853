#include "lake/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <random>

#include "lake/digest.h"

namespace millrace::lake {

FileHandle::~FileHandle() {
  if (fd_ >= 0) ::close(fd_);
}

FileHandle& FileHandle::operator=(FileHandle&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.release();
  }
  return *this;
}

Status WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == ENOSPC) return Status::ResourceExhausted("the disk is full");
      return Status::FromErrno("write", errno);
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

Status ReadAllAt(int fd, uint64_t offset, char* out, size_t n, size_t* got) {
  *got = 0;
  while (*got < n) {
    ssize_t r = ::pread(fd, out + *got, n - *got, static_cast<off_t>(offset + *got));
    if (r < 0) {
      if (errno == EINTR) continue;
      return Status::FromErrno("read", errno);
    }
    if (r == 0) break;
    *got += static_cast<size_t>(r);
  }
  return Status::Ok();
}

Status SyncFile(int fd, const std::string& what) {
  if (::fsync(fd) != 0) return Status::FromErrno("fsync " + what, errno);
  return Status::Ok();
}

Status SyncDirectory(const std::string& path) {
  FileHandle dir(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir.valid()) return Status::FromErrno("open directory " + path, errno);
  return SyncFile(dir.get(), path);
}

Result<std::string> ReadSmallFile(const std::string& path) {
  FileHandle f(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!f.valid()) {
    if (errno == ENOENT || errno == ENOTDIR) return Status::NotFound(path);
    return Status::FromErrno("open " + path, errno);
  }
  std::string out;
  char buf[8192];
  for (;;) {
    ssize_t n = ::read(f.get(), buf, sizeof(buf));
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::FromErrno("read " + path, errno);
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

Status WriteFileAtomically(const std::string& path, std::string_view bytes) {
  std::string tmp = path + "." + RandomHex(4) + ".tmp";
  FileHandle f(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!f.valid()) return Status::FromErrno("create " + tmp, errno);
  Status s = WriteAll(f.get(), bytes);
  if (s.ok()) s = SyncFile(f.get(), tmp);
  if (s.ok() && ::rename(tmp.c_str(), path.c_str()) != 0) s = Status::FromErrno("rename " + tmp, errno);
  if (!s.ok()) ::unlink(tmp.c_str());
  return s;
}

std::string RandomHex(size_t bytes) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::string raw(bytes, '\0');
  for (auto& c : raw) c = static_cast<char>(rng());
  return HexOf(raw);
}

}  // namespace millrace::lake
