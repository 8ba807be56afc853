#include "net/http1_connection.h"

#include <gtest/gtest.h>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "net/loopback_server.h"

namespace millrace::net {
namespace {

namespace asio = boost::asio;

// Answers "<method> <path> <body size>" so tests can tell requests apart.
HttpHandler Echo() {
  return [](HttpRequest& r) -> asio::awaitable<HttpResponse> {
    co_return HttpResponse::Text(200, "text/plain",
                                 r.method + " " + r.path + " " + std::to_string(r.body.size()));
  };
}

// Yields `count` chunks "chunk-<i>;", pausing between them.
class CountingSource final : public BodySource {
 public:
  explicit CountingSource(int count) : count_(count) {}
  asio::awaitable<std::optional<std::string>> Next() override {
    if (next_ == count_) co_return std::nullopt;
    asio::steady_timer pause(co_await asio::this_coro::executor, std::chrono::milliseconds(2));
    co_await pause.async_wait(asio::use_awaitable);
    co_return "chunk-" + std::to_string(next_++) + ";";
  }

 private:
  int count_;
  int next_ = 0;
};

class Http1Test : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.router().AddPrefix("/echo", Echo());
    server_.router().AddExact("/small", Echo(), {.label = "small", .max_body_bytes = 100});
    server_.router().AddExact("/stream", [](HttpRequest&) -> asio::awaitable<HttpResponse> {
      HttpResponse r;
      r.headers.Set("content-type", "text/plain");
      r.stream = std::make_unique<CountingSource>(50);
      co_return r;
    });
    server_.router().AddExact("/sized", [](HttpRequest&) -> asio::awaitable<HttpResponse> {
      HttpResponse r;
      r.headers.Set("Content-Length", "80");  // 10 chunks of "chunk-<i>;" with i < 10: 8 bytes
      r.stream = std::make_unique<CountingSource>(10);
      co_return r;
    });
    // Reads the body in pieces of at most 1000 bytes: answers "<bytes> <pieces> <crc-ish sum>".
    server_.router().AddExact(
        "/upload",
        [](HttpRequest& r) -> asio::awaitable<HttpResponse> {
          if (!r.body_reader) co_return HttpResponse::Text(200, "text/plain", "buffered " + r.body);
          uint64_t bytes = 0, pieces = 0, sum = 0;
          std::string piece;
          for (;;) {
            Status s = co_await r.body_reader->Read(piece, 1000);
            if (!s.ok()) co_return HttpResponse::Text(400, "text/plain", s.ToString());
            if (piece.empty()) break;
            EXPECT_LE(piece.size(), 1000u);
            bytes += piece.size();
            ++pieces;
            for (unsigned char c : piece) sum += c;
          }
          co_return HttpResponse::Text(200, "text/plain",
                                       std::to_string(bytes) + " " + std::to_string(pieces) + " " +
                                           std::to_string(sum));
        },
        {.label = "upload", .max_body_bytes = 1 << 20, .stream_body = true});
    server_.router().AddExact(
        "/upload-ignored",
        [](HttpRequest&) -> asio::awaitable<HttpResponse> {
          co_return HttpResponse::Text(403, "text/plain", "not reading that");
        },
        {.label = "upload-ignored", .stream_body = true});
    server_.router().AddExact("/throws", [](HttpRequest&) -> asio::awaitable<HttpResponse> {
      throw std::runtime_error("boom");
      co_return HttpResponse{};
    });
    server_.Start();
  }
  LoopbackServer server_;
};

TEST_F(Http1Test, KeepAliveServesManyRequestsOnOneConnection) {
  Http1Client client(server_.port());
  for (int i = 0; i < 5; ++i) {
    auto r = client.Request("POST", "/echo/" + std::to_string(i), std::string(i * 10, 'x'));
    ASSERT_TRUE(r) << i;
    EXPECT_EQ(r->result_int(), 200);
    EXPECT_EQ(r->body(), "POST /echo/" + std::to_string(i) + " " + std::to_string(i * 10));
    EXPECT_TRUE(r->keep_alive());
  }
}

