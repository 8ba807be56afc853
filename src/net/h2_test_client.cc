#include "net/h2_test_client.h"

#include <nghttp2/nghttp2.h>
#include <sys/socket.h>

#include <boost/asio/write.hpp>
#include <cstring>

namespace millrace::net {

namespace asio = boost::asio;

struct H2Client::Callbacks {
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
};

H2Client::H2Client(uint16_t port) : socket_(context_) {
  socket_.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  socket_.set_option(asio::ip::tcp::no_delay(true));
  timeval timeout{30, 0};
  setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  nghttp2_session_callbacks* cb;
  nghttp2_session_callbacks_new(&cb);
  nghttp2_session_callbacks_set_send_callback(cb, &Callbacks::OnSend);
  nghttp2_session_callbacks_set_on_header_callback(cb, &Callbacks::OnHeader);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cb, &Callbacks::OnData);
  nghttp2_session_callbacks_set_on_stream_close_callback(cb, &Callbacks::OnClose);
  nghttp2_session_client_new(&session_, cb, this);
  nghttp2_session_callbacks_del(cb);
  nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, nullptr, 0);
}

H2Client::~H2Client() {
  nghttp2_session_del(session_);
}

int32_t H2Client::Submit(const std::string& method, const std::string& path, std::string body,
                         std::vector<std::pair<std::string, std::string>> extra) {
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
  provider.read_callback = &Callbacks::OnUploadRead;
  bool has_body = !upload->data.empty();
  int32_t id = nghttp2_submit_request(session_, nullptr, nva.data(), nva.size(),
                                      has_body ? &provider : nullptr, nullptr);
  uploads_.push_back(std::move(upload));
  answers_[id];
  ++open_;
  return id;
}

void H2Client::Reset(int32_t id) {
  nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, id, NGHTTP2_CANCEL);
}

bool H2Client::Run() {
  return RunUntil([] { return false; });
}

bool H2Client::RunUntil(const std::function<bool()>& done) {
  if (nghttp2_session_send(session_) != 0) return false;
  std::vector<uint8_t> buffer(64 << 10);
  while (open_ > 0 && !done()) {
    boost::system::error_code ec;
    size_t n = socket_.read_some(asio::buffer(buffer), ec);
    if (ec) return false;
    if (nghttp2_session_mem_recv(session_, buffer.data(), n) < 0) return false;
    if (nghttp2_session_send(session_) != 0) return false;
  }
  return true;
}

}  // namespace millrace::net
