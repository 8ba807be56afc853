#include "parquet/io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace millrace::parquet {

Result<std::unique_ptr<FileSink>> FileSink::Create(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::FromErrno("open " + path, errno);
  return std::unique_ptr<FileSink>(new FileSink(fd, path));
}

FileSink::~FileSink() {
  if (fd_ >= 0) ::close(fd_);
}

Status FileSink::Append(std::string_view data) {
  if (fd_ < 0) return Status::IOError("write " + path_ + ": file is closed");
  while (!data.empty()) {
    ssize_t n = ::write(fd_, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::FromErrno("write " + path_, errno);
    }
    data.remove_prefix(static_cast<size_t>(n));
    position_ += static_cast<uint64_t>(n);
  }
  return Status::Ok();
}

Status FileSink::Sync() {
  if (::fsync(fd_) != 0) return Status::FromErrno("fsync " + path_, errno);
  return Status::Ok();
}

Status FileSink::Close() {
  if (fd_ < 0) return Status::Ok();
  int rc = ::close(fd_);
  fd_ = -1;
  if (rc != 0) return Status::FromErrno("close " + path_, errno);
  return Status::Ok();
}

Status StringSource::ReadAt(uint64_t offset, uint64_t length, std::string* out) const {
  if (offset > data_.size() || length > data_.size() - offset) {
    return Status::OutOfRange("read past the end of the parquet data");
  }
  out->assign(data_.substr(offset, length));
  return Status::Ok();
}

Result<std::unique_ptr<FileSource>> FileSource::Open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::FromErrno("open " + path, errno);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return Status::FromErrno("stat " + path, err);
  }
  return std::unique_ptr<FileSource>(new FileSource(fd, static_cast<uint64_t>(st.st_size), path));
}

FileSource::~FileSource() {
  ::close(fd_);
}

Status FileSource::ReadAt(uint64_t offset, uint64_t length, std::string* out) const {
  if (offset > size_ || length > size_ - offset) {
    return Status::OutOfRange("read past the end of " + path_);
  }
  out->resize(length);
  uint64_t done = 0;
  while (done < length) {
    ssize_t n = ::pread(fd_, out->data() + done, length - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::FromErrno("read " + path_, errno);
    }
    if (n == 0) return Status::IOError("read " + path_ + ": file shrank while reading");
    done += static_cast<uint64_t>(n);
  }
  return Status::Ok();
}

}  // namespace millrace::parquet
