#include "net/tcp_listener.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <charconv>

#include "base/logging.h"

namespace millrace::net {

namespace asio = boost::asio;
using asio::ip::tcp;

Result<tcp::endpoint> ParseHostPort(std::string_view host_port) {
  size_t colon = host_port.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return Status::InvalidArgument("address '" + std::string(host_port) + "' is not HOST:PORT");
  }
  std::string_view host = host_port.substr(0, colon);
  std::string_view port_text = host_port.substr(colon + 1);
  uint32_t port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535 ||
      port_text.empty()) {
    return Status::InvalidArgument("port in '" + std::string(host_port) + "' must be 0..65535");
  }
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  if (host == "localhost") host = "127.0.0.1";
  boost::system::error_code error;
  asio::ip::address address = asio::ip::make_address(host, error);
  if (error) {
    return Status::InvalidArgument("host in '" + std::string(host_port) +
                                   "' is not an IP address or localhost");
  }
  return tcp::endpoint(address, static_cast<uint16_t>(port));
}

TcpListener::TcpListener(asio::io_context& context, ConnectionHandler handler)
    : context_(context), handler_(std::move(handler)), acceptor_(asio::make_strand(context)) {}

TcpListener::~TcpListener() = default;

Result<std::unique_ptr<TcpListener>> TcpListener::Listen(asio::io_context& context,
                                                         std::string_view host_port,
                                                         ConnectionHandler handler) {
  MR_ASSIGN_OR_RETURN(tcp::endpoint endpoint, ParseHostPort(host_port));
  std::unique_ptr<TcpListener> listener(new TcpListener(context, std::move(handler)));
  boost::system::error_code ec;
  tcp::acceptor& a = listener->acceptor_;
  a.open(endpoint.protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(endpoint, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (!ec) listener->endpoint_ = a.local_endpoint(ec);
  if (ec) {
    return Status::IOError("cannot listen on " + std::string(host_port) + ": " + ec.message());
  }
  return listener;
}

std::string TcpListener::address() const {
  std::string host = endpoint_.address().to_string();
  if (endpoint_.address().is_v6()) host = "[" + host + "]";
  return host + ":" + std::to_string(endpoint_.port());
}

void TcpListener::Start() {
  asio::co_spawn(acceptor_.get_executor(), AcceptLoop(), asio::detached);
}

void TcpListener::Stop() {
  asio::post(acceptor_.get_executor(), [this] {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
  });
}

asio::awaitable<void> TcpListener::AcceptLoop() {
  for (;;) {
    auto [ec, socket] = co_await acceptor_.async_accept(asio::make_strand(context_),
                                                        asio::as_tuple(asio::use_awaitable));
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) co_return;
    if (ec) {
      // Typically out of file descriptors: back off briefly rather than spin.
      MR_LOG_WARN("accept on {} failed: {}", address(), ec.message());
      asio::steady_timer pause(acceptor_.get_executor(), std::chrono::milliseconds(50));
      co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
      continue;
    }
    boost::system::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    auto executor = socket.get_executor();
    asio::co_spawn(executor, handler_(std::move(socket)), [](std::exception_ptr e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        MR_LOG_ERROR("connection handler failed: {}", ex.what());
      }
    });
  }
}

}  // namespace millrace::net
