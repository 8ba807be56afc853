// Http2Connection: serves HTTP/2 over cleartext with prior knowledge (h2c) on one socket with
// nghttp2. Each request stream runs its handler in its own coroutine, so many streams proceed at
// once; streaming response bodies are pumped into DATA frames as the source yields them and as
// flow control allows. Threading: everything runs on the socket's strand; the object is shared by
// the read/write loops and the per-stream coroutines, which keep it alive.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <memory>
#include <string>

#include "net/async_signal.h"
#include "net/http_timeouts.h"

struct nghttp2_session;

namespace millrace::net {

class HttpDispatcher;
struct HttpResponse;

class Http2Connection : public std::enable_shared_from_this<Http2Connection> {
 public:
  // REQUIRES: `socket` and `dispatcher` outlive Run(); the connection is owned by a shared_ptr.
  Http2Connection(boost::asio::ip::tcp::socket& socket, const HttpDispatcher& dispatcher,
                  std::string remote_address, HttpTimeouts timeouts = {});
  ~Http2Connection();

  // Serves until the peer closes, a protocol error, or a drain completes. `initial` holds the
  // bytes already read (at least the connection preface).
  boost::asio::awaitable<void> Run(std::string initial);

  // Sends GOAWAY: streams already started finish, then the connection closes.
  void Drain();

  static constexpr int32_t kMaxConcurrentStreams = 256;
  static constexpr int32_t kStreamWindowBytes = 16 << 20;
  static constexpr int32_t kConnectionWindowBytes = 64 << 20;
  static constexpr size_t kMaxHeaderBytes = 64 << 10;
  // A streaming body source is not asked for more while this much is queued for a stream.
  static constexpr size_t kMaxQueuedBodyBytes = 1 << 20;

  struct Stream;
  class Callbacks;  // nghttp2 callback trampolines, in the .cc file

 private:
  boost::asio::awaitable<void> ReadLoop();
  boost::asio::awaitable<void> WriteLoop();
  // Feeds received bytes to nghttp2; false on a protocol error.
  bool Receive(const uint8_t* data, size_t size);
  // Closes the connection once it has had no open stream for the idle timeout.
  void ArmIdleTimer();

  Stream* FindStream(int32_t id);
  void OnRequestHeaders(Stream& stream);
  void Dispatch(const std::shared_ptr<Stream>& stream);
  void Reject(Stream& stream, int status, std::string_view code, std::string_view message);
  void SubmitResponse(const std::shared_ptr<Stream>& stream, HttpResponse response);
  static boost::asio::awaitable<void> HandleStream(std::shared_ptr<Http2Connection> self,
                                                   std::shared_ptr<Stream> stream);
  static boost::asio::awaitable<void> PumpBody(std::shared_ptr<Http2Connection> self,
                                               std::shared_ptr<Stream> stream);

  boost::asio::ip::tcp::socket& socket_;
  boost::asio::any_io_executor executor_;
  const HttpDispatcher& dispatcher_;
  std::string remote_address_;
  nghttp2_session* session_ = nullptr;
  std::map<int32_t, std::shared_ptr<Stream>> streams_;
  AsyncSignal write_wake_;
  HttpTimeouts timeouts_;
  boost::asio::steady_timer idle_timer_;
  bool saw_activity_ = false;  // a stream was open since the idle timer last fired
  bool read_done_ = false;
  bool finished_ = false;
};

}  // namespace millrace::net
