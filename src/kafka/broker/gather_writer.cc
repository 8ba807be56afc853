#include "kafka/broker/gather_writer.h"

#include <sys/sendfile.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <cerrno>

namespace millrace::kafka {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;

namespace {

// sendfile moves at most this much per call (the kernel's own limit is just under 2 GiB).
constexpr size_t kMaxSendfileChunk = size_t{1} << 30;

asio::awaitable<error_code> WriteBuffers(tcp::socket& socket,
                                         std::vector<asio::const_buffer>* buffers) {
  if (buffers->empty()) co_return error_code();
  auto [ec, n] = co_await asio::async_write(socket, *buffers, asio::as_tuple(asio::use_awaitable));
  buffers->clear();
  co_return ec;
}

asio::awaitable<error_code> SendFileSlice(tcp::socket& socket, const FileSlice& slice) {
  off_t offset = static_cast<off_t>(slice.position);
  size_t left = slice.length;
  while (left > 0) {
    const ssize_t n =
        ::sendfile(socket.native_handle(), slice.fd, &offset, std::min(left, kMaxSendfileChunk));
    if (n > 0) {
      left -= static_cast<size_t>(n);
      continue;
    }
    if (n == 0) co_return asio::error::make_error_code(asio::error::eof);  // file too short
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      co_return error_code(errno, boost::system::system_category());
    }
    auto [ec] =
        co_await socket.async_wait(tcp::socket::wait_write, asio::as_tuple(asio::use_awaitable));
    if (ec) co_return ec;
  }
  co_return error_code();
}

}  // namespace

asio::awaitable<error_code> WriteGatherFrame(tcp::socket& socket, const GatherFrame& frame) {
  std::vector<asio::const_buffer> buffers;
  size_t at = 0;
  size_t next_file = 0;
  for (const WireWriter::Reference& ref : frame.references) {
    buffers.push_back(asio::buffer(frame.bytes.data() + at, ref.at - at));
    at = ref.at;
    if (ref.external == 0) {
      buffers.push_back(asio::buffer(ref.bytes.data(), ref.bytes.size()));
      continue;
    }
    if (next_file >= frame.files.size() || frame.files[next_file].length != ref.external) {
      co_return asio::error::make_error_code(asio::error::invalid_argument);
    }
    error_code ec = co_await WriteBuffers(socket, &buffers);
    if (ec) co_return ec;
    if (!socket.native_non_blocking()) {
      socket.native_non_blocking(true, ec);
      if (ec) co_return ec;
    }
    ec = co_await SendFileSlice(socket, frame.files[next_file]);
    if (ec) co_return ec;
    ++next_file;
  }
  buffers.push_back(asio::buffer(frame.bytes.data() + at, frame.bytes.size() - at));
  error_code ec = co_await WriteBuffers(socket, &buffers);
  co_return ec;
}

}  // namespace millrace::kafka
