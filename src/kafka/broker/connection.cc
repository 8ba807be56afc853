// The per-connection loop of the Kafka port. A reader coroutine decodes frames; a writer
// coroutine sends replies strictly in request order. Produce requests are pipelined: the reader
// places a Produce request's batches in the log and goes on reading while the appends wait for
// their fsync, so a client's in-flight Produce requests share group commits. Any other request
// waits until every earlier one has its reply, then runs alone, as before.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <deque>
#include <memory>
#include <vector>

#include "base/endian.h"
#include "base/logging.h"
#include "kafka/broker/broker.h"
#include "kafka/broker/gather_writer.h"
#include "kafka/protocol/api_versions.h"
#include "kafka/protocol/wire_reader.h"
#include "kafka/protocol/wire_writer.h"

namespace millrace::kafka {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

// Requests read ahead of the oldest unanswered one; Kafka clients keep at most 5 in flight.
constexpr size_t kMaxInFlight = 32;

// A wake-up for one coroutine of a connection. Everything touching it runs on the connection's
// strand, so "check the condition, then Wait()" cannot miss a Notify() that follows a change.
class StrandWaker {
 public:
  explicit StrandWaker(asio::any_io_executor executor) : timer_(std::move(executor)) {}
  asio::awaitable<void> Wait() {
    timer_.expires_at(asio::steady_timer::time_point::max());
    co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  void Notify() { timer_.cancel(); }

 private:
  asio::steady_timer timer_;
};

// The replies of one connection in request order; slots fill in any order. Strand-only.
struct ReplyQueue {
  struct Slot {
    bool ready = false;
    HandlerResult reply = std::optional<std::string>();
    std::optional<GatherFrame> gather;  // set instead of a reply string (Fetch)
    std::string what;                   // "<api> v<version> from client '<id>'", for log lines
  };

  explicit ReplyQueue(asio::any_io_executor executor)
      : writer_wake(executor), reader_wake(std::move(executor)) {}

  std::shared_ptr<Slot> Push(std::string what) {
    auto slot = std::make_shared<Slot>();
    slot->what = std::move(what);
    slots.push_back(slot);
    return slot;
  }
  void Fill(const std::shared_ptr<Slot>& slot, HandlerResult reply) {
    slot->reply = std::move(reply);
    slot->ready = true;
    writer_wake.Notify();
    reader_wake.Notify();
  }
  bool AllReady() const {
    for (const auto& s : slots) {
      if (!s->ready) return false;
    }
    return true;
  }

