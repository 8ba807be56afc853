// Http1Connection: serves HTTP/1.1 (and 1.0) requests on one socket, one at a time and in order,
// so pipelined requests are answered in the order they came. Keep-alive unless the client or a
// drain says otherwise; Expect: 100-continue; malformed input gets 400 and the connection closes.
// Threading: every call runs on the socket's strand.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <string>

#include "net/http_timeouts.h"

namespace millrace::net {

class HttpDispatcher;
struct HttpResponse;

class Http1Connection {
 public:
  // REQUIRES: `socket` and `dispatcher` outlive Run().
  Http1Connection(boost::asio::ip::tcp::socket& socket, const HttpDispatcher& dispatcher,
                  std::string remote_address, HttpTimeouts timeouts = {});

  // Serves until the peer closes, an error, "Connection: close" or a drain. `initial` holds bytes
  // already read from the socket (connection-preface detection).
  boost::asio::awaitable<void> Run(std::string initial);

  // Finish the request in flight, if any, then close; closes at once when idle.
  void Drain();

  // Largest request head (request line plus headers) accepted.
  static constexpr uint32_t kMaxHeaderBytes = 64 << 10;

 private:
  class StreamedBody;  // the BodyReader of a stream_body route

  // Writes `response`; false if the socket failed. `head_only` for HEAD requests.
  boost::asio::awaitable<bool> Write(HttpResponse& response, bool keep_alive, bool head_only);
  boost::asio::awaitable<void> LingeringClose();
  // Cancels the socket's operations if they are not done within `timeout`; Disarm() stops it.
  void Arm(std::chrono::milliseconds timeout);
  void Disarm() { deadline_.cancel(); }

  boost::asio::ip::tcp::socket& socket_;
  const HttpDispatcher& dispatcher_;
  std::string remote_address_;
  HttpTimeouts timeouts_;
  boost::asio::steady_timer deadline_;
  bool idle_ = true;
  bool draining_ = false;
};

}  // namespace millrace::net
