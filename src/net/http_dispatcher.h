// HttpDispatcher: the protocol-independent half of serving a request. HTTP/1.1 and HTTP/2
// connections call Match() once the headers are in (to learn the body limit) and Handle() once
// the body is in. Records the HTTP metrics. Thread-safe once the router is complete.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <memory>
#include <string>

#include "net/http_message.h"
#include "net/router.h"

namespace millrace::net {

// Splits `target` into request.path and request.query and stores it as request.target.
void SetRequestTarget(HttpRequest& request, std::string target);

class HttpDispatcher {
 public:
  // REQUIRES: `router` outlives the dispatcher and is complete before the first request.
  explicit HttpDispatcher(const Router& router);

  const Route* Match(const HttpRequest& request) const;

  // Runs the route's handler (404 without a route; 500 if the handler throws).
  boost::asio::awaitable<HttpResponse> Handle(HttpRequest& request, const Route* route) const;

  // A response the connection produced itself (413, 400 ...), in the route's error shape.
  HttpResponse Reject(const Route* route, int status, std::string_view code,
                      std::string_view message) const;

  // Body limit for requests no route matches (they get 404 anyway).
  static constexpr uint64_t kUnroutedMaxBodyBytes = 1 << 20;
  static uint64_t MaxBodyBytes(const Route* route) {
    return route ? route->options.max_body_bytes : kUnroutedMaxBodyBytes;
  }
  // Body limit where the whole body is buffered (HTTP/2), streamed-body routes included.
  static uint64_t MaxBufferedBodyBytes(const Route* route) {
    uint64_t limit = MaxBodyBytes(route);
    if (route && route->options.stream_body && limit > kMaxBufferedStreamBodyBytes) {
      limit = kMaxBufferedStreamBodyBytes;
    }
    return limit;
  }

 private:
  void Record(const Route* route, int status, double seconds) const;

  const Router& router_;
};

}  // namespace millrace::net
