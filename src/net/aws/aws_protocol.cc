#include "net/aws/aws_protocol.h"

#include <exception>

#include "base/logging.h"
#include "base/metrics.h"
#include "net/aws/cbor_codec.h"
#include "net/aws/request_id.h"

namespace millrace::net::aws {
namespace {

metrics::CounterFamily& AwsRequestsTotal() {
  static auto& f = metrics::Registry::Global().Counters(
      "millrace_aws_requests_total", "AWS API requests, by service, operation and HTTP status.",
      {"service", "operation", "status"});
  return f;
}

}  // namespace

AwsProtocol::AwsProtocol(Router& router) : router_(router) {
  codecs_.push_back(std::make_unique<AwsCborCodec>());
  codecs_.push_back(std::make_unique<AwsJsonCodec>());
  router_.AddTarget(
      "", [this](HttpRequest& request) { return Serve(nullptr, request); },
      OptionsFor("aws", kDefaultMaxBodyBytes));
  AwsRequestsTotal();
}

AwsProtocol::~AwsProtocol() = default;

void AwsProtocol::AddCodec(std::unique_ptr<AwsBodyCodec> codec) {
  codecs_.insert(codecs_.begin(), std::move(codec));
}

void AwsProtocol::AddService(std::unique_ptr<AwsService> service) {
  const AwsService* s = service.get();
  services_.push_back(std::move(service));
  router_.AddTarget(
      s->target_prefix(), [this, s](HttpRequest& request) { return Serve(s, request); },
      OptionsFor(s->name(), s->max_body_bytes()));
}

RouteOptions AwsProtocol::OptionsFor(std::string label, uint64_t max_body_bytes) const {
  RouteOptions options;
  options.label = std::move(label);
  options.max_body_bytes = max_body_bytes;
  options.error_response = [](int status, std::string_view code, std::string_view message) {
    return ErrorResponse(AwsError{std::string(code), std::string(message), status}, NewRequestId());
  };
  return options;
}

const AwsBodyCodec& AwsProtocol::CodecFor(const HttpRequest& request) const {
  std::string_view content_type = request.headers.Get("content-type").value_or("");
  for (const auto& codec : codecs_) {
    if (codec->Accepts(content_type)) return *codec;
  }
  return *codecs_.back();
}

HttpResponse AwsProtocol::ErrorResponse(const AwsError& error, const std::string& request_id,
                                        const AwsBodyCodec* codec) {
  static const AwsJsonCodec kJson;
  if (codec == nullptr) codec = &kJson;
  Value body = Value::MakeObject();
  body.Set("__type", error.type);
  body.Set("message", error.message);
  HttpResponse response;
  response.status = error.http_status;
  response.headers.Set("content-type", std::string(codec->content_type()));
  response.headers.Set("x-amzn-RequestId", request_id);
  response.headers.Set("x-amzn-ErrorType", error.type);
  response.body = codec->Encode(body);
  return response;
}

boost::asio::awaitable<HttpResponse> AwsProtocol::Serve(const AwsService* service,
                                                        HttpRequest& http) const {
  AwsRequest request;
  request.request_id = NewRequestId();
  request.http = &http;
  request.codec = &CodecFor(http);
  std::string target(http.headers.Get("x-amz-target").value_or(""));
  request.service = service ? service->name() : "unknown";

  auto finish = [&](HttpResponse response, std::string_view operation) {
    AwsRequestsTotal()
        .Labels({request.service, std::string(operation), std::to_string(response.status)})
        .Inc();
    return response;
  };
  auto fail = [&](const AwsError& error, std::string_view operation) {
    return finish(ErrorResponse(error, request.request_id, request.codec), operation);
  };

  const AwsService::Operation* op = nullptr;
  if (service != nullptr) {
    request.operation = target.substr(service->target_prefix().size());
    op = service->Find(request.operation);
  }
  if (op == nullptr) {
    co_return fail(AwsError::UnknownOperation("operation '" + target + "' is not supported"),
                   "unknown");
  }
  if (http.body.empty()) {
    request.params = Value::MakeObject();
  } else {
    Result<Value> decoded = request.codec->Decode(http.body, service->max_body_bytes());
    if (!decoded.ok()) {
      co_return fail(AwsError::Serialization(decoded.status().message()), request.operation);
    }
    if (!decoded->is_object()) {
      co_return fail(AwsError::Serialization("the request body must be a structure"),
                     request.operation);
    }
    request.params = std::move(decoded).value();
  }
  request.credential = ParseAuthorization(http.headers.Get("authorization"));

  if (op->raw) {
    HttpResponse response = co_await op->raw(request);
    response.headers.Set("x-amzn-RequestId", request.request_id);
    co_return finish(std::move(response), request.operation);
  }
  std::optional<AwsOutcome> outcome;
  try {
    outcome.emplace(co_await op->handler(request));
  } catch (const std::exception& e) {
    MR_LOG_ERROR("{}.{} threw: {}", request.service, request.operation, e.what());
  }
  if (!outcome) co_return fail(AwsError::InternalFailure("internal error"), request.operation);
  if (!outcome->ok()) co_return fail(outcome->error(), request.operation);
  HttpResponse response;
  response.status = 200;
  response.headers.Set("content-type", std::string(request.codec->content_type()));
  response.headers.Set("x-amzn-RequestId", request.request_id);
  response.body = request.codec->Encode(outcome->value());
  co_return finish(std::move(response), request.operation);
}

}  // namespace millrace::net::aws
