#include "net/router.h"

namespace millrace::net {

HttpResponse Route::Error(int status, std::string_view code, std::string_view message) const {
  if (options.error_response) return options.error_response(status, code, message);
  return PlainErrorResponse(status, code, message);
}

void Router::Add(Route::Kind kind, std::string pattern, HttpHandler handler, RouteOptions options) {
  if (options.label.empty()) options.label = pattern.empty() ? "*" : pattern;
  routes_.push_back(std::make_unique<Route>(
      Route{kind, std::move(pattern), std::move(handler), std::move(options)}));
}

void Router::AddExact(std::string path, HttpHandler handler, RouteOptions options) {
  Add(Route::Kind::kExact, std::move(path), std::move(handler), std::move(options));
}

void Router::AddPrefix(std::string prefix, HttpHandler handler, RouteOptions options) {
  Add(Route::Kind::kPrefix, std::move(prefix), std::move(handler), std::move(options));
}

void Router::AddTarget(std::string prefix, HttpHandler handler, RouteOptions options) {
  Add(Route::Kind::kTarget, std::move(prefix), std::move(handler), std::move(options));
}

const Route* Router::Match(std::string_view path,
                           std::optional<std::string_view> amz_target) const {
  const Route* best = nullptr;
  auto longer = [&](const Route& r) {
    return best == nullptr || r.pattern.size() > best->pattern.size();
  };
  if (amz_target) {
    for (const auto& r : routes_) {
      if (r->kind == Route::Kind::kTarget && amz_target->starts_with(r->pattern) && longer(*r)) {
        best = r.get();
      }
    }
    if (best != nullptr) return best;
  }
  for (const auto& r : routes_) {
    if (r->kind == Route::Kind::kExact && path == r->pattern) return r.get();
  }
  for (const auto& r : routes_) {
    if (r->kind == Route::Kind::kPrefix && path.starts_with(r->pattern) && longer(*r)) {
      best = r.get();
    }
  }
  return best;
}

}  // namespace millrace::net
