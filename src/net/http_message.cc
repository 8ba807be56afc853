#include "net/http_message.h"

namespace millrace::net {

HttpResponse HttpResponse::Text(int status, std::string content_type, std::string body) {
  HttpResponse r;
  r.status = status;
  r.headers.Set("content-type", std::move(content_type));
  r.body = std::move(body);
  return r;
}

HttpResponse PlainErrorResponse(int status, std::string_view code, std::string_view message) {
  std::string body(code);
  body.append(": ").append(message).append("\n");
  return HttpResponse::Text(status, "text/plain; charset=utf-8", std::move(body));
}

}  // namespace millrace::net
