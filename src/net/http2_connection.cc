#include "net/http2_connection.h"

#include <nghttp2/nghttp2.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <cstring>
#include <deque>
#include <exception>

#include "base/logging.h"
#include "net/http_dispatcher.h"

namespace millrace::net {

namespace asio = boost::asio;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

struct Http2Connection::Stream {
  int32_t id = 0;
  HttpRequest request;
  size_t header_bytes = 0;
  const Route* route = nullptr;
  uint64_t max_body_bytes = HttpDispatcher::kUnroutedMaxBodyBytes;
  bool dispatched = false;  // handed to a handler, or answered early
  bool closed = false;      // nghttp2 closed the stream; nothing more may be submitted
  // Response body: a string, or a source pumped into `queued`.
  std::string body;
  size_t body_offset = 0;
  std::unique_ptr<BodySource> source;
  std::deque<std::string> queued;
  size_t queued_front_offset = 0;
  size_t queued_bytes = 0;
  bool source_done = false;
  bool deferred = false;  // nghttp2 is waiting for resume_data
  std::unique_ptr<AsyncSignal> pump_wake;
};

namespace {

bool BodyForbidden(int status) {
  return status < 200 || status == 204 || status == 304;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

nghttp2_nv MakeNv(const std::string& name, const std::string& value) {
  return nghttp2_nv{reinterpret_cast<uint8_t*>(const_cast<char*>(name.data())),
                    reinterpret_cast<uint8_t*>(const_cast<char*>(value.data())), name.size(),
                    value.size(), NGHTTP2_NV_FLAG_NONE};
}

}  // namespace

class Http2Connection::Callbacks {
 public:
  static int OnBeginHeaders(nghttp2_session*, const nghttp2_frame* frame, void* user) {
    auto* c = static_cast<Http2Connection*>(user);
    if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST) return 0;
    auto stream = std::make_shared<Stream>();
    stream->id = frame->hd.stream_id;
    stream->request.version = 20;
    stream->request.remote_address = c->remote_address_;
    c->saw_activity_ = true;
    c->streams_[stream->id] = std::move(stream);
    return 0;
  }

  static int OnHeader(nghttp2_session*, const nghttp2_frame* frame, const uint8_t* name_data,
                      size_t name_len, const uint8_t* value_data, size_t value_len, uint8_t,
                      void* user) {
    auto* c = static_cast<Http2Connection*>(user);
    if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST) return 0;
    Stream* s = c->FindStream(frame->hd.stream_id);
    if (s == nullptr) return 0;
    s->header_bytes += name_len + value_len + 32;
    if (s->header_bytes > kMaxHeaderBytes) return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
    std::string_view name(reinterpret_cast<const char*>(name_data), name_len);
    std::string value(reinterpret_cast<const char*>(value_data), value_len);
    if (name == ":method") {
      s->request.method = std::move(value);
    } else if (name == ":path") {
      s->request.target = std::move(value);
    } else if (name == ":authority") {
      s->request.headers.Add("host", std::move(value));
    } else if (!name.starts_with(':')) {
      s->request.headers.Add(std::string(name), std::move(value));
    }
    return 0;
  }

  static int OnFrameRecv(nghttp2_session*, const nghttp2_frame* frame, void* user) {
    auto* c = static_cast<Http2Connection*>(user);
    if (frame->hd.type != NGHTTP2_HEADERS && frame->hd.type != NGHTTP2_DATA) return 0;
    auto it = c->streams_.find(frame->hd.stream_id);
    if (it == c->streams_.end()) return 0;
    std::shared_ptr<Stream> stream = it->second;
    if (frame->hd.type == NGHTTP2_HEADERS && frame->headers.cat == NGHTTP2_HCAT_REQUEST) {
      c->OnRequestHeaders(*stream);
    }
    if ((frame->hd.flags & NGHTTP2_FLAG_END_STREAM) && !stream->dispatched) c->Dispatch(stream);
    return 0;
  }

