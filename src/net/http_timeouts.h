// HttpTimeouts: how long the edge waits on a client before closing its connection.
#pragma once

#include <chrono>

namespace millrace::net {

struct HttpTimeouts {
  // A connection with no request in progress (HTTP/1.1 keep-alive between requests, HTTP/2 with
  // no open stream, or nothing sent yet) is closed after this long.
  std::chrono::milliseconds idle{std::chrono::minutes(5)};
  // HTTP/1.1: reading a whole request body, and each write of a response (or of one streamed
  // chunk), must finish within this.
  std::chrono::milliseconds io{std::chrono::minutes(1)};
};

}  // namespace millrace::net
