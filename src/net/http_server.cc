#include "net/http_server.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <functional>

#include "base/logging.h"
#include "base/metrics.h"
#include "net/http2_connection.h"

namespace millrace::net {

namespace asio = boost::asio;

// One open connection as the drain sees it. `on_drain` is set and run only on the connection's
// strand; it does what draining means for the connection's current phase.
struct HttpServer::ConnectionEntry {
  asio::any_io_executor executor;
  std::function<void()> on_drain;
  bool drain_requested = false;
};

namespace {

metrics::Gauge& OpenConnections() {
  static auto& g = metrics::Registry::Global()
                       .Gauges("millrace_http_open_connections", "Open edge HTTP connections.")
                       .Get();
  return g;
}

metrics::CounterFamily& ConnectionsTotal() {
  static auto& f = metrics::Registry::Global().Counters(
      "millrace_http_connections_total", "Edge HTTP connections accepted, by protocol.",
      {"protocol"});
  return f;
}

}  // namespace

HttpServer::HttpServer(const Router& router, HttpTimeouts timeouts)
    : dispatcher_(router), timeouts_(timeouts) {
  OpenConnections();
  ConnectionsTotal();
}

HttpServer::~HttpServer() = default;

ConnectionHandler HttpServer::Handler() {
  return [this](asio::ip::tcp::socket socket) { return Serve(std::move(socket)); };
}

void HttpServer::BeginDrain() {
  std::lock_guard lock(mu_);
  draining_ = true;
  for (const auto& entry : connections_) {
    asio::post(entry->executor, [entry] {
      entry->drain_requested = true;
      if (entry->on_drain) entry->on_drain();
    });
  }
}

bool HttpServer::WaitDrained(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return drained_.wait_for(lock, timeout, [&] { return connections_.empty(); });
}

size_t HttpServer::open_connections() const {
  std::lock_guard lock(mu_);
  return connections_.size();
}

asio::awaitable<void> HttpServer::Serve(asio::ip::tcp::socket socket) {
  auto entry = std::make_shared<ConnectionEntry>();
  entry->executor = socket.get_executor();
  bool draining;
  {
    std::lock_guard lock(mu_);
    connections_.insert(entry);
    draining = draining_;
  }
  OpenConnections().Add(1);
  boost::system::error_code ec;
  auto peer = socket.remote_endpoint(ec);
  std::string remote =
      ec ? "unknown" : peer.address().to_string() + ":" + std::to_string(peer.port());

  // Read until the bytes either are the HTTP/2 preface or cannot become it.
  std::string initial;
  entry->on_drain = [&socket] {
    boost::system::error_code ignored;
    socket.cancel(ignored);
  };
  bool open = !draining;
  // A client that connects and sends nothing is closed after the idle timeout.
  asio::steady_timer deadline(socket.get_executor(), timeouts_.idle);
  deadline.async_wait([&socket](const boost::system::error_code& e) {
    boost::system::error_code ignored;
    if (!e) socket.cancel(ignored);
  });
  while (open && initial.size() < kHttp2Preface.size() && kHttp2Preface.starts_with(initial)) {
    char chunk[4096];
    auto [read_error, n] =
        co_await socket.async_read_some(asio::buffer(chunk), asio::as_tuple(asio::use_awaitable));
    if (read_error) open = false;
    initial.append(chunk, n);
    if (entry->drain_requested) open = false;
  }
  deadline.cancel();
  if (open) {
    if (initial.starts_with(kHttp2Preface)) {
      ConnectionsTotal().Labels({"h2c"}).Inc();
      auto connection = std::make_shared<Http2Connection>(socket, dispatcher_, remote, timeouts_);
      entry->on_drain = [&connection] { connection->Drain(); };
      co_await connection->Run(std::move(initial));
    } else {
      ConnectionsTotal().Labels({"http/1.1"}).Inc();
      Http1Connection connection(socket, dispatcher_, remote, timeouts_);
      entry->on_drain = [&connection] { connection.Drain(); };
      if (entry->drain_requested) connection.Drain();
      co_await connection.Run(std::move(initial));
    }
  }
  entry->on_drain = nullptr;
  socket.close(ec);
  OpenConnections().Add(-1);
  std::lock_guard lock(mu_);
  connections_.erase(entry);
  if (connections_.empty()) drained_.notify_all();
}

}  // namespace millrace::net
