// Router: picks the handler for a request from its headers alone, before the body is read, so
// the body size limit can be the route's own.
//
// Order (DESIGN.md): routes on the X-Amz-Target header prefix first (longest prefix wins), then
// exact paths, then path prefixes (longest wins). Routes are added before serving starts; after
// that the router is read-only and safe to share between threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/http_message.h"

namespace millrace::net {

inline constexpr uint64_t kDefaultMaxBodyBytes = 16ull << 20;

struct RouteOptions {
  std::string label;                               // for metrics; defaults to the pattern
  uint64_t max_body_bytes = kDefaultMaxBodyBytes;  // larger bodies get 413
  ErrorResponder error_response;                   // empty: plain text errors
  // HTTP/1.1 hands the handler a BodyReader instead of a buffered body (large uploads go to disk
  // as they arrive). HTTP/2 still buffers, up to kMaxBufferedStreamBodyBytes.
  bool stream_body = false;
};

// The most a streamed-body route buffers where the protocol cannot stream (HTTP/2).
inline constexpr uint64_t kMaxBufferedStreamBodyBytes = 256ull << 20;

struct Route {
  enum class Kind : uint8_t { kExact, kPrefix, kTarget };
  Kind kind;
  std::string pattern;
  HttpHandler handler;
  RouteOptions options;

  // The error response in this route's shape.
  HttpResponse Error(int status, std::string_view code, std::string_view message) const;
};

class Router {
 public:
  void AddExact(std::string path, HttpHandler handler, RouteOptions options = {});
  void AddPrefix(std::string prefix, HttpHandler handler, RouteOptions options = {});
  // Matches requests whose X-Amz-Target starts with `prefix`; "" matches any X-Amz-Target.
  void AddTarget(std::string prefix, HttpHandler handler, RouteOptions options = {});

  // The route for a request with this path and X-Amz-Target (if any), or nullptr.
  const Route* Match(std::string_view path, std::optional<std::string_view> amz_target) const;

 private:
  void Add(Route::Kind kind, std::string pattern, HttpHandler handler, RouteOptions options);

  std::vector<std::unique_ptr<Route>> routes_;
};

}  // namespace millrace::net
