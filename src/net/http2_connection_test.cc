#include "net/http2_connection.h"

#include <gtest/gtest.h>
#include <nghttp2/nghttp2.h>
#include <sys/socket.h>

#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <cstring>
#include <map>

#include "net/h2_test_client.h"
#include "net/loopback_server.h"

namespace millrace::net {
namespace {

namespace asio = boost::asio;

// Yields `count` chunks of `size` bytes, each filled with the letter for its index.
class LetterSource final : public BodySource {
 public:
  LetterSource(int count, size_t size) : count_(count), size_(size) {}
  asio::awaitable<std::optional<std::string>> Next() override {
    if (next_ == count_) co_return std::nullopt;
    asio::steady_timer pause(co_await asio::this_coro::executor, std::chrono::milliseconds(1));
    co_await pause.async_wait(asio::use_awaitable);
    co_return std::string(size_, static_cast<char>('a' + next_++ % 26));
  }

 private:
  int count_;
  size_t size_;
  int next_ = 0;
};

class Http2Test : public ::testing::Test {
 protected:
  void SetUp() override {
    // Answers after a delay that shrinks with the id, so later streams finish first.
    server_.router().AddPrefix("/slow/", [](HttpRequest& r) -> asio::awaitable<HttpResponse> {
      int n = std::stoi(r.path.substr(6));
      asio::steady_timer pause(co_await asio::this_coro::executor,
                               std::chrono::milliseconds(5 * (10 - n)));
      co_await pause.async_wait(asio::use_awaitable);
      co_return HttpResponse::Text(200, "text/plain",
                                   r.method + " " + r.path + " " + std::to_string(r.body.size()) +
                                       " " + std::string(r.headers.Get("host").value_or("")));
    });
    server_.router().AddExact("/stream", [](HttpRequest&) -> asio::awaitable<HttpResponse> {
      HttpResponse r;
      r.headers.Set("Content-Type", "application/octet-stream");
      r.stream = std::make_unique<LetterSource>(40, 100000);  // 4 MB, beyond the queue limit
      co_return r;
    });
    server_.router().AddExact("/small",
                              [](HttpRequest& r) -> asio::awaitable<HttpResponse> {
                                co_return HttpResponse::Text(200, "text/plain",
                                                             std::to_string(r.body.size()));
                              },
                              {.label = "small", .max_body_bytes = 1000});
    server_.Start();
  }
  LoopbackServer server_;
};

TEST_F(Http2Test, ConcurrentStreamsOnOneConnection) {
  H2Client client(server_.port());
  std::vector<int32_t> ids;
  for (int i = 0; i < 10; ++i) {
    ids.push_back(client.Submit("POST", "/slow/" + std::to_string(i), std::string(i * 1000, 'z')));
  }
  ASSERT_TRUE(client.Run());
  for (int i = 0; i < 10; ++i) {
    const auto& a = client.answer(ids[i]);
    EXPECT_EQ(a.status, 200) << i;
    EXPECT_EQ(a.body, "POST /slow/" + std::to_string(i) + " " + std::to_string(i * 1000) + " test");
    EXPECT_EQ(a.headers.at("content-type"), "text/plain");
  }
}

TEST_F(Http2Test, StreamingResponseArrivesWhole) {
  H2Client client(server_.port());
  int32_t id = client.Submit("GET", "/stream");
  int32_t other = client.Submit("GET", "/slow/9");
  ASSERT_TRUE(client.Run());
  const auto& a = client.answer(id);
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.headers.at("content-type"), "application/octet-stream");
  ASSERT_EQ(a.body.size(), 40u * 100000u);
  for (int i = 0; i < 40; ++i) {
    ASSERT_EQ(a.body[i * 100000], 'a' + i % 26) << i;
    ASSERT_EQ(a.body[i * 100000 + 99999], 'a' + i % 26) << i;
  }
  EXPECT_EQ(client.answer(other).status, 200);
}

TEST_F(Http2Test, OversizeBodyGets413) {
  H2Client client(server_.port());
  int32_t ok = client.Submit("POST", "/small", std::string(1000, 'x'));
  int32_t big = client.Submit("POST", "/small", std::string(5000, 'x'));
  int32_t declared =
      client.Submit("POST", "/small", std::string(1500, 'x'), {{"content-length", "1500"}});
  ASSERT_TRUE(client.Run());
  EXPECT_EQ(client.answer(ok).status, 200);
  EXPECT_EQ(client.answer(ok).body, "1000");
  EXPECT_EQ(client.answer(big).status, 413);
  EXPECT_EQ(client.answer(declared).status, 413);
}

TEST_F(Http2Test, UnknownPathIs404) {
  H2Client client(server_.port());
  int32_t id = client.Submit("GET", "/missing");
  ASSERT_TRUE(client.Run());
  EXPECT_EQ(client.answer(id).status, 404);
}

TEST_F(Http2Test, DrainSendsGoawayAndCloses) {
  H2Client client(server_.port());
  int32_t id = client.Submit("GET", "/slow/9");
  ASSERT_TRUE(client.Run());
  EXPECT_EQ(client.answer(id).status, 200);
  server_.http().BeginDrain();
  EXPECT_TRUE(server_.http().WaitDrained(std::chrono::seconds(10)));
  EXPECT_EQ(server_.http().open_connections(), 0u);
}

TEST_F(Http2Test, BrokenFramesCloseOnlyThatConnection) {
  {
    Http1Client raw(server_.port());
    raw.Send(std::string(kHttp2Preface) +
             std::string("\x00\x00\x04\xff\xff\xff\xff\xff\xffjunkjunk", 17));
    EXPECT_TRUE(raw.ServerClosed());
  }
  H2Client client(server_.port());
  int32_t id = client.Submit("GET", "/slow/9");
  ASSERT_TRUE(client.Run());
  EXPECT_EQ(client.answer(id).status, 200);
}

}  // namespace
}  // namespace millrace::net

namespace millrace::net {
namespace {

TEST(Http2TimeoutTest, IdleConnectionIsClosed) {
  LoopbackServer server;
  server.router().AddExact("/x", [](HttpRequest&) -> asio::awaitable<HttpResponse> {
    co_return HttpResponse::Text(200, "text/plain", "x");
  });
  HttpTimeouts timeouts;
  timeouts.idle = std::chrono::milliseconds(200);
  server.Start(timeouts);
  H2Client client(server.port());
  int32_t id = client.Submit("GET", "/x");
  ASSERT_TRUE(client.Run());
  EXPECT_EQ(client.answer(id).status, 200);
  EXPECT_TRUE(server.http().WaitDrained(std::chrono::seconds(20)));  // closed without a drain
}

}  // namespace
}  // namespace millrace::net
