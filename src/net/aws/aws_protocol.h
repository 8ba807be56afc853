// AwsProtocol: the AWS JSON 1.1 / CBOR 1.1 protocol layer on the edge router. Dispatches on
// X-Amz-Target to registered services, decodes bodies (empty = {}), and answers in the request's
// encoding with x-amzn-RequestId on every response. Errors have the body {"__type": ..., "message":
// ...} and the x-amzn-ErrorType header. An X-Amz-Target no service claims gets
// UnknownOperationException. Configured before serving starts, then read-only and shared by all
// connections.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <memory>
#include <string>
#include <vector>

#include "net/aws/aws_codec.h"
#include "net/aws/aws_error.h"
#include "net/aws/aws_service.h"
#include "net/router.h"

namespace millrace::net::aws {

class AwsProtocol {
 public:
  // Installs the catch-all X-Amz-Target route. REQUIRES: `router` outlives this object.
  explicit AwsProtocol(Router& router);
  ~AwsProtocol();

  // JSON 1.1 and CBOR 1.1 are built in. Adds another body encoding, checked before those.
  // REQUIRES: before serving starts.
  void AddCodec(std::unique_ptr<AwsBodyCodec> codec);
  // Routes the service's target prefix to it. REQUIRES: before serving starts.
  void AddService(std::unique_ptr<AwsService> service);

  // An AWS-shaped error response in `codec`'s encoding (JSON when null).
  static HttpResponse ErrorResponse(const AwsError& error, const std::string& request_id,
                                    const AwsBodyCodec* codec = nullptr);

 private:
  boost::asio::awaitable<HttpResponse> Serve(const AwsService* service, HttpRequest& request) const;
  const AwsBodyCodec& CodecFor(const HttpRequest& request) const;
  RouteOptions OptionsFor(std::string label, uint64_t max_body_bytes) const;

  Router& router_;
  std::vector<std::unique_ptr<AwsBodyCodec>> codecs_;  // the JSON codec is last (the default)
  std::vector<std::unique_ptr<AwsService>> services_;
};

}  // namespace millrace::net::aws
