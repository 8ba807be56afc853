#include "net/loopback_server.h"

#include <sys/socket.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <chrono>

namespace millrace::net {

namespace asio = boost::asio;
namespace http = boost::beast::http;

LoopbackServer::LoopbackServer() = default;

LoopbackServer::~LoopbackServer() {
  if (listener_) listener_->Stop();
  if (http_) {
    http_->BeginDrain();
    http_->WaitDrained(std::chrono::seconds(5));
  }
  pool_.Stop();
}

void LoopbackServer::Start(HttpTimeouts timeouts) {
  http_ = std::make_unique<HttpServer>(router_, timeouts);
  listener_ =
      std::move(TcpListener::Listen(pool_.context(), "127.0.0.1:0", http_->Handler())).value();
  pool_.Start();
  listener_->Start();
}

Http1Client::Http1Client(uint16_t port) : socket_(context_) {
  socket_.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  socket_.set_option(asio::ip::tcp::no_delay(true));
  // A server that never answers fails the test instead of hanging it.
  timeval timeout{30, 0};
  setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
}

void Http1Client::Send(std::string_view raw_bytes) {
  asio::write(socket_, asio::buffer(raw_bytes.data(), raw_bytes.size()));
}

std::optional<Response> Http1Client::Read(bool head_response) {
  http::response_parser<http::string_body> parser;
  parser.skip(head_response);
  parser.body_limit(boost::none);
  boost::system::error_code ec;
  http::read(socket_, buffer_, parser, ec);
  if (ec) return std::nullopt;
  return parser.release();
}

std::optional<Response> Http1Client::Request(std::string_view method, std::string_view target,
                                             std::string_view body,
                                             std::string_view extra_headers) {
  std::string raw = std::string(method) + " " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n";
  raw += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  raw += extra_headers;
  raw += "\r\n";
  raw += body;
  Send(raw);
  return Read();
}

bool Http1Client::ServerClosed() {
  char sink[4096];
  boost::system::error_code ec;
  while (!ec) socket_.read_some(asio::buffer(sink), ec);  // skips whatever the server still sends
  return ec == asio::error::eof || ec == asio::error::connection_reset;
}

}  // namespace millrace::net
