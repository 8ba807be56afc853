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

#include "net/loopback_server.h"

namespace millrace::net {
namespace {

namespace asio = boost::asio;

// A blocking HTTP/2 prior-knowledge client built on an nghttp2 client session.
class H2Client {
 public:
  struct Answer {
    int status = 0;
    std::map<std::string, std::string> headers;
    std::string body;
    bool closed = false;
    uint32_t error_code = 0;
  };

  explicit H2Client(uint16_t port) : socket_(context_) {
    socket_.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    socket_.set_option(asio::ip::tcp::no_delay(true));
    socket_.set_option(asio::ip::tcp::no_delay(true));
    timeval timeout{30, 0};
    setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    nghttp2_session_callbacks* cb;
    nghttp2_session_callbacks_new(&cb);
    nghttp2_session_callbacks_set_send_callback(cb, &OnSend);
    nghttp2_session_callbacks_set_on_header_callback(cb, &OnHeader);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cb, &OnData);
    nghttp2_session_callbacks_set_on_stream_close_callback(cb, &OnClose);
    nghttp2_session_client_new(&session_, cb, this);
    nghttp2_session_callbacks_del(cb);
    nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, nullptr, 0);
  }
  ~H2Client() { nghttp2_session_del(session_); }

  int32_t Submit(const std::string& method, const std::string& path, std::string body = {},
                 std::vector<std::pair<std::string, std::string>> extra = {}) {
    std::vector<std::pair<std::string, std::string>> fields = {
        {":method", method}, {":scheme", "http"}, {":authority", "test"}, {":path", path}};
    for (auto& f : extra) fields.push_back(f);
    std::vector<nghttp2_nv> nva;
    for (auto& [n, v] : fields) {
      nva.push_back({reinterpret_cast<uint8_t*>(n.data()), reinterpret_cast<uint8_t*>(v.data()),
                     n.size(), v.size(), NGHTTP2_NV_FLAG_NONE});
    }
    auto upload = std::make_unique<Upload>(Upload{std::move(body), 0});
    nghttp2_data_provider provider;
    provider.source.ptr = upload.get();
    provider.read_callback = &OnUploadRead;
    bool has_body = !upload->data.empty();
    int32_t id = nghttp2_submit_request(session_, nullptr, nva.data(), nva.size(),
                                        has_body ? &provider : nullptr, nullptr);
    uploads_.push_back(std::move(upload));
    answers_[id];
    ++open_;
    return id;
  }

  // Exchanges frames until every submitted stream is closed; false if the connection ends first.
  bool Run() {
    if (nghttp2_session_send(session_) != 0) return false;
    std::vector<uint8_t> buffer(64 << 10);
    while (open_ > 0) {
      boost::system::error_code ec;
      size_t n = socket_.read_some(asio::buffer(buffer), ec);
      if (ec) return false;
      if (nghttp2_session_mem_recv(session_, buffer.data(), n) < 0) return false;
      if (nghttp2_session_send(session_) != 0) return false;
    }
    return true;
  }

  const Answer& answer(int32_t id) { return answers_[id]; }

 private:
  struct Upload {
    std::string data;
    size_t offset;
  };

  static ssize_t OnSend(nghttp2_session*, const uint8_t* data, size_t length, int, void* user) {
    auto* c = static_cast<H2Client*>(user);
    boost::system::error_code ec;
    asio::write(c->socket_, asio::buffer(data, length), ec);
    if (ec) return NGHTTP2_ERR_CALLBACK_FAILURE;
    return static_cast<ssize_t>(length);
  }
  static int OnHeader(nghttp2_session*, const nghttp2_frame* frame, const uint8_t* name,
                      size_t namelen, const uint8_t* value, size_t valuelen, uint8_t, void* user) {
    auto* c = static_cast<H2Client*>(user);
    std::string n(reinterpret_cast<const char*>(name), namelen);
    std::string v(reinterpret_cast<const char*>(value), valuelen);
    Answer& a = c->answers_[frame->hd.stream_id];
    if (n == ":status") a.status = std::stoi(v);
    a.headers[n] = v;
    return 0;
  }
  static int OnData(nghttp2_session*, uint8_t, int32_t id, const uint8_t* data, size_t len,
                    void* user) {
    static_cast<H2Client*>(user)->answers_[id].body.append(reinterpret_cast<const char*>(data),
                                                           len);
    return 0;
  }
  static int OnClose(nghttp2_session*, int32_t id, uint32_t error_code, void* user) {
    auto* c = static_cast<H2Client*>(user);
    Answer& a = c->answers_[id];
    a.closed = true;
    a.error_code = error_code;
    --c->open_;
    return 0;
  }
  static ssize_t OnUploadRead(nghttp2_session*, int32_t, uint8_t* buf, size_t length,
                              uint32_t* flags, nghttp2_data_source* source, void*) {
    auto* u = static_cast<Upload*>(source->ptr);
    size_t n = std::min(length, u->data.size() - u->offset);
    std::memcpy(buf, u->data.data() + u->offset, n);
    u->offset += n;
    if (u->offset == u->data.size()) *flags |= NGHTTP2_DATA_FLAG_EOF;
    return static_cast<ssize_t>(n);
  }

  asio::io_context context_;
  asio::ip::tcp::socket socket_;
  nghttp2_session* session_ = nullptr;
  std::map<int32_t, Answer> answers_;
  std::vector<std::unique_ptr<Upload>> uploads_;
  int open_ = 0;
};

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