TEST_F(Http1Test, StreamedBodyArrivesInPiecesAndKeepsTheConnection) {
  Http1Client client(server_.port());
  std::string body;
  uint64_t sum = 0;
  for (int i = 0; i < 5000; ++i) {
    body.push_back(static_cast<char>('a' + i % 26));
    sum += static_cast<unsigned char>(body.back());
  }
  auto r = client.Request("PUT", "/upload", body);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 200);
  EXPECT_EQ(r->body(), "5000 5 " + std::to_string(sum));
  // Chunked transfer encoding on the same connection.
  client.Send("PUT /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
              "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
  r = client.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body(), "5 1 " + std::to_string(97 + 98 + 99 + 100 + 101));
  // No body at all: nothing to stream, the handler sees an empty buffered body.
  r = client.Request("GET", "/upload");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body(), "buffered ");
}

TEST_F(Http1Test, StreamedBodyOverTheLimitIsAnError) {
  Http1Client client(server_.port());
  // Chunked: the limit is found while reading; the handler sees an error status.
  std::string chunk(64 << 10, 'z');
  char size_line[32];
  std::snprintf(size_line, sizeof(size_line), "%zx\r\n", chunk.size());
  std::string raw = "PUT /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 20; ++i) raw += size_line + chunk + "\r\n";
  raw += "0\r\n\r\n";
  client.Send(raw);
  auto r = client.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 400);
  EXPECT_NE(r->body().find("ResourceExhausted"), std::string::npos) << r->body();
  EXPECT_TRUE(client.ServerClosed());
}

TEST_F(Http1Test, UnreadStreamedBodyClosesTheConnectionAfterTheResponse) {
  Http1Client client(server_.port());
  auto r = client.Request("PUT", "/upload-ignored", std::string(100000, 'q'));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 403);
  EXPECT_FALSE(r->keep_alive());
  EXPECT_TRUE(client.ServerClosed());
}

TEST_F(Http1Test, StreamedBodyGetsContinueOnlyWhenTheHandlerReads) {
  Http1Client client(server_.port());
  // The handler refuses without reading: the answer comes instead of 100 Continue.
  client.Send("PUT /upload-ignored HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
              "Expect: 100-continue\r\n\r\n");
  auto r = client.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 403);
  // The reading handler asks for the body with 100 Continue.
  Http1Client second(server_.port());
  second.Send("PUT /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
              "Expect: 100-continue\r\n\r\n");
  r = second.Read(true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 100);
  second.Send("hello");
  r = second.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 200);
  EXPECT_EQ(r->body().substr(0, 4), "5 1 ");
}

TEST_F(Http1Test, PipelinedRequestsAreAnsweredInOrder) {
  Http1Client client(server_.port());
  std::string batch;
  for (int i = 0; i < 10; ++i) {
    batch += "GET /echo/" + std::to_string(i) + " HTTP/1.1\r\nHost: t\r\n\r\n";
  }
  client.Send(batch);
  for (int i = 0; i < 10; ++i) {
    auto r = client.Read();
    ASSERT_TRUE(r) << i;
    EXPECT_EQ(r->body(), "GET /echo/" + std::to_string(i) + " 0");
  }
}

TEST_F(Http1Test, ConnectionCloseIsHonoured) {
  Http1Client client(server_.port());
  auto r = client.Request("GET", "/echo/a", "", "Connection: close\r\n");
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->keep_alive());
  EXPECT_TRUE(client.ServerClosed());
}

TEST_F(Http1Test, OversizeBodyGets413AndClose) {
  Http1Client client(server_.port());
  auto ok = client.Request("POST", "/small", std::string(100, 'x'));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->result_int(), 200);
  auto r = client.Request("POST", "/small", std::string(101, 'x'));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 413);
  EXPECT_NE(r->body().find("exceeds the limit of 100 bytes"), std::string::npos) << r->body();
  EXPECT_TRUE(client.ServerClosed());
}

TEST_F(Http1Test, HugeDeclaredLengthGets413FromTheHeadersAlone) {
  Http1Client client(server_.port());
  client.Send("POST /echo/x HTTP/1.1\r\nHost: t\r\nContent-Length: 17000000\r\n\r\n{");
  auto r = client.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 413);
  EXPECT_NE(r->body().find("17000000 bytes exceeds the limit of 16777216"), std::string::npos)
      << r->body();
}

TEST_F(Http1Test, OversizeChunkedBodyGets413) {
  Http1Client client(server_.port());
  std::string chunk(80, 'y');
  client.Send("POST /small HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n50\r\n" +
              chunk + "\r\n50\r\n" + chunk + "\r\n0\r\n\r\n");
  auto r = client.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 413);
}

