// TcpListener: accepts TCP connections on one address and runs a coroutine per connection on its
// own strand. The edge HTTP port and the Kafka port both use it. Start/Stop are thread-safe.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

namespace millrace::net {

// Serves one accepted connection; runs on the socket's strand and owns the socket.
using ConnectionHandler = std::function<boost::asio::awaitable<void>(boost::asio::ip::tcp::socket)>;

// Parses "HOST:PORT" ("[::1]:80" for IPv6). HOST is an IP address or "localhost".
Result<boost::asio::ip::tcp::endpoint> ParseHostPort(std::string_view host_port);

class TcpListener {
 public:
  // Binds and listens (port 0 picks a free port). Errors: InvalidArgument for a bad address,
  // IOError when the address cannot be bound.
  static Result<std::unique_ptr<TcpListener>> Listen(boost::asio::io_context& context,
                                                     std::string_view host_port,
                                                     ConnectionHandler handler);
  ~TcpListener();

  // The bound address, "127.0.0.1:4566".
  std::string address() const;
  uint16_t port() const { return endpoint_.port(); }

  void Start();  // begins accepting
  void Stop();   // closes the acceptor; connections already accepted carry on

 private:
  TcpListener(boost::asio::io_context& context, ConnectionHandler handler);
  boost::asio::awaitable<void> AcceptLoop();

  boost::asio::io_context& context_;
  ConnectionHandler handler_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::ip::tcp::endpoint endpoint_;
};

}  // namespace millrace::net
