#include "net/http_dispatcher.h"

#include <exception>

#include "base/clock.h"
#include "base/logging.h"
#include "base/metrics.h"

namespace millrace::net {
namespace {

metrics::CounterFamily& RequestsTotal() {
  static auto& f = metrics::Registry::Global().Counters(
      "millrace_http_requests_total", "HTTP requests answered, by route and status code.",
      {"route", "status"});
  return f;
}

metrics::HistogramFamily& RequestSeconds() {
  static auto& f = metrics::Registry::Global().Histograms(
      "millrace_http_request_duration_seconds",
      "Time from a complete request to its response headers, by route.", metrics::LatencyBuckets(),
      {"route"});
  return f;
}

std::string Label(const Route* route) {
  return route ? route->options.label : std::string("unrouted");
}

}  // namespace

void SetRequestTarget(HttpRequest& request, std::string target) {
  size_t q = target.find('?');
  request.path = target.substr(0, q);
  request.query = q == std::string::npos ? std::string() : target.substr(q + 1);
  request.target = std::move(target);
}

HttpDispatcher::HttpDispatcher(const Router& router) : router_(router) {
  RequestsTotal();
  RequestSeconds();
}

const Route* HttpDispatcher::Match(const HttpRequest& request) const {
  return router_.Match(request.path, request.headers.Get("x-amz-target"));
}

void HttpDispatcher::Record(const Route* route, int status, double seconds) const {
  std::string label = Label(route);
  RequestsTotal().Labels({label, std::to_string(status)}).Inc();
  RequestSeconds().Labels({label}).Observe(seconds);
}

boost::asio::awaitable<HttpResponse> HttpDispatcher::Handle(HttpRequest& request,
                                                            const Route* route) const {
  int64_t start = MonotonicNanos();
  HttpResponse response;
  if (route == nullptr) {
    response = PlainErrorResponse(404, "NotFound", "no route for " + request.path);
  } else {
    std::exception_ptr failure;
    try {
      response = co_await route->handler(request);
    } catch (const std::exception& e) {
      MR_LOG_ERROR("handler for {} {} threw: {}", request.method, request.target, e.what());
      failure = std::current_exception();
    }
    if (failure)
      response = route->Error(500, "InternalFailure", "the server failed to handle the request");
  }
  Record(route, response.status, static_cast<double>(MonotonicNanos() - start) / 1e9);
  co_return response;
}

HttpResponse HttpDispatcher::Reject(const Route* route, int status, std::string_view code,
                                    std::string_view message) const {
  Record(route, status, 0);
  return route ? route->Error(status, code, message) : PlainErrorResponse(status, code, message);
}

}  // namespace millrace::net
