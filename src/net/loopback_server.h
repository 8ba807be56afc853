// Test support: an edge HTTP server on a loopback port in this process, and a blocking HTTP/1.1
// client for driving it. Only the net tests link this.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "net/aws/aws_protocol.h"
#include "net/http_server.h"
#include "net/io_pool.h"
#include "net/router.h"
#include "net/tcp_listener.h"

namespace millrace::net {

class LoopbackServer {
 public:
  LoopbackServer();
  ~LoopbackServer();
  Router& router() { return router_; }
  aws::AwsProtocol& aws() { return aws_; }
  // REQUIRES: routes are complete.
  void Start(HttpTimeouts timeouts = {});
  uint16_t port() const { return listener_->port(); }
  HttpServer& http() { return *http_; }

 private:
  IoPool pool_{2};
  Router router_;
  aws::AwsProtocol aws_{router_};
  std::unique_ptr<HttpServer> http_;
  std::unique_ptr<TcpListener> listener_;
};

using Response = boost::beast::http::response<boost::beast::http::string_body>;

// A blocking HTTP/1.1 client on one connection; responses are read in order.
class Http1Client {
 public:
  explicit Http1Client(uint16_t port);
  void Send(std::string_view raw_bytes);
  // The next response, or nullopt when the server closed the connection first.
  // `head_response`: the response to a HEAD request (no body follows its header).
  std::optional<Response> Read(bool head_response = false);
  // Send a request with Host and Content-Length filled in, and read its response.
  std::optional<Response> Request(std::string_view method, std::string_view target,
                                  std::string_view body = {}, std::string_view extra_headers = {});
  // True if the server closes the connection (EOF or a reset) within the read timeout; bytes
  // received before that are discarded.
  bool ServerClosed();

 private:
  boost::asio::io_context context_;
  boost::asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
};

}  // namespace millrace::net
