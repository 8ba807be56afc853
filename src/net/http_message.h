// HttpRequest, HttpResponse and the handler type: what a route sees, independent of whether the
// request arrived over HTTP/1.1 or HTTP/2. A response body is either a string or a BodySource that
// yields chunks (chunked encoding on HTTP/1.1, DATA frames on HTTP/2).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "base/status.h"
#include "net/http_headers.h"

namespace millrace::net {

// A request body read piece by piece while the handler runs (routes with `stream_body`).
// Called from the handler's coroutine only, one call at a time.
class BodyReader {
 public:
  virtual ~BodyReader() = default;
  // Replaces `out` with the next piece of the body (at most `max_bytes`); `out` is empty only at
  // the end of the body. A malformed or truncated body, or a timeout, is an error status.
  virtual boost::asio::awaitable<Status> Read(std::string& out, size_t max_bytes) = 0;
};

struct HttpRequest {
  std::string method;   // "GET", "POST", ...
  std::string target;   // as sent: path plus optional "?query"
  std::string path;     // target up to '?'
  std::string query;    // after '?', without it; empty if none
  HttpHeaders headers;  // HTTP/2 ":authority" appears as "host"
  std::string body;
  // Set for `stream_body` routes over HTTP/1.1 when the request has a body; `body` is then empty
  // and the handler reads the body from here. Otherwise the whole body is in `body`.
  std::unique_ptr<BodyReader> body_reader;
  int version = 11;            // 10, 11 or 20
  std::string remote_address;  // "ip:port" of the peer
};

// Produces a response body piece by piece. The connection calls Next() one call at a time on its
// strand, and stops calling after nullopt. A chunk may be empty. Throwing aborts the response.
class BodySource {
 public:
  virtual ~BodySource() = default;
  virtual boost::asio::awaitable<std::optional<std::string>> Next() = 0;
};

struct HttpResponse {
  int status = 200;
  HttpHeaders headers;
  std::string body;
  // When set, the body comes from here and `body` is ignored. A "content-length" header, if the
  // handler sets one, is honoured (no chunked encoding); the source must then yield exactly that.
  std::unique_ptr<BodySource> stream;

  static HttpResponse Text(int status, std::string content_type, std::string body);
};

using HttpHandler = std::function<boost::asio::awaitable<HttpResponse>(HttpRequest&)>;

// Builds an error response in a route's own error shape (plain text, AWS JSON, S3 XML ...).
// `code` is a short machine name ("RequestEntityTooLarge"), `message` is for a person.
using ErrorResponder =
    std::function<HttpResponse(int status, std::string_view code, std::string_view message)>;

// The plain-text error shape used where a route has none of its own.
HttpResponse PlainErrorResponse(int status, std::string_view code, std::string_view message);

}  // namespace millrace::net
