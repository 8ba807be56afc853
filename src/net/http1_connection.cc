#include "net/http1_connection.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <exception>
#include <optional>

#include "base/logging.h"
#include "net/http_dispatcher.h"

namespace millrace::net {

namespace asio = boost::asio;
namespace http = boost::beast::http;

namespace {

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

bool BodyForbidden(int status) {
  return status < 200 || status == 204 || status == 304;
}

// The status line and headers. `body_length` is the length of a string body; nullopt for a
// streamed body, which keeps the handler's content-length or else is sent chunked.
std::string Head(const HttpResponse& response, bool keep_alive,
                 std::optional<uint64_t> body_length) {
  std::string head = "HTTP/1.1 " + std::to_string(response.status) + " ";
  head += std::string_view(http::obsolete_reason(static_cast<http::status>(response.status)));
  head += "\r\n";
  for (const auto& [name, value] : response.headers.fields()) {
    if (EqualsIgnoreCase(name, "connection") || EqualsIgnoreCase(name, "transfer-encoding") ||
        (EqualsIgnoreCase(name, "content-length") && body_length)) {
      continue;
    }
    head.append(name).append(": ").append(value).append("\r\n");
  }
  if (!BodyForbidden(response.status)) {
    if (body_length) {
      head += "content-length: " + std::to_string(*body_length) + "\r\n";
    } else if (!response.headers.Has("content-length")) {
      head += "transfer-encoding: chunked\r\n";
    }
  }
  head += keep_alive ? "connection: keep-alive\r\n" : "connection: close\r\n";
  head += "\r\n";
  return head;
}

bool IsParseError(const boost::system::error_code& ec) {
  return ec.category() == boost::system::error_code(http::error::end_of_stream).category();
}

// The status for a request the parser rejected.
int StatusFor(const boost::system::error_code& ec) {
  if (ec == http::error::header_limit) return 431;
  if (ec == http::error::body_limit) return 413;
  return 400;
}

}  // namespace

// Reads the body of the request in flight straight from the socket into the caller's buffer.
// Lives on the connection's strand for the duration of one handler call.
class Http1Connection::StreamedBody final : public BodyReader {
 public:
  using Parser = http::request_parser<http::buffer_body>;

  // `send_continue`: the client waits for "100 Continue", sent at the first Read(), so a handler
  // that answers without reading (an error) lets the client skip sending the body.
  StreamedBody(Http1Connection& connection, boost::beast::flat_buffer& buffer, Parser& parser,
               bool& complete, bool send_continue)
      : connection_(connection),
        buffer_(buffer),
        parser_(parser),
        complete_(complete),
        send_continue_(send_continue) {}

  asio::awaitable<Status> Read(std::string& out, size_t max_bytes) override {
    out.clear();
    if (failed_) co_return Status::IOError("the request body could not be read");
    if (parser_.is_done()) {
      complete_ = true;
      co_return Status::Ok();
    }
    if (send_continue_) {
      send_continue_ = false;
      connection_.Arm(connection_.timeouts_.io);
      auto [ec, n] = co_await asio::async_write(
          connection_.socket_, asio::buffer(std::string_view("HTTP/1.1 100 Continue\r\n\r\n")),
          kTuple);
      connection_.Disarm();
      if (ec) {
        failed_ = true;
        co_return Status::IOError("writing 100 Continue: " + ec.message());
      }
    }
    out.resize(max_bytes == 0 ? 1 : max_bytes);
    for (;;) {
      auto& body = parser_.get().body();
      body.data = out.data();
      body.size = out.size();
      connection_.Arm(connection_.timeouts_.io);
      auto [ec, n] = co_await http::async_read(connection_.socket_, buffer_, parser_, kTuple);
      connection_.Disarm();
      if (ec == http::error::need_buffer) ec = {};
      size_t got = out.size() - parser_.get().body().size;
      if (ec) {
        failed_ = true;
        out.clear();
        if (ec == http::error::body_limit) {
          co_return Status::ResourceExhausted("request body exceeds the route's limit");
        }
        if (IsParseError(ec)) co_return Status::InvalidArgument("malformed request body: " + ec.message());
        co_return Status::IOError("reading the request body: " + ec.message());
      }
      if (parser_.is_done()) complete_ = true;
      if (got > 0 || parser_.is_done()) {
        out.resize(got);
        co_return Status::Ok();
      }
    }
  }

