// Thin POSIX file wrappers for the log: an owned descriptor with positional I/O that reports
// failures as Status (ENOSPC becomes ResourceExhausted), plus directory helpers.
// A File may be used from several threads at once (pread/pwrite/fdatasync are thread-safe).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"

namespace millrace::log {

class File {
 public:
  File() = default;
  ~File();
  File(File&& other) noexcept : fd_(other.fd_), path_(std::move(other.path_)) { other.fd_ = -1; }
  File& operator=(File&& other) noexcept;
  File(const File&) = delete;
  File& operator=(const File&) = delete;

  // Opens read-write, creating the file if `create` (then failing if it exists when `exclusive`).
  static Result<File> Open(const std::string& path, bool create, bool exclusive = false);

  // Writes all `n` bytes at `offset`.
  Status WriteAt(uint64_t offset, const void* data, size_t n) const;
  // Reads up to `n` bytes at `offset`; returns how many were read (short only at end of file).
  Result<size_t> ReadAt(uint64_t offset, void* data, size_t n) const;
  Status Truncate(uint64_t size) const;
  Status DataSync() const;
  Result<uint64_t> Size() const;
  bool is_open() const { return fd_ >= 0; }
  // The descriptor, for zero-copy transfers (sendfile). Stays owned by this File.
  int fd() const { return fd_; }
  const std::string& path() const { return path_; }

 private:
  int fd_ = -1;
  std::string path_;
};

// fsync of a directory, so that entries created, renamed or removed in it are durable.
Status SyncDir(const std::string& dir);
// Replaces `path` with `contents` atomically: write a temp file, fsync, rename, fsync the dir.
Status WriteFileAtomically(const std::string& path, const std::string& contents);
Result<std::string> ReadWholeFile(const std::string& path);
// Names (not paths) of the entries of `dir`.
Result<std::vector<std::string>> ListDir(const std::string& dir);
Status CreateDirs(const std::string& dir);
Status RemoveAll(const std::string& path);
Status RemoveFile(const std::string& path);  // OK if it does not exist
Status RenamePath(const std::string& from, const std::string& to);

}  // namespace millrace::log
