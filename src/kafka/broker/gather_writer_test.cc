// WriteGatherFrame over a loopback connection: frame bytes, memory references and file slices
// arrive in order and byte for byte, including slices larger than the socket buffers.
#include "kafka/broker/gather_writer.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdlib>
#include <filesystem>

namespace millrace::kafka {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

// A temp file holding `contents`, removed with the object; `fd()` is open for reading.
class TempFile {
 public:
  explicit TempFile(const std::string& contents) {
    std::string pattern = std::filesystem::temp_directory_path().string() + "/mr-gather-XXXXXX";
    fd_ = ::mkstemp(pattern.data());
    path_ = pattern;
    EXPECT_GE(fd_, 0);
    EXPECT_EQ(::write(fd_, contents.data(), contents.size()),
              static_cast<ssize_t>(contents.size()));
  }
  ~TempFile() {
    ::close(fd_);
    ::unlink(path_.c_str());
  }
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
  std::string path_;
};

std::string Pattern(size_t n, uint32_t seed) {
  std::string s(n, '\0');
  uint32_t x = seed;
  for (auto& c : s) {
    x = x * 1664525u + 1013904223u;
    c = static_cast<char>(x >> 24);
  }
  return s;
}

struct Outcome {
  boost::system::error_code write_error;
  std::string received;
};

// Writes `frame` on one end of a loopback connection and reads `expect_bytes` (or until EOF)
// on the other, both on one single-threaded io_context.
Outcome Transfer(const GatherFrame& frame, size_t expect_bytes) {
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
  tcp::socket client(io);
  client.connect(acceptor.local_endpoint());
  tcp::socket server = acceptor.accept();
  Outcome outcome;
  auto writer = [&]() -> asio::awaitable<void> {
    outcome.write_error = co_await WriteGatherFrame(server, frame);
    boost::system::error_code ignored;
    server.shutdown(tcp::socket::shutdown_send, ignored);
  };
  auto reader = [&]() -> asio::awaitable<void> {
    outcome.received.resize(expect_bytes);
    auto [ec, n] = co_await asio::async_read(client, asio::buffer(outcome.received),
                                             asio::as_tuple(asio::use_awaitable));
    outcome.received.resize(n);
  };
  asio::co_spawn(io, writer(), asio::detached);
  asio::co_spawn(io, reader(), asio::detached);
  io.run();
  return outcome;
}

TEST(GatherWriterTest, SplicesMemoryAndFileReferencesInOrder) {
  const std::string file_bytes = Pattern(24 << 20, 7);  // far more than a socket buffer
  TempFile file(file_bytes);
  const std::string memory = Pattern(20000, 9);
  // Frame: "head" [memory] "mid" [file 1 MiB .. +20 MiB] "gap" [file 100..164] "tail"
  GatherFrame frame;
  frame.bytes =
      "head"
      "mid"
      "gap"
      "tail";
  frame.references.push_back({4, memory, 0});
  frame.references.push_back({7, std::string_view(), 20 << 20});
  frame.references.push_back({10, std::string_view(), 64});
  frame.files.push_back({file.fd(), 1 << 20, 20 << 20});
  frame.files.push_back({file.fd(), 100, 64});
  const std::string expected = "head" + memory + "mid" + file_bytes.substr(1 << 20, 20 << 20) +
                               "gap" + file_bytes.substr(100, 64) + "tail";
  Outcome outcome = Transfer(frame, expected.size());
  EXPECT_FALSE(outcome.write_error) << outcome.write_error.message();
  ASSERT_EQ(outcome.received.size(), expected.size());
  EXPECT_TRUE(outcome.received == expected);
}

TEST(GatherWriterTest, FrameWithoutReferencesIsWrittenWhole) {
  GatherFrame frame;
  frame.bytes = Pattern(100000, 3);
  Outcome outcome = Transfer(frame, frame.bytes.size());
  EXPECT_FALSE(outcome.write_error);
  EXPECT_TRUE(outcome.received == frame.bytes);
}

TEST(GatherWriterTest, SliceBeyondTheFileIsAnErrorNotPadding) {
  TempFile file(Pattern(1000, 5));
  GatherFrame frame;
  frame.bytes = "ab";
  frame.references.push_back({1, std::string_view(), 5000});
  frame.files.push_back({file.fd(), 0, 5000});
  Outcome outcome = Transfer(frame, 1 + 5000 + 1);
  EXPECT_TRUE(outcome.write_error);
  // What did arrive is the prefix and the file's real bytes, never the closing byte.
  EXPECT_LE(outcome.received.size(), 1u + 1000u);
}

TEST(GatherWriterTest, MissingOrMismatchedSliceIsRefused) {
  TempFile file(Pattern(1000, 5));
  GatherFrame frame;
  frame.bytes = "ab";
  frame.references.push_back({1, std::string_view(), 500});
  Outcome none = Transfer(frame, 1000);
  EXPECT_EQ(none.write_error, asio::error::invalid_argument);
  frame.files.push_back({file.fd(), 0, 400});
  Outcome mismatched = Transfer(frame, 1000);
  EXPECT_EQ(mismatched.write_error, asio::error::invalid_argument);
}

}  // namespace
}  // namespace millrace::kafka
