// Small POSIX file helpers for atomic publication: write fully, fsync a file or a directory,
// write a small file atomically. Thread-safe (no shared state). Errors are IOError statuses.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace millrace::lake {

// An owned file descriptor, closed on destruction.
class FileHandle {
 public:
  FileHandle() = default;
  explicit FileHandle(int fd) : fd_(fd) {}
  ~FileHandle();
  FileHandle(FileHandle&& other) noexcept : fd_(other.release()) {}
  FileHandle& operator=(FileHandle&& other) noexcept;
  int get() const { return fd_; }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }
  bool valid() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

Status WriteAll(int fd, std::string_view bytes);
Status ReadAllAt(int fd, uint64_t offset, char* out, size_t n, size_t* got);
Status SyncFile(int fd, const std::string& what);
Status SyncDirectory(const std::string& path);
Result<std::string> ReadSmallFile(const std::string& path);
// Writes `path.tmp`, fsyncs it and renames it over `path` (the directory is not fsynced).
Status WriteFileAtomically(const std::string& path, std::string_view bytes);
// A random lower-case hex string of 2 * bytes characters.
std::string RandomHex(size_t bytes);

}  // namespace millrace::lake
