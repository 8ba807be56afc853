// Byte sinks the writer appends to and byte sources the reader reads from. The file-backed
// implementations use POSIX calls and block: run them off the event loop (a worker thread or
// the caller's own thread). Each instance is used by one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

namespace millrace::parquet {

class OutputSink {
 public:
  virtual ~OutputSink() = default;
  virtual Status Append(std::string_view data) = 0;
  // Bytes appended so far.
  virtual uint64_t position() const = 0;
};

// Collects the bytes in memory.
class StringSink final : public OutputSink {
 public:
  Status Append(std::string_view data) override {
    data_.append(data);
    return Status::Ok();
  }
  uint64_t position() const override { return data_.size(); }
  const std::string& data() const { return data_; }
  std::string Release() { return std::move(data_); }

 private:
  std::string data_;
};

// Writes a new file (truncating any old one). Sync() makes the bytes durable.
class FileSink final : public OutputSink {
 public:
  static Result<std::unique_ptr<FileSink>> Create(const std::string& path);
  ~FileSink() override;
  Status Append(std::string_view data) override;
  uint64_t position() const override { return position_; }
  Status Sync();
  Status Close();

 private:
  FileSink(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  int fd_;
  std::string path_;
  uint64_t position_ = 0;
};

class InputSource {
 public:
  virtual ~InputSource() = default;
  virtual uint64_t size() const = 0;
  // Replaces `*out` with bytes [offset, offset + length). OutOfRange past the end.
  virtual Status ReadAt(uint64_t offset, uint64_t length, std::string* out) const = 0;
};

// Reads from bytes in memory, which must outlive the source.
class StringSource final : public InputSource {
 public:
  explicit StringSource(std::string_view data) : data_(data) {}
  uint64_t size() const override { return data_.size(); }
  Status ReadAt(uint64_t offset, uint64_t length, std::string* out) const override;

 private:
  std::string_view data_;
};

class FileSource final : public InputSource {
 public:
  static Result<std::unique_ptr<FileSource>> Open(const std::string& path);
  ~FileSource() override;
  uint64_t size() const override { return size_; }
  Status ReadAt(uint64_t offset, uint64_t length, std::string* out) const override;

 private:
  FileSource(int fd, uint64_t size, std::string path)
      : fd_(fd), size_(size), path_(std::move(path)) {}
  int fd_;
  uint64_t size_;
  std::string path_;
};

}  // namespace millrace::parquet
