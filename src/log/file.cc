#include "log/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <system_error>

namespace millrace::log {

File::~File() {
  if (fd_ >= 0) ::close(fd_);
}

File& File::operator=(File&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    path_ = std::move(other.path_);
    other.fd_ = -1;
  }
  return *this;
}

Result<File> File::Open(const std::string& path, bool create, bool exclusive) {
  int flags = O_RDWR | O_CLOEXEC;
  if (create) flags |= O_CREAT;
  if (create && exclusive) flags |= O_EXCL;
  int fd = ::open(path.c_str(), flags, 0644);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound("no such file: " + path);
    if (errno == EEXIST) return Status::AlreadyExists("file exists: " + path);
    return Status::FromErrno("open " + path, errno);
  }
  File f;
  f.fd_ = fd;
  f.path_ = path;
  return f;
}

Status File::WriteAt(uint64_t offset, const void* data, size_t n) const {
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    ssize_t w = ::pwrite(fd_, p, n, static_cast<off_t>(offset));
    if (w < 0) {
      if (errno == EINTR) continue;
      return Status::FromErrno("write " + path_, errno);
    }
    if (w == 0) return Status::FromErrno("write " + path_, ENOSPC);
    p += w;
    n -= static_cast<size_t>(w);
    offset += static_cast<uint64_t>(w);
  }
  return Status::Ok();
}

Result<size_t> File::ReadAt(uint64_t offset, void* data, size_t n) const {
  char* p = static_cast<char*>(data);
  size_t done = 0;
  while (done < n) {
    ssize_t r = ::pread(fd_, p + done, n - done, static_cast<off_t>(offset + done));
    if (r < 0) {
      if (errno == EINTR) continue;
      return Status::FromErrno("read " + path_, errno);
    }
    if (r == 0) break;
    done += static_cast<size_t>(r);
  }
  return done;
}

Status File::Truncate(uint64_t size) const {
  while (::ftruncate(fd_, static_cast<off_t>(size)) != 0) {
    if (errno != EINTR) return Status::FromErrno("truncate " + path_, errno);
  }
  return Status::Ok();
}

Status File::DataSync() const {
  if (::fdatasync(fd_) != 0) return Status::FromErrno("fdatasync " + path_, errno);
  return Status::Ok();
}

Result<uint64_t> File::Size() const {
  struct stat st;
  if (::fstat(fd_, &st) != 0) return Status::FromErrno("stat " + path_, errno);
  return static_cast<uint64_t>(st.st_size);
}

Status SyncDir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Status::FromErrno("open dir " + dir, errno);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return Status::FromErrno("fsync dir " + dir, err);
  return Status::Ok();
}

Status WriteFileAtomically(const std::string& path, const std::string& contents) {
  std::string tmp = path + ".tmp";
  {
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return Status::FromErrno("open " + tmp, errno);
    size_t off = 0;
    while (off < contents.size()) {
      ssize_t w = ::write(fd, contents.data() + off, contents.size() - off);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) {
        int err = w < 0 ? errno : ENOSPC;
        ::close(fd);
        return Status::FromErrno("write " + tmp, err);
      }
      off += static_cast<size_t>(w);
    }
    if (::fsync(fd) != 0) {
      int err = errno;
      ::close(fd);
      return Status::FromErrno("fsync " + tmp, err);
    }
    ::close(fd);
  }
  MR_RETURN_IF_ERROR(RenamePath(tmp, path));
  return SyncDir(std::filesystem::path(path).parent_path().string());
}

Result<std::string> ReadWholeFile(const std::string& path) {
  MR_ASSIGN_OR_RETURN(File f, File::Open(path, false));
  MR_ASSIGN_OR_RETURN(uint64_t size, f.Size());
  std::string out(size, '\0');
  MR_ASSIGN_OR_RETURN(size_t n, f.ReadAt(0, out.data(), out.size()));
  out.resize(n);
  return out;
}

Result<std::vector<std::string>> ListDir(const std::string& dir) {
  std::error_code ec;
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    names.push_back(entry.path().filename().string());
  }
  if (ec) return Status::IOError("list " + dir + ": " + ec.message());
  return names;
}

Status CreateDirs(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IOError("mkdir " + dir + ": " + ec.message());
  return Status::Ok();
}

Status RemoveAll(const std::string& path) {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
  if (ec) return Status::IOError("remove " + path + ": " + ec.message());
  return Status::Ok();
}

Status RemoveFile(const std::string& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    return Status::FromErrno("unlink " + path, errno);
  }
  return Status::Ok();
}

Status RenamePath(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) {
    return Status::FromErrno("rename " + from + " to " + to, errno);
  }
  return Status::Ok();
}

}  // namespace millrace::log
