// Test support: a blocking HTTP/2 prior-knowledge (h2c) client on one connection, built on an
// nghttp2 client session. Only the net tests link this. Not thread-safe.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

struct nghttp2_session;

namespace millrace::net {

class H2Client {
 public:
  struct Answer {
    int status = 0;
    std::map<std::string, std::string> headers;
    std::string body;
    bool closed = false;
    uint32_t error_code = 0;
  };

  explicit H2Client(uint16_t port);
  ~H2Client();

  // Queues a request; returns its stream id. Frames go out on the next Run/RunUntil.
  int32_t Submit(const std::string& method, const std::string& path, std::string body = {},
                 std::vector<std::pair<std::string, std::string>> extra = {});
  // Queues RST_STREAM(CANCEL) for stream `id`.
  void Reset(int32_t id);

  // Exchanges frames until every submitted stream is closed; false if the connection ends first.
  bool Run();
  // Exchanges frames until `done()` is true (checked after every read) or every stream is closed.
  // False if the connection ends first (or the 30 s read timeout passes).
  bool RunUntil(const std::function<bool()>& done);

  const Answer& answer(int32_t id) { return answers_[id]; }

 private:
  struct Upload {
    std::string data;
    size_t offset;
  };
  struct Callbacks;

  boost::asio::io_context context_;
  boost::asio::ip::tcp::socket socket_;
  nghttp2_session* session_ = nullptr;
  std::map<int32_t, Answer> answers_;
  std::vector<std::unique_ptr<Upload>> uploads_;
  int open_ = 0;
};

}  // namespace millrace::net