 private:
  Http1Connection& connection_;
  boost::beast::flat_buffer& buffer_;
  Parser& parser_;
  bool& complete_;
  bool send_continue_;
  bool failed_ = false;
};

Http1Connection::Http1Connection(asio::ip::tcp::socket& socket, const HttpDispatcher& dispatcher,
                                 std::string remote_address, HttpTimeouts timeouts)
    : socket_(socket),
      dispatcher_(dispatcher),
      remote_address_(std::move(remote_address)),
      timeouts_(timeouts),
      deadline_(socket.get_executor()) {}

void Http1Connection::Arm(std::chrono::milliseconds timeout) {
  deadline_.expires_after(timeout);
  deadline_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;  // disarmed, re-armed, or the connection is gone
    boost::system::error_code ignored;
    socket_.cancel(ignored);
  });
}

void Http1Connection::Drain() {
  draining_ = true;
  boost::system::error_code ignored;
  if (idle_) socket_.cancel(ignored);
}

asio::awaitable<bool> Http1Connection::Write(HttpResponse& response, bool keep_alive,
                                             bool head_only) {
  bool no_body = head_only || BodyForbidden(response.status);
  boost::system::error_code ec;
  if (!response.stream) {
    std::string head = Head(response, keep_alive, response.body.size());
    std::array<asio::const_buffer, 2> buffers{
        asio::buffer(head), asio::buffer(response.body.data(), no_body ? 0 : response.body.size())};
    Arm(timeouts_.io);
    std::tie(ec, std::ignore) = co_await asio::async_write(socket_, buffers, kTuple);
    Disarm();
    co_return !ec;
  }
  // Streaming: raw bytes when the handler gave a length, chunked encoding otherwise.
  bool chunked = !response.headers.Has("content-length");
  std::string head = Head(response, keep_alive, std::nullopt);
  Arm(timeouts_.io);
  std::tie(ec, std::ignore) = co_await asio::async_write(socket_, asio::buffer(head), kTuple);
  Disarm();
  if (ec) co_return false;
  if (no_body) co_return true;
  for (;;) {
    std::optional<std::string> chunk;
    try {
      chunk = co_await response.stream->Next();
    } catch (const std::exception& e) {
      MR_LOG_WARN("response stream to {} failed: {}", remote_address_, e.what());
      co_return false;  // the client sees a truncated body and a closed connection
    }
    if (!chunk) break;
    if (chunk->empty()) continue;
    Arm(timeouts_.io);
    if (chunked) {
      char size_line[24];
      int n = std::snprintf(size_line, sizeof(size_line), "%zx\r\n", chunk->size());
      std::array<asio::const_buffer, 3> buffers{asio::buffer(size_line, n), asio::buffer(*chunk),
                                                asio::buffer("\r\n", 2)};
      std::tie(ec, std::ignore) = co_await asio::async_write(socket_, buffers, kTuple);
    } else {
      std::tie(ec, std::ignore) = co_await asio::async_write(socket_, asio::buffer(*chunk), kTuple);
    }
    Disarm();
    if (ec) co_return false;
  }
  if (chunked) {
    Arm(timeouts_.io);
    std::tie(ec, std::ignore) =
        co_await asio::async_write(socket_, asio::buffer("0\r\n\r\n", 5), kTuple);
    Disarm();
  }
  co_return !ec;
}