  static int OnDataChunk(nghttp2_session*, uint8_t, int32_t stream_id, const uint8_t* data,
                         size_t len, void* user) {
    auto* c = static_cast<Http2Connection*>(user);
    Stream* s = c->FindStream(stream_id);
    if (s == nullptr || s->dispatched) return 0;  // answered early: the rest is dropped
    if (s->request.body.size() + len > s->max_body_bytes) {
      c->Reject(
          *s, 413, "RequestEntityTooLargeException",
          "request body exceeds the limit of " + std::to_string(s->max_body_bytes) + " bytes");
      return 0;
    }
    s->request.body.append(reinterpret_cast<const char*>(data), len);
    return 0;
  }

  static int OnStreamClose(nghttp2_session*, int32_t stream_id, uint32_t, void* user) {
    auto* c = static_cast<Http2Connection*>(user);
    auto it = c->streams_.find(stream_id);
    if (it == c->streams_.end()) return 0;
    it->second->closed = true;
    if (it->second->pump_wake) it->second->pump_wake->Notify();
    c->streams_.erase(it);
    return 0;
  }

  static ssize_t OnDataRead(nghttp2_session*, int32_t, uint8_t* buf, size_t length,
                            uint32_t* data_flags, nghttp2_data_source* source, void*) {
    auto* s = static_cast<Stream*>(source->ptr);
    if (!s->source) {
      size_t n = std::min(length, s->body.size() - s->body_offset);
      std::memcpy(buf, s->body.data() + s->body_offset, n);
      s->body_offset += n;
      if (s->body_offset == s->body.size()) *data_flags |= NGHTTP2_DATA_FLAG_EOF;
      return static_cast<ssize_t>(n);
    }
    size_t copied = 0;
    while (copied < length && !s->queued.empty()) {
      std::string& front = s->queued.front();
      size_t n = std::min(length - copied, front.size() - s->queued_front_offset);
      std::memcpy(buf + copied, front.data() + s->queued_front_offset, n);
      copied += n;
      s->queued_front_offset += n;
      if (s->queued_front_offset == front.size()) {
        s->queued.pop_front();
        s->queued_front_offset = 0;
      }
    }
    s->queued_bytes -= copied;
    if (s->queued.empty() && s->source_done) {
      *data_flags |= NGHTTP2_DATA_FLAG_EOF;
    } else if (copied == 0) {
      s->deferred = true;
      return NGHTTP2_ERR_DEFERRED;
    }
    if (s->queued_bytes < kMaxQueuedBodyBytes && s->pump_wake) s->pump_wake->Notify();
    return static_cast<ssize_t>(copied);
  }
};

Http2Connection::Http2Connection(asio::ip::tcp::socket& socket, const HttpDispatcher& dispatcher,
                                 std::string remote_address, HttpTimeouts timeouts)
    : socket_(socket),
      executor_(socket.get_executor()),
      dispatcher_(dispatcher),
      remote_address_(std::move(remote_address)),
      write_wake_(executor_),
      timeouts_(timeouts),
      idle_timer_(executor_) {}

void Http2Connection::ArmIdleTimer() {
  idle_timer_.expires_after(timeouts_.idle);
  idle_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (ec || self->finished_) return;
    if (self->streams_.empty() && !self->saw_activity_) {
      boost::system::error_code ignored;
      self->socket_.cancel(ignored);  // ends the read loop, then the connection
      return;
    }
    self->saw_activity_ = !self->streams_.empty();
    self->ArmIdleTimer();
  });
}

Http2Connection::~Http2Connection() {
  if (session_ != nullptr) nghttp2_session_del(session_);
}

Http2Connection::Stream* Http2Connection::FindStream(int32_t id) {
  auto it = streams_.find(id);
  return it == streams_.end() ? nullptr : it->second.get();
}

void Http2Connection::Drain() {
  if (session_ == nullptr || finished_) return;
  nghttp2_submit_goaway(session_, NGHTTP2_FLAG_NONE,
                        nghttp2_session_get_last_proc_stream_id(session_), NGHTTP2_NO_ERROR,
                        nullptr, 0);
  write_wake_.Notify();
}