  std::deque<std::shared_ptr<Slot>> slots;
  StrandWaker writer_wake;  // a slot filled, or the reader finished
  StrandWaker reader_wake;  // a slot filled or written, or the writer stopped
  bool reader_done = false;
  bool writer_done = false;
};

// Writes ready replies in order until the reader is done and nothing is left, or a write fails,
// or a reply is an error (the request was not understood): then closes the socket, which also
// ends the reader's pending read.
asio::awaitable<void> WriteReplies(tcp::socket& socket, std::shared_ptr<ReplyQueue> queue,
                                   std::string peer) {
  for (;;) {
    if (queue->slots.empty() || !queue->slots.front()->ready) {
      if (queue->slots.empty() && queue->reader_done) break;
      co_await queue->writer_wake.Wait();
      continue;
    }
    std::shared_ptr<ReplyQueue::Slot> slot = queue->slots.front();
    if (!slot->reply.ok()) {
      MR_LOG_WARN("kafka: closing connection from {} ({}): {}", peer, slot->what,
                  slot->reply.status().message());
      break;
    }
    boost::system::error_code write_ec;
    if (slot->gather) {
      // The frame's own bytes with the record sets in between: referenced or sent from the
      // segment files, never copied into the frame.
      write_ec = co_await WriteGatherFrame(socket, *slot->gather);
    } else if (slot->reply->has_value()) {
      auto [ec, n] = co_await asio::async_write(socket, asio::buffer(**slot->reply),
                                                asio::as_tuple(asio::use_awaitable));
      write_ec = ec;
    }
    if (write_ec) {
      MR_LOG_DEBUG("kafka: writing to {} failed: {}", peer, write_ec.message());
      break;
    }
    queue->slots.pop_front();
    queue->reader_wake.Notify();
  }
  boost::system::error_code ignored;
  socket.close(ignored);
  queue->writer_done = true;
  queue->reader_wake.Notify();
}

}  // namespace

asio::awaitable<void> Broker::Serve(tcp::socket socket) {
  boost::system::error_code ec;
  auto remote = socket.remote_endpoint(ec);
  const std::string peer = ec ? std::string("unknown")
                              : remote.address().to_string() + ":" + std::to_string(remote.port());
  const asio::any_io_executor executor = co_await asio::this_coro::executor;
  auto queue = std::make_shared<ReplyQueue>(executor);
  auto writer = WriteReplies(socket, queue, peer);
  // Marks the writer finished however it ends, so the reader's final wait cannot hang.
  auto writer_finished = [queue](std::exception_ptr) {
    queue->writer_done = true;
    queue->reader_wake.Notify();
  };
  asio::co_spawn(executor, std::move(writer), std::move(writer_finished));

  std::string frame;
  while (!queue->writer_done) {
    while (queue->slots.size() >= kMaxInFlight && !queue->writer_done) {
      co_await queue->reader_wake.Wait();
    }
    if (queue->writer_done) break;
    uint8_t size_bytes[4];
    auto [read_ec, n] = co_await asio::async_read(socket, asio::buffer(size_bytes),
                                                  asio::as_tuple(asio::use_awaitable));
    if (read_ec) {  // EOF or reset: the client went away (or the writer closed the socket)
      MR_LOG_DEBUG("kafka: connection from {} closed: {}", peer, read_ec.message());
      break;
    }
    const int32_t size = LoadBE<int32_t>(size_bytes);
    if (Status s = CheckRequestFrameSize(size, options_.max_frame_bytes); !s.ok()) {
      MR_LOG_WARN("kafka: closing connection from {}: request frame of {} bytes refused ({})", peer,
                  size, s.message());
      break;
    }
    frame.resize(static_cast<size_t>(size));
    auto [body_ec, m] =
        co_await asio::async_read(socket, asio::buffer(frame), asio::as_tuple(asio::use_awaitable));
    if (body_ec) {
      MR_LOG_DEBUG("kafka: connection from {} closed mid-frame: {}", peer, body_ec.message());
      break;
    }
    WireReader reader(frame);
    Result<RequestHeader> header = DecodeRequestHeader(reader);
    if (!header.ok()) {
      MR_LOG_WARN("kafka: closing connection from {}: bad request header: {}", peer,
                  header.status().message());
      break;
    }
    std::string what = std::string(ApiKeyName(header->key())) + " v" +
                       std::to_string(header->api_version) + " from client '" +
                       header->client_id.value_or("") + "'";
    if (header->key() == ApiKey::kProduce && IsSupported(header->key(), header->api_version)) {
      std::shared_ptr<ReplyQueue::Slot> slot = queue->Push(std::move(what));
      Status started = StartProduce(*header, reader, executor, [queue, slot](HandlerResult reply) {
        queue->Fill(slot, std::move(reply));
      });
      if (!started.ok()) {
        queue->Fill(slot, started);
        break;
      }
    } else {
      // Everything else runs once every earlier request has its reply, so it sees their effects.
      while (!queue->AllReady() && !queue->writer_done) co_await queue->reader_wake.Wait();
      if (queue->writer_done) break;
      if (header->key() == ApiKey::kFetch && IsSupported(header->key(), header->api_version)) {
        Result<GatherFrame> fetched = co_await HandleFetch(*header, reader);
        std::shared_ptr<ReplyQueue::Slot> slot = queue->Push(std::move(what));
        if (!fetched.ok()) {
          queue->Fill(slot, fetched.status());
          break;
        }
        slot->gather.emplace(std::move(*fetched));
        queue->Fill(slot, std::optional<std::string>());
        if (frame.capacity() > (1u << 20)) frame = std::string();
        continue;
      }
      HandlerResult reply = co_await HandleRequest(*header, reader, peer);
      const bool failed = !reply.ok();
      std::shared_ptr<ReplyQueue::Slot> slot = queue->Push(std::move(what));
      queue->Fill(slot, std::move(reply));
      if (failed) break;
    }
    if (frame.capacity() > (1u << 20)) frame = std::string();  // do not pin large buffers
  }
  // Let the writer send what is pending (or notice the failure), then wait for it to finish:
  // it uses the socket, which this frame owns.
  queue->reader_done = true;
  queue->writer_wake.Notify();
  while (!queue->writer_done) co_await queue->reader_wake.Wait();
}

}  // namespace millrace::kafka
