// HttpServer: the edge's per-connection logic. Reads the first bytes of each connection to tell
// HTTP/2 with prior knowledge (the "PRI * HTTP/2.0" preface) from HTTP/1.1, serves it with the
// matching connection class, and tracks open connections so shutdown can drain them.
// Thread-safe: Serve runs on each connection's strand; BeginDrain/WaitDrained from any thread.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <set>
#include <string_view>

#include "net/http1_connection.h"
#include "net/http_dispatcher.h"
#include "net/tcp_listener.h"

namespace millrace::net {

inline constexpr std::string_view kHttp2Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

class HttpServer {
 public:
  // REQUIRES: `router` outlives the server and is complete before the first connection.
  explicit HttpServer(const Router& router, HttpTimeouts timeouts = {});
  ~HttpServer();

  // The handler to give a TcpListener. REQUIRES: the server outlives the listener's connections.
  ConnectionHandler Handler();
  boost::asio::awaitable<void> Serve(boost::asio::ip::tcp::socket socket);

  // Asks every connection to finish its in-flight requests and close; idle ones close at once,
  // and connections accepted later close after their first request.
  void BeginDrain();
  // Blocks until no connection is open or `timeout` passes; true if none is open.
  // REQUIRES: not called on an event-loop thread.
  bool WaitDrained(std::chrono::milliseconds timeout);
  size_t open_connections() const;

  struct ConnectionEntry;

 private:
  HttpDispatcher dispatcher_;
  HttpTimeouts timeouts_;
  mutable std::mutex mu_;
  std::condition_variable drained_;
  std::set<std::shared_ptr<ConnectionEntry>> connections_;
  bool draining_ = false;
};

}  // namespace millrace::net