asio::awaitable<void> Http2Connection::Run(std::string initial) {
  nghttp2_session_callbacks* callbacks = nullptr;
  nghttp2_session_callbacks_new(&callbacks);
  nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, &Callbacks::OnBeginHeaders);
  nghttp2_session_callbacks_set_on_header_callback(callbacks, &Callbacks::OnHeader);
  nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, &Callbacks::OnFrameRecv);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, &Callbacks::OnDataChunk);
  nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, &Callbacks::OnStreamClose);
  int rv = nghttp2_session_server_new(&session_, callbacks, this);
  nghttp2_session_callbacks_del(callbacks);
  if (rv != 0) {
    session_ = nullptr;
    MR_LOG_ERROR("cannot create an HTTP/2 session: {}", nghttp2_strerror(rv));
    co_return;
  }
  nghttp2_settings_entry settings[] = {
      {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, kMaxConcurrentStreams},
      {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, kStreamWindowBytes},
  };
  nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, settings, std::size(settings));
  nghttp2_session_set_local_window_size(session_, NGHTTP2_FLAG_NONE, 0, kConnectionWindowBytes);
  if (!Receive(reinterpret_cast<const uint8_t*>(initial.data()), initial.size())) read_done_ = true;

  ArmIdleTimer();
  using namespace asio::experimental::awaitable_operators;
  co_await (ReadLoop() && WriteLoop());
  finished_ = true;
  idle_timer_.cancel();
  for (auto& [id, stream] : streams_) {
    stream->closed = true;
    if (stream->pump_wake) stream->pump_wake->Notify();
  }
  streams_.clear();
}

bool Http2Connection::Receive(const uint8_t* data, size_t size) {
  ssize_t rv = nghttp2_session_mem_recv(session_, data, size);
  if (rv < 0) {
    MR_LOG_DEBUG("HTTP/2 from {}: {}", remote_address_, nghttp2_strerror(static_cast<int>(rv)));
    return false;
  }
  write_wake_.Notify();
  return true;
}

asio::awaitable<void> Http2Connection::ReadLoop() {
  std::vector<uint8_t> buffer(64 << 10);
  while (!read_done_ && !finished_) {
    auto [ec, n] = co_await socket_.async_read_some(asio::buffer(buffer), kTuple);
    if (ec || !Receive(buffer.data(), n)) break;
  }
  read_done_ = true;
  write_wake_.Notify();
}

asio::awaitable<void> Http2Connection::WriteLoop() {
  std::string out;
  for (;;) {
    out.clear();
    bool fatal = false;
    while (out.size() < (256u << 10)) {
      const uint8_t* data = nullptr;
      ssize_t n = nghttp2_session_mem_send(session_, &data);
      if (n < 0) {
        fatal = true;
        break;
      }
      if (n == 0) break;
      out.append(reinterpret_cast<const char*>(data), static_cast<size_t>(n));
    }
    if (!out.empty()) {
      auto [ec, written] = co_await asio::async_write(socket_, asio::buffer(out), kTuple);
      if (ec) break;
      continue;
    }
    if (fatal || read_done_) break;
    if (!nghttp2_session_want_read(session_) && !nghttp2_session_want_write(session_)) break;
    co_await write_wake_.Wait();
  }
  finished_ = true;
  boost::system::error_code ignored;
  socket_.cancel(ignored);  // wakes the read loop
}

void Http2Connection::OnRequestHeaders(Stream& stream) {
  std::string target = std::move(stream.request.target);
  SetRequestTarget(stream.request, std::move(target));
  stream.route = dispatcher_.Match(stream.request);
  stream.max_body_bytes = HttpDispatcher::MaxBufferedBodyBytes(stream.route);
  if (auto length = stream.request.headers.Get("content-length")) {
    uint64_t declared = std::strtoull(std::string(*length).c_str(), nullptr, 10);
    if (declared > stream.max_body_bytes) {
      Reject(stream, 413, "RequestEntityTooLargeException",
             "request body of " + std::to_string(declared) + " bytes exceeds the limit of " +
                 std::to_string(stream.max_body_bytes) + " bytes");
    }
  }
}