TEST_F(Http1Test, GarbageGets400AndOtherConnectionsCarryOn) {
  Http1Client bad(server_.port());
  static constexpr char kTlsHello[] =
      "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 garbage\r\n\r\n";
  bad.Send(std::string_view(kTlsHello, sizeof(kTlsHello) - 1));
  auto r = bad.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 400);
  EXPECT_TRUE(bad.ServerClosed());
  Http1Client good(server_.port());
  auto ok = good.Request("GET", "/echo/x");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->result_int(), 200);
}

TEST_F(Http1Test, ExpectContinueGetsInterimResponse) {
  Http1Client client(server_.port());
  client.Send(
      "POST /echo/c HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
  auto interim = client.Read();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->result_int(), 100);
  client.Send("hello");
  auto r = client.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body(), "POST /echo/c 5");
}

TEST_F(Http1Test, StreamingResponseUsesChunkedEncoding) {
  Http1Client client(server_.port());
  auto r = client.Request("GET", "/stream");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->chunked());
  std::string expected;
  for (int i = 0; i < 50; ++i) expected += "chunk-" + std::to_string(i) + ";";
  EXPECT_EQ(r->body(), expected);
  auto again = client.Request("GET", "/echo/after");  // the connection is still usable
  ASSERT_TRUE(again);
  EXPECT_EQ(again->body(), "GET /echo/after 0");
}

TEST_F(Http1Test, StreamingResponseWithLengthIsSentRaw) {
  Http1Client client(server_.port());
  auto r = client.Request("GET", "/sized");
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->chunked());
  EXPECT_EQ((*r)["content-length"], "80");
  std::string expected;
  for (int i = 0; i < 10; ++i) expected += "chunk-" + std::to_string(i) + ";";
  EXPECT_EQ(r->body(), expected);
  auto again = client.Request("GET", "/echo/after");  // still framed correctly: reusable
  ASSERT_TRUE(again);
  EXPECT_EQ(again->body(), "GET /echo/after 0");
}

TEST_F(Http1Test, UnknownPathIs404AndThrowingHandlerIs500) {
  Http1Client client(server_.port());
  auto missing = client.Request("GET", "/nope");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->result_int(), 404);
  auto thrown = client.Request("GET", "/throws");
  ASSERT_TRUE(thrown);
  EXPECT_EQ(thrown->result_int(), 500);
}

TEST_F(Http1Test, HeadRequestHasNoBody) {
  Http1Client client(server_.port());
  client.Send("HEAD /echo/h HTTP/1.1\r\nHost: t\r\n\r\nGET /echo/next HTTP/1.1\r\nHost: t\r\n\r\n");
  auto head = client.Read(/*head_response=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->result_int(), 200);
  EXPECT_EQ((*head)["content-length"], "14");  // the length a GET would have had
  auto next = client.Read();                   // would be garbled if HEAD had sent a body
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body(), "GET /echo/next 0");
}

TEST_F(Http1Test, DrainClosesIdleConnections) {
  Http1Client client(server_.port());
  auto r = client.Request("GET", "/echo/a");
  ASSERT_TRUE(r);
  server_.http().BeginDrain();
  EXPECT_TRUE(client.ServerClosed());
  EXPECT_TRUE(server_.http().WaitDrained(std::chrono::seconds(10)));
}

}  // namespace
}  // namespace millrace::net

namespace millrace::net {
namespace {

// A server with very short timeouts: stalled clients are disconnected.
class Http1TimeoutTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.router().AddPrefix("/echo", Echo());
    HttpTimeouts timeouts;
    timeouts.idle = std::chrono::milliseconds(200);
    timeouts.io = std::chrono::milliseconds(200);
    server_.Start(timeouts);
  }
  LoopbackServer server_;
};

TEST_F(Http1TimeoutTest, StalledBodyIsDisconnected) {
  Http1Client client(server_.port());
  client.Send("POST /echo/x HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nonly ten b");
  EXPECT_TRUE(client.ServerClosed());
}

TEST_F(Http1TimeoutTest, SilentConnectionIsClosed) {
  Http1Client client(server_.port());
  EXPECT_TRUE(client.ServerClosed());
}

TEST_F(Http1TimeoutTest, IdleConnectionIsClosedAfterServingARequest) {
  Http1Client client(server_.port());
  auto r = client.Request("GET", "/echo/x");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 200);
  EXPECT_TRUE(client.ServerClosed());
}

}  // namespace
}  // namespace millrace::net