asio::awaitable<void> Http1Connection::Run(std::string initial) {
  boost::beast::flat_buffer buffer;
  {
    auto space = buffer.prepare(initial.size());
    asio::buffer_copy(space, asio::buffer(initial));
    buffer.commit(initial.size());
  }
  bool linger = false;  // we answered before reading the whole request
  while (!draining_) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(kMaxHeaderBytes);
    parser.body_limit(boost::none);  // Beast would check Content-Length against it too early
    idle_ = true;
    Arm(timeouts_.idle);
    auto [ec, n] = co_await http::async_read_header(socket_, buffer, parser, kTuple);
    Disarm();
    idle_ = false;
    if (ec == http::error::end_of_stream || ec == asio::error::eof ||
        ec == asio::error::operation_aborted || ec == asio::error::connection_reset) {
      break;
    }
    if (ec) {
      if (IsParseError(ec)) {
        HttpResponse r = dispatcher_.Reject(nullptr, StatusFor(ec), "BadRequest",
                                            "malformed HTTP request: " + ec.message());
        co_await Write(r, false, false);
        linger = true;
      }
      break;
    }
    auto& message = parser.get();
    HttpRequest request;
    request.method = std::string(message.method_string());
    SetRequestTarget(request, std::string(message.target()));
    request.version = message.version();
    request.remote_address = remote_address_;
    for (const auto& field : message) {
      request.headers.Add(std::string(field.name_string()), std::string(field.value()));
    }
    const Route* route = dispatcher_.Match(request);
    uint64_t limit = HttpDispatcher::MaxBodyBytes(route);
    if (auto length = parser.content_length(); length && *length > limit) {
      HttpResponse r =
          dispatcher_.Reject(route, 413, "RequestEntityTooLargeException",
                             "request body of " + std::to_string(*length) +
                                 " bytes exceeds the limit of " + std::to_string(limit) + " bytes");
      co_await Write(r, false, false);
      linger = true;
      break;
    }
    parser.body_limit(limit);
    bool streamed = route != nullptr && route->options.stream_body && !parser.is_done();
    if (streamed) {
      auto expect = request.headers.Get("expect");
      bool send_continue = expect && EqualsIgnoreCase(*expect, "100-continue");
      bool keep_alive = message.keep_alive();
      StreamedBody::Parser body_parser(std::move(parser));
      body_parser.body_limit(limit);
      bool complete = false;
      request.body_reader =
          std::make_unique<StreamedBody>(*this, buffer, body_parser, complete, send_continue);
      HttpResponse response = co_await dispatcher_.Handle(request, route);
      request.body_reader.reset();
      // A body the handler did not read to its end cannot be skipped reliably: close. (A client
      // still waiting for 100 Continue sends nothing more, and the lingering close is short.)
      if (!complete) {
        keep_alive = false;
        linger = true;
      }
      keep_alive = keep_alive && !draining_;
      if (!co_await Write(response, keep_alive, request.method == "HEAD")) break;
      if (!keep_alive) break;
      continue;
    }
    if (!parser.is_done()) {
      auto expect = request.headers.Get("expect");
      if (expect && EqualsIgnoreCase(*expect, "100-continue")) {
        Arm(timeouts_.io);
        std::tie(ec, std::ignore) = co_await asio::async_write(
            socket_, asio::buffer(std::string_view("HTTP/1.1 100 Continue\r\n\r\n")), kTuple);
        Disarm();
        if (ec) break;
      }
      // The timeout bounds the whole body; a slow uploader of a huge body would need streaming.
      Arm(timeouts_.io);
      std::tie(ec, n) = co_await http::async_read(socket_, buffer, parser, kTuple);
      Disarm();
      if (ec) {
        if (IsParseError(ec)) {
          int status = StatusFor(ec);
          HttpResponse r = status == 413
                               ? dispatcher_.Reject(route, 413, "RequestEntityTooLargeException",
                                                    "request body exceeds the limit of " +
                                                        std::to_string(limit) + " bytes")
                               : dispatcher_.Reject(route, status, "BadRequest",
                                                    "malformed HTTP request body: " + ec.message());
          co_await Write(r, false, false);
          linger = true;
        }
        break;
      }
    }
    bool keep_alive = message.keep_alive();
    request.body = std::move(message.body());
    HttpResponse response = co_await dispatcher_.Handle(request, route);
    keep_alive = keep_alive && !draining_;
    if (!co_await Write(response, keep_alive, request.method == "HEAD")) break;
    if (!keep_alive) break;
  }
  if (linger) {
    co_await LingeringClose();
  } else {
    boost::system::error_code ignored;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  }
}

asio::awaitable<void> Http1Connection::LingeringClose() {
  // Half-close, then read and discard what the client still sends (an unread request body) for a
  // bounded time, so the kernel does not answer it with a reset that destroys our last response.
  boost::system::error_code ec;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ec);
  if (ec) co_return;
  asio::steady_timer deadline(socket_.get_executor(), std::chrono::seconds(2));
  deadline.async_wait([this](const boost::system::error_code& e) {
    boost::system::error_code ignored;
    if (!e) socket_.cancel(ignored);
  });
  std::array<char, 16384> sink;
  for (size_t total = 0; total < (16u << 20);) {
    auto [read_error, n] = co_await socket_.async_read_some(asio::buffer(sink), kTuple);
    if (read_error) break;
    total += n;
  }
  deadline.cancel();
}

}  // namespace millrace::net