void Http2Connection::Reject(Stream& stream, int status, std::string_view code,
                             std::string_view message) {
  stream.dispatched = true;
  stream.request.body.clear();
  auto it = streams_.find(stream.id);
  if (it == streams_.end()) return;
  SubmitResponse(it->second, dispatcher_.Reject(stream.route, status, code, message));
}

void Http2Connection::Dispatch(const std::shared_ptr<Stream>& stream) {
  stream->dispatched = true;
  asio::co_spawn(executor_, HandleStream(shared_from_this(), stream), asio::detached);
}

asio::awaitable<void> Http2Connection::HandleStream(std::shared_ptr<Http2Connection> self,
                                                    std::shared_ptr<Stream> stream) {
  HttpResponse response = co_await self->dispatcher_.Handle(stream->request, stream->route);
  if (stream->closed || self->finished_) co_return;
  self->SubmitResponse(stream, std::move(response));
}

void Http2Connection::SubmitResponse(const std::shared_ptr<Stream>& stream, HttpResponse response) {
  std::vector<std::pair<std::string, std::string>> fields;
  fields.emplace_back(":status", std::to_string(response.status));
  bool no_body = stream->request.method == "HEAD" || BodyForbidden(response.status);
  for (const auto& [name, value] : response.headers.fields()) {
    std::string lower = Lower(name);
    if (lower == "connection" || lower == "transfer-encoding" || lower == "keep-alive" ||
        lower == "upgrade" || lower == "proxy-connection") {
      continue;
    }
    fields.emplace_back(std::move(lower), value);
  }
  if (!response.stream && !no_body && !response.headers.Has("content-length")) {
    fields.emplace_back("content-length", std::to_string(response.body.size()));
  }
  std::vector<nghttp2_nv> nva;
  nva.reserve(fields.size());
  for (const auto& [name, value] : fields) nva.push_back(MakeNv(name, value));

  int rv;
  if (no_body) {
    rv = nghttp2_submit_response(session_, stream->id, nva.data(), nva.size(), nullptr);
  } else {
    if (response.stream) {
      stream->source = std::move(response.stream);
      stream->pump_wake = std::make_unique<AsyncSignal>(executor_);
      asio::co_spawn(executor_, PumpBody(shared_from_this(), stream), asio::detached);
    } else {
      stream->body = std::move(response.body);
    }
    nghttp2_data_provider provider;
    provider.source.ptr = stream.get();
    provider.read_callback = &Callbacks::OnDataRead;
    rv = nghttp2_submit_response(session_, stream->id, nva.data(), nva.size(), &provider);
  }
  if (rv != 0) {
    MR_LOG_WARN("HTTP/2 stream {} from {}: cannot submit response: {}", stream->id, remote_address_,
                nghttp2_strerror(rv));
  }
  write_wake_.Notify();
}

asio::awaitable<void> Http2Connection::PumpBody(std::shared_ptr<Http2Connection> self,
                                                std::shared_ptr<Stream> stream) {
  while (!stream->source_done) {
    while (stream->queued_bytes >= kMaxQueuedBodyBytes && !stream->closed) {
      co_await stream->pump_wake->Wait();
    }
    if (stream->closed) co_return;
    std::optional<std::string> chunk;
    bool failed = false;
    try {
      chunk = co_await stream->source->Next();
    } catch (const std::exception& e) {
      MR_LOG_WARN("response stream to {} failed: {}", self->remote_address_, e.what());
      failed = true;
    }
    if (stream->closed || self->finished_) co_return;
    if (failed) {
      nghttp2_submit_rst_stream(self->session_, NGHTTP2_FLAG_NONE, stream->id,
                                NGHTTP2_INTERNAL_ERROR);
      self->write_wake_.Notify();
      co_return;
    }
    if (!chunk) {
      stream->source_done = true;
    } else if (!chunk->empty()) {
      stream->queued_bytes += chunk->size();
      stream->queued.push_back(std::move(*chunk));
    }
    if (stream->deferred) {
      stream->deferred = false;
      nghttp2_session_resume_data(self->session_, stream->id);
    }
    self->write_wake_.Notify();
  }
}

}  // namespace millrace::net
